// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.config.ChannelsFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile channels files (syntax errors, wrong types, deep nesting, alias bombs, type tags, control characters,
 * bad encodings, path tricks): each must fail the real deploy goal with exactly the expected problems, and nothing
 * may be rendered or published. Each {@code hostile/NAME.yaml} has its expected problems in {@code NAME.expected},
 * one per line.
 */
class HostileInputCorpusTest {

    private static final Path CORPUS = Path.of("src/test/resources/hostile");

    @TempDir
    Path temp;

    static Stream<String> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files
                    .map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml"))
                    .map(name -> name.substring(0, name.length() - ".yaml".length()))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @Test
    void theCorpusHasAtLeastFiftyFiles() throws IOException {
        assertTrue(corpus().count() >= 50);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void failsWithTheExpectedProblemsAndWritesNothing(String name) throws Exception {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.copy(CORPUS.resolve(name + ".yaml"), project.resolve("channels.yaml"));
        List<String> expected = Files.readAllLines(CORPUS.resolve(name + ".expected"), StandardCharsets.UTF_8);

        MojoFailureException failure = assertThrows(MojoFailureException.class, () -> deploy(project));

        List<String> problems = ((ChannelsFileException) failure.getCause().getCause())
                .problems().stream().map(Object::toString).toList();
        assertEquals(expected, problems);
        // Nothing rendered: the only file is the report of the problems, for CI.
        try (Stream<Path> built = Files.list(project.resolve("target"))) {
            assertEquals(
                    List.of(project.resolve("target/release-channels-report.json")),
                    built.toList(),
                    "nothing rendered");
        }
        assertTrue(Files.notExists(temp.resolve("www")), "nothing published");
    }

    @Test
    void aHugeFileIsRefusedBeforeParsing() throws Exception {
        Path project = Files.createDirectories(temp.resolve("project"));
        byte[] huge = new byte[32 * 1024 * 1024];
        Arrays.fill(huge, (byte) '#');
        Files.write(project.resolve("channels.yaml"), huge);
        MojoFailureException failure = assertThrows(MojoFailureException.class, () -> deploy(project));
        assertTrue(
                failure.getMessage()
                        .contains("channels.yaml: the file is larger than the limit of " + "16777216 bytes"),
                failure.getMessage());
        assertTrue(Files.notExists(temp.resolve("www")));
    }

    private void deploy(Path project) throws Exception {
        DeployMojo mojo = new DeployMojo();
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void error(CharSequence content) {
                // The failure carries the message; keep the test output readable.
            }
        });
        mojo.basedir = project.toFile();
        mojo.file = project.resolve("channels.yaml").toFile();
        mojo.buildDirectory = project.resolve("target").toFile();
        mojo.environment = java.util.Map.of(); // not the CI this test runs in
        mojo.outputDirectory = project.resolve("target/release-channels").toFile();
        mojo.workDirectory = project.resolve("target/work").toFile();
        mojo.target = temp.resolve("www").toString();
        mojo.cacheControl = "max-age=60";
        mojo.settings = new Settings();
        mojo.execute();
    }
}
