// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the project's Maven wrapper on throwaway projects, as a user's CI would run a goal: with the JVM options the
 * sample repository ships in {@code .mvn/jvm.config} (what a team copying it gets) and the heap the generate goal
 * must fit in.
 */
final class Maven {

    /** The heap every Maven run of the benchmarks gets. */
    static final String HEAP = "-Xmx256m";
    /** Where the JVM options users get come from. */
    static final String SHIPPED_JVM_CONFIG = "sample-repo/.mvn/jvm.config";

    private final Path root;
    private final Path log;
    private final String shippedOptions;
    /** {@code -Dmaven.repo.local...} from the caller's MAVEN_ARGS: the repository run.sh installed the plugin in. */
    private final List<String> repositoryArgs;

    Maven(Path root, Path log) throws IOException {
        this.root = root;
        this.log = log;
        Path jvmConfig = root.resolve(SHIPPED_JVM_CONFIG);
        this.shippedOptions = Files.isRegularFile(jvmConfig)
                ? String.join(
                        " ",
                        Files.readString(jvmConfig, StandardCharsets.UTF_8)
                                .trim()
                                .split("\\s+"))
                : "";
        String callerArgs = System.getenv().getOrDefault("MAVEN_ARGS", "");
        this.repositoryArgs = java.util.Arrays.stream(callerArgs.trim().split("\\s+"))
                .filter(arg -> arg.startsWith("-Dmaven.repo.local"))
                .toList();
    }

    /** The MAVEN_OPTS of every run unless one sets its own: the heap and the sample's JVM options. */
    String mavenOpts() {
        return (HEAP + " " + shippedOptions).trim();
    }

    /** The sample's {@code .mvn/jvm.config}, on one line; empty when it has none. */
    String shippedOptions() {
        return shippedOptions;
    }

    /** {@code ./mvnw -B -o -f <project>/pom.xml <args>} from the repository root; returns the wall time. */
    Processes.Result run(Path project, List<String> args, Map<String, String> environment)
            throws IOException, InterruptedException {
        return run(project, args, environment, true);
    }

    Processes.Result run(Path project, List<String> args, Map<String, String> environment, boolean offline)
            throws IOException, InterruptedException {
        return run(project, args, environment, offline, Optional.empty());
    }

    /**
     * As {@link #run(Path, List, Map, boolean)}, with the plugin taken from {@code repository} when one is given
     * (another build of it, e.g. main's).
     */
    Processes.Result run(
            Path project,
            List<String> args,
            Map<String, String> environment,
            boolean offline,
            Optional<Path> repository)
            throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("MAVEN_OPTS", mavenOpts());
        env.put("MAVEN_ARGS", null);
        List<String> command = new ArrayList<>(command(project, args, offline));
        if (repository.isPresent()) {
            // Maven's own plugins from the user's repository; the plugin under test only from the given one.
            command.addAll(
                    2,
                    List.of(
                            "-Dmaven.repo.local=" + repository.get(),
                            "-Dmaven.repo.local.tail="
                                    + Path.of(System.getProperty("user.home"), ".m2", "repository")));
        } else {
            command.addAll(2, repositoryArgs);
        }
        return Processes.run(command, root, env, log, Duration.ofMinutes(10));
    }

    List<String> command(Path project, List<String> args, boolean offline) {
        List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B"));
        // Online runs ask for no snapshot updates: the plugin under test is the one installed locally.
        command.add(offline ? "-o" : "-nsu");
        command.addAll(List.of("-f", project.resolve("pom.xml").toString()));
        command.addAll(args);
        return command;
    }

    /** A minimal project that only hosts goals given on the command line. */
    static Path project(Path directory, String artifactId) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("pom.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>bench</groupId>
                  <artifactId>%s</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <properties>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                </project>
                """.formatted(artifactId), StandardCharsets.UTF_8);
        return directory;
    }

    /** {@code ./mvnw --version}'s first line. */
    String version() throws IOException, InterruptedException {
        List<String> output = Processes.run(
                        List.of(root.resolve("mvnw").toString(), "--version"),
                        root,
                        Map.of(),
                        log,
                        Duration.ofMinutes(2))
                .output();
        return output.stream()
                .filter(line -> line.startsWith("Apache Maven"))
                .findFirst()
                .orElse("unknown");
    }
}
