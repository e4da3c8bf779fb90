// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Sizes and repetition counts of one run.
 *
 * @param smoke           tiny sizes, one repetition: proves the benchmarks still run, measures nothing
 * @param warmUp          run each comparison once, unrecorded, before measuring
 * @param root            the repository root (its {@code mvnw} runs the Maven sides)
 * @param work            a scratch directory outside any git repository
 * @param generateSizes   channel counts of the generate benchmark
 * @param warmRuns        in-process generate runs measured after warming up
 * @param coldRuns        fresh-JVM generate runs per size
 * @param mavenRuns       whole {@code mvn} generate runs per size
 * @param planningSizes   channel counts of the planning benchmark
 * @param planningRuns    planning runs measured per size after warming up
 * @param promoteChannels channels of the promote benchmark's file
 * @param promoteCommits  commits of its history
 * @param promoteRuns     promote plans measured per scenario after warming up
 * @param s3Setups        the S3 comparisons: which server, how many channels, whether aws takes part, how many
 *                        rounds (each side once per round)
 * @param goalChannels    site size of the classes-per-goal count and the start-up flags comparison
 * @param startupSizes    site sizes of the start-up flags comparison
 * @param startupRounds   rounds of the start-up flags comparison, each variant once per round
 * @param gitChannels     site size of the git benchmark
 * @param gitHistories    commits on the pages branch before publishing
 * @param gitRepetitions  publishes per side and history length
 * @param s3InProcess    whether the S3 comparisons also publish in-process (the cost of the work itself in a warm JVM)
 * @param beforeRepository a local Maven repository holding another build of the plugin (e.g. main's) whose
 *                        {@code mvn deploy} runs as one more S3 side, interleaved with this build's; empty: none
 */
record Config(
        boolean smoke,
        boolean warmUp,
        Path root,
        Path work,
        List<Integer> generateSizes,
        int warmRuns,
        int coldRuns,
        int mavenRuns,
        List<Integer> planningSizes,
        int planningRuns,
        int promoteChannels,
        int promoteCommits,
        int promoteRuns,
        List<S3Benchmark.Setup> s3Setups,
        int goalChannels,
        List<Integer> startupSizes,
        int startupRounds,
        int gitChannels,
        List<Integer> gitHistories,
        int gitRepetitions,
        boolean s3InProcess,
        Optional<Path> beforeRepository) {

    static Config full(Path root, Path work) {
        return new Config(
                false,
                true,
                root,
                work,
                List.of(1, 100, 1_000, 10_000),
                7,
                3,
                3,
                List.of(1_000, 10_000, 100_000),
                7,
                1_000,
                10_000,
                7,
                // At 10,000 channels a round publishes 20,003 files three times over: 3 rounds keep the run near an
                // hour on two cores.
                List.of(
                        new S3Benchmark.Setup(S3Benchmark.ServerKind.S3MOCK, 1_000, true, 5),
                        new S3Benchmark.Setup(S3Benchmark.ServerKind.MOTO, 1_000, false, 5),
                        new S3Benchmark.Setup(S3Benchmark.ServerKind.MOTO, 10_000, false, 3)),
                1_000,
                List.of(1_000, 10_000),
                5,
                1_000,
                List.of(10, 5_000),
                5,
                true,
                Optional.empty());
    }

    /**
     * The classes per goal and the S3 comparisons on moto only, at the full run's sizes and rounds: what an S3 change
     * needs re-measured, in well under the full run's time (the 10,000-channel setup takes most of it).
     */
    static Config s3Moto(Path root, Path work) {
        Config full = full(root, work);
        return new Config(
                false,
                true,
                root,
                work,
                List.of(),
                0,
                0,
                0,
                List.of(),
                0,
                0,
                0,
                0,
                full.s3Setups().stream()
                        .filter(setup -> setup.server() == S3Benchmark.ServerKind.MOTO)
                        .toList(),
                full.goalChannels(),
                List.of(),
                0,
                0,
                List.of(),
                0,
                true,
                Optional.empty());
    }

    /**
     * The S3 comparison on moto at 1,000 channels only, in {@code rounds} rounds, without the classes per goal: a
     * check of an S3 change in minutes rather than the hour {@link #s3Moto} takes. With {@code beforeRepository},
     * the build of the plugin installed there runs as one more side, so a change is measured before and after under
     * the same load.
     */
    static Config s3Quick(Path root, Path work, int rounds, Optional<Path> beforeRepository) {
        return new Config(
                false,
                true,
                root,
                work,
                List.of(),
                0,
                0,
                0,
                List.of(),
                0,
                0,
                0,
                0,
                List.of(new S3Benchmark.Setup(S3Benchmark.ServerKind.MOTO, 1_000, false, rounds)),
                0,
                List.of(),
                0,
                0,
                List.of(),
                0,
                // What a quick check compares is what users run: mvn deploy against rclone.
                false,
                beforeRepository);
    }

    static Config smoke(Path root, Path work) {
        return new Config(
                true,
                false,
                root,
                work,
                List.of(1, 100),
                1,
                1,
                1,
                List.of(20, 100),
                1,
                40,
                100,
                1,
                List.of(
                        new S3Benchmark.Setup(S3Benchmark.ServerKind.S3MOCK, 20, true, 1),
                        new S3Benchmark.Setup(S3Benchmark.ServerKind.MOTO, 20, false, 1)),
                20,
                List.of(20),
                1,
                20,
                List.of(10, 200),
                1,
                true,
                Optional.empty());
    }
}
