// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.file.PathUtils;

/** Generating sites of growing size: inside the plugin (warm and in a fresh JVM), and as a whole mvn run. */
final class GenerateBenchmark {

    /** One size's measurements. */
    record Row(
            int channels,
            int files,
            long bytes,
            Samples warm,
            Samples render,
            Samples plainWrite,
            Samples cold,
            long peakHeapBytes,
            Samples maven) {}

    private final Config config;
    private final Maven maven;
    private final Path log;
    private final String pluginVersion;
    private String mavenCommand = "";
    private String coldCommand = "";

    GenerateBenchmark(Config config, Maven maven, Path log, String pluginVersion) {
        this.config = config;
        this.maven = maven;
        this.log = log;
        this.pluginVersion = pluginVersion;
    }

    List<Row> run() throws IOException, InterruptedException {
        List<Row> rows = new ArrayList<>();
        for (int size : config.generateSizes()) {
            System.out.println("generate: " + size + " channels");
            rows.add(measure(size));
        }
        return rows;
    }

    private Row measure(int size) throws IOException, InterruptedException {
        Path directory = config.work().resolve("generate-" + size);
        Path channelsFile = ChannelsFiles.write(directory, size, false);

        // In this JVM, after warming up: the steady cost of the code itself.
        Path output = directory.resolve("in-process");
        var site = ChannelsFiles.generate(channelsFile, output);
        for (int i = 0; i < 2; i++) {
            ChannelsFiles.generate(channelsFile, output);
        }
        Samples warm = new Samples();
        for (int i = 0; i < config.warmRuns(); i++) {
            long started = System.nanoTime();
            ChannelsFiles.generate(channelsFile, output);
            warm.addNanos(System.nanoTime() - started);
        }

        // Where the warm time goes: validating and rendering in memory, against writing the same tree of files
        // with plain Files.write and removing the previous one (the filesystem's floor, no plugin code at all).
        Samples render = new Samples();
        for (int i = 0; i < config.warmRuns(); i++) {
            long started = System.nanoTime();
            ChannelsFiles.render(channelsFile);
            render.addNanos(System.nanoTime() - started);
        }
        Samples plainWrite = new Samples();
        Path previous = directory.resolve("plain-previous");
        writePlainly(site, previous);
        for (int i = 0; i < config.warmRuns(); i++) {
            Path next = directory.resolve("plain-next");
            long started = System.nanoTime();
            writePlainly(site, next);
            PathUtils.deleteDirectory(previous);
            plainWrite.addNanos(System.nanoTime() - started);
            Files.move(next, previous);
        }

        // A fresh JVM limited to 256 MiB: what the first (and in CI only) run costs, and the heap it needs.
        Samples cold = new Samples();
        long peak = 0;
        for (int i = 0; i < config.coldRuns(); i++) {
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    GenerateOnce.class.getName(),
                    channelsFile.toString(),
                    directory.resolve("fresh-jvm").toString());
            coldCommand = "java -Xmx256m -cp <benchmark class path> " + GenerateOnce.class.getName()
                    + " channels.yaml <output directory>";
            List<String> lines = Processes.run(command, directory, Map.of(), log, Duration.ofMinutes(2))
                    .output();
            String[] result = lines.get(lines.size() - 1).trim().split(" ", -1);
            cold.addNanos(Long.parseLong(result[0]));
            peak = Math.max(peak, Long.parseLong(result[1]));
        }

        // The whole mvn run a user waits for: JVM, Maven, the plugin and its logging.
        Path project = Maven.project(directory.resolve("project"), "generate-" + size);
        Files.copy(channelsFile, project.resolve("channels.yaml"), StandardCopyOption.REPLACE_EXISTING);
        List<String> goal = List.of(goal());
        mavenCommand = "MAVEN_OPTS=" + maven.mavenOpts() + " "
                + String.join(" ", maven.command(Path.of("<project>"), goal, true))
                        .replace(config.root().toString(), ".");
        if (config.warmUp()) {
            maven.run(project, goal, Map.of());
        }
        Samples wall = new Samples();
        for (int i = 0; i < config.mavenRuns(); i++) {
            wall.addNanos(maven.run(project, goal, Map.of()).nanos());
        }
        return new Row(size, site.files().size(), site.totalBytes(), warm, render, plainWrite, cold, peak, wall);
    }

    private static void writePlainly(Site site, Path root) throws IOException {
        for (SiteFile file : site.files()) {
            Path path = root.resolve(file.path());
            Files.createDirectories(path.getParent());
            Files.write(path, file.content());
        }
    }

    String goal() {
        return "io.github.releasechannels:release-channels-maven-plugin:" + pluginVersion + ":generate";
    }

    String mavenCommand() {
        return mavenCommand;
    }

    String coldCommand() {
        return coldCommand;
    }
}
