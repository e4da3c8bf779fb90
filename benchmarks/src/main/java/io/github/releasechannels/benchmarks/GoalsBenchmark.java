// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two things that decide a short build's start-up, on a site of {@link Config#goalChannels} channels in a packed git
 * repository, as a CI clone is:
 * <ul>
 *   <li>the classes each goal's JVM loads, all of them and those of the AWS SDK, JGit and MINA SSHD;</li>
 *   <li>what JVM options do to {@code mvn deploy} to a directory (an unchanged publish) and to {@code mvn validate}:
 *       each variant once per round, the order rotating, wall and CPU time.</li>
 * </ul>
 */
final class GoalsBenchmark {

    /** The heavy libraries a goal should load only when it uses them. */
    static final List<String> HEAVY = List.of("software.amazon.awssdk.", "org.eclipse.jgit.", "org.apache.sshd.");

    /** A goal as the user runs it. */
    record Goal(String label, List<String> args) {}

    /** Loaded classes of one goal: all, and per {@link #HEAVY} prefix. */
    record Classes(Goal goal, int total, Map<String, Integer> heavy) {}

    /** A set of JVM options compared in the start-up runs. */
    record Variant(String label, String options) {}

    /** One variant's runs at one size: {@code mvn deploy} (unchanged) and {@code mvn validate}. */
    record StartupRow(
            int channels,
            Variant variant,
            Samples deployWall,
            Samples deployCpu,
            Samples validateWall,
            Samples validateCpu) {}

    private final Config config;
    private final Maven maven;
    private final String pluginVersion;
    private final Path log;
    private final List<Classes> classes = new ArrayList<>();
    private final List<StartupRow> startup = new ArrayList<>();
    private final List<Variant> variants;

    GoalsBenchmark(Config config, Maven maven, String pluginVersion, Path log) {
        this.config = config;
        this.maven = maven;
        this.pluginVersion = pluginVersion;
        this.log = log;
        String shipped = maven.shippedOptions();
        this.variants = List.of(
                new Variant("`" + Maven.HEAP + "` alone (the JVM's defaults)", Maven.HEAP),
                new Variant("`-XX:TieredStopAtLevel=1`", Maven.HEAP + " -XX:TieredStopAtLevel=1"),
                new Variant("`-XX:+UseSerialGC`", Maven.HEAP + " -XX:+UseSerialGC"),
                new Variant(
                        "`" + shipped + "` (what sample-repo/.mvn/jvm.config ships)",
                        (Maven.HEAP + " " + shipped).trim()));
    }

    void run() throws IOException, InterruptedException {
        Path project = gitProject(config.work().resolve("goals"), config.goalChannels());
        String plugin = "io.github.releasechannels:release-channels-maven-plugin:" + pluginVersion + ":";
        Path www = project.resolveSibling("www");
        List<Goal> goals = List.of(
                new Goal("validate (Maven alone)", List.of("validate")),
                new Goal("check", List.of(plugin + "check")),
                new Goal("generate", List.of(plugin + "generate")),
                new Goal(
                        "deploy to a directory",
                        List.of(plugin + "deploy", "-DreleaseChannels.target=" + www.toUri())));
        for (Goal goal : goals) {
            System.out.println("goals: classes of " + goal.label());
            Path classLog = project.resolveSibling("classes.log");
            Files.deleteIfExists(classLog);
            maven.run(
                    project,
                    goal.args(),
                    Map.of("MAVEN_OPTS", maven.mavenOpts() + " " + ClassLoadLog.option(classLog)));
            ClassLoadLog loaded = ClassLoadLog.read(classLog);
            Map<String, Integer> heavy = new LinkedHashMap<>();
            HEAVY.forEach(prefix -> heavy.put(prefix, loaded.count(prefix)));
            classes.add(new Classes(goal, loaded.total(), heavy));
        }
        for (int channels : config.startupSizes()) {
            Path sized = channels == config.goalChannels()
                    ? project
                    : gitProject(config.work().resolve("goals-" + channels), channels);
            Path target = sized.resolveSibling("www-startup");
            List<String> deploy = List.of(plugin + "deploy", "-DreleaseChannels.target=" + target.toUri());
            maven.run(sized, deploy, Map.of()); // the first publish: the measured ones change nothing
            Map<Variant, Samples[]> samples = new LinkedHashMap<>();
            variants.forEach(variant ->
                    samples.put(variant, new Samples[] {new Samples(), new Samples(), new Samples(), new Samples()}));
            for (int round = config.warmUp() ? 0 : 1; round <= config.startupRounds(); round++) {
                System.out.println(
                        "goals: start-up, " + channels + " channels, round " + round + " of " + config.startupRounds());
                for (Variant variant : S3Benchmark.rotate(variants, round)) {
                    Map<String, String> env = Map.of("MAVEN_OPTS", variant.options());
                    Processes.Result deployed = maven.run(sized, deploy, env);
                    Processes.Result validated = maven.run(sized, List.of("validate"), env);
                    if (round > 0) {
                        Samples[] s = samples.get(variant);
                        s[0].addNanos(deployed.nanos());
                        s[1].addNanos(deployed.cpuNanos());
                        s[2].addNanos(validated.nanos());
                        s[3].addNanos(validated.cpuNanos());
                    }
                }
            }
            samples.forEach((variant, s) -> startup.add(new StartupRow(channels, variant, s[0], s[1], s[2], s[3])));
        }
    }

    /** A Maven project whose channels.yaml is committed in a packed git repository. */
    private Path gitProject(Path directory, int channels) throws IOException, InterruptedException {
        Path project = Maven.project(directory.resolve("project"), "goals");
        Files.copy(
                ChannelsFiles.write(directory.resolve("channels"), channels, false), project.resolve("channels.yaml"));
        for (List<String> git : List.of(
                List.of("init", "--quiet"),
                List.of("add", "channels.yaml", "pom.xml"),
                List.of(
                        "-c",
                        "user.name=Bench",
                        "-c",
                        "user.email=bench@example.com",
                        "commit",
                        "--quiet",
                        "-m",
                        "channels"),
                List.of("gc", "--quiet"))) {
            List<String> command = new ArrayList<>(List.of("git"));
            command.addAll(git);
            Processes.run(command, project, Map.of(), log, Duration.ofMinutes(2));
        }
        return project;
    }

    List<Classes> classes() {
        return classes;
    }

    List<StartupRow> startup() {
        return startup;
    }

    List<Variant> variants() {
        return variants;
    }
}
