// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.commons.io.file.PathUtils;

/**
 * Runs every benchmark and writes the Markdown report. Usage:
 * {@code Benchmarks [--smoke | --s3-moto | --s3-quick] --root <repository root> --out <report.md>};
 * {@code benchmarks/run.sh} calls it. {@code --s3-moto} re-measures the classes per goal and the moto S3 setups and
 * puts them in place of the same parts of the report already at {@code --out}, which the rest of it keeps.
 * {@code --s3-quick} measures only 1,000 channels on moto ({@value #ROUNDS_VARIABLE} rounds, default 3) and writes a
 * report of its own; with {@value #BEFORE_VARIABLE} set to a local Maven repository holding another build of the
 * plugin, that build's {@code mvn deploy} is one more side, interleaved with this one's.
 */
public final class Benchmarks {

    static final String ROUNDS_VARIABLE = "BENCH_S3_ROUNDS";
    static final String BEFORE_VARIABLE = "BENCH_BEFORE_REPO";
    private static final String USAGE =
            "usage: Benchmarks [--smoke | --s3-moto | --s3-quick] --root <repository root> --out <report.md>";

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        boolean smoke = false;
        boolean s3Moto = false;
        boolean s3Quick = false;
        Path root = null;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--s3-moto" -> s3Moto = true;
                case "--s3-quick" -> s3Quick = true;
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--out" -> out = Path.of(args[++i]).toAbsolutePath().normalize();
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; " + USAGE);
            }
        }
        if (root == null || out == null || (smoke ? 1 : 0) + (s3Moto ? 1 : 0) + (s3Quick ? 1 : 0) > 1) {
            throw new IllegalArgumentException(USAGE);
        }
        Properties properties = new Properties();
        try (InputStream in = Benchmarks.class.getResourceAsStream("/benchmarks.properties")) {
            properties.load(in);
        }
        // Outside the repository, so the channels files are not read as part of its git working tree.
        Path work = Files.createTempDirectory("release-channels-bench-");
        Path log = Files.createDirectories(root.resolve("benchmarks/target")).resolve("benchmarks.log");
        Files.deleteIfExists(log);
        if (s3Moto && !Files.isRegularFile(out)) {
            throw new IllegalArgumentException("--s3-moto updates the report of a full run: " + out + " must exist");
        }
        Config config;
        if (smoke) {
            config = Config.smoke(root, work);
        } else if (s3Moto) {
            config = Config.s3Moto(root, work);
        } else if (s3Quick) {
            config = Config.s3Quick(
                    root,
                    work,
                    Integer.parseInt(System.getenv().getOrDefault(ROUNDS_VARIABLE, "3")),
                    Optional.ofNullable(System.getenv(BEFORE_VARIABLE))
                            .filter(value -> !value.isBlank())
                            .map(Path::of));
        } else {
            config = Config.full(root, work);
        }
        boolean s3Only = s3Moto || s3Quick;
        long started = System.nanoTime();
        String loadBefore = Machine.load();
        try {
            Maven maven = new Maven(root, log);
            String pluginVersion = properties.getProperty("pluginVersion");

            GenerateBenchmark generate = new GenerateBenchmark(config, maven, log, pluginVersion);
            var generateRows = s3Only ? List.<GenerateBenchmark.Row>of() : generate.run();
            var planningRows = s3Only
                    ? List.<PlanningBenchmark.Row>of()
                    : new PlanningBenchmark(config.planningSizes(), config.planningRuns(), work).run();
            var promoteRows = s3Only
                    ? List.<PromoteBenchmark.Row>of()
                    : new PromoteBenchmark(
                                    config.promoteChannels(),
                                    config.promoteCommits(),
                                    config.promoteRuns(),
                                    config.warmUp(),
                                    work)
                            .run();
            GoalsBenchmark goals = new GoalsBenchmark(config, maven, pluginVersion, log);
            if (!s3Quick) {
                goals.run();
            }
            S3Benchmark s3 = new S3Benchmark(
                    config,
                    maven,
                    Path.of(properties.getProperty("s3mockJar")),
                    properties.getProperty("s3mockVersion"),
                    Path.of(properties.getProperty("cliDistribution")),
                    pluginVersion,
                    log);
            s3.run();
            GitBenchmark git =
                    new GitBenchmark(config, maven, pluginVersion, properties.getProperty("scmPublishPluginVersion"));
            if (!s3Only) {
                git.run();
            }

            Report.Environment environment = new Report.Environment(
                    Machine.describe(),
                    maven.version(),
                    maven.mavenOpts(),
                    s3.rcloneVersion(),
                    s3.awsVersion(),
                    firstLine(List.of("git", "--version"), root, log),
                    properties.getProperty("s3mockVersion"),
                    s3.motoVersion(),
                    properties.getProperty("scmPublishPluginVersion"),
                    sourceRevision(root, log),
                    Duration.ofNanos(System.nanoTime() - started),
                    loadBefore,
                    Machine.load());
            Report renderer =
                    new Report(config, environment, generate, generateRows, planningRows, promoteRows, goals, s3, git);
            String report = s3Moto
                    ? renderer.renderS3Update(Files.readString(out, StandardCharsets.UTF_8))
                    : s3Quick ? renderer.renderS3Quick() : renderer.render();
            Files.createDirectories(out.getParent());
            Files.writeString(out, report, StandardCharsets.UTF_8);
            System.out.println("Wrote " + out);
        } finally {
            PathUtils.deleteDirectory(work);
        }
    }

    private static String sourceRevision(Path root, Path log) throws InterruptedException {
        String commit = firstLine(List.of("git", "rev-parse", "--short=12", "HEAD"), root, log);
        try {
            boolean dirty = !Processes.run(
                            List.of("git", "status", "--porcelain", "--", ".", ":(exclude)docs/benchmarks.md"),
                            root,
                            Map.of(),
                            log,
                            Duration.ofMinutes(1))
                    .output()
                    .isEmpty();
            return commit + (dirty ? " with uncommitted changes" : "");
        } catch (IOException e) {
            return commit;
        }
    }

    private static String firstLine(List<String> command, Path root, Path log) throws InterruptedException {
        try {
            List<String> output = Processes.run(command, root, Map.of(), log, Duration.ofMinutes(1))
                    .output();
            return output.isEmpty() ? "unknown" : output.get(0).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
