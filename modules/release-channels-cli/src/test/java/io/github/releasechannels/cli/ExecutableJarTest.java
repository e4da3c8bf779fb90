// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.failure.ExitCode;
import io.github.releasechannels.testing.RealServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar and the launcher as users run them: real processes, their exit codes and output. */
@RealServer
class ExecutableJarTest {

    private static final Path JAR = Path.of(System.getProperty("cli.jar", "target/missing.jar"));
    private static final Path LAUNCHER = Path.of(System.getProperty("cli.launcher", "src/main/sh/release-channels"));

    @TempDir
    Path directory;

    private Sample.Result java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return run(new ProcessBuilder(command));
    }

    private Sample.Result run(ProcessBuilder builder) throws IOException, InterruptedException {
        Path out = Files.createTempFile(directory, "out", ".txt");
        Path err = Files.createTempFile(directory, "err", ".txt");
        builder.directory(directory.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment()
                .keySet()
                .removeIf(name -> name.startsWith("GITHUB_")
                        || name.equals("GITLAB_CI")
                        || name.endsWith("_PROXY")
                        || name.endsWith("_proxy"));
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("still running after 5 minutes: " + builder.command());
        }
        return new Sample.Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theJarFindsEveryTargetThroughServiceLoader() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            String services = new String(
                    jar.getInputStream(jar.getEntry(
                                    "META-INF/services/io.github.releasechannels.publish.PublisherFactory"))
                            .readAllBytes(),
                    StandardCharsets.UTF_8);

            for (String factory : List.of(
                    "file.DirectoryPublisherFactory",
                    "s3.S3PublisherFactory",
                    "git.GitPublisherFactory",
                    "sftp.SftpPublisherFactory")) {
                assertTrue(services.contains("io.github.releasechannels.publish." + factory), services);
            }
            assertEquals(
                    ReleaseChannelsCli.class.getName(),
                    jar.getManifest().getMainAttributes().getValue("Main-Class"));
        }
    }

    @Test
    void checkOfTheSampleSucceeds() throws Exception {
        Sample.copy(directory);

        Sample.Result result = java("check");

        assertEquals(ExitCode.SUCCESS, result.exitCode(), result::toString);
    }

    @Test
    void badInputExitsWithOneAndNamesTheLine() throws Exception {
        Sample.bad(directory);

        Sample.Result result = java("check");

        assertEquals(ExitCode.USER, result.exitCode(), result::toString);
        assertTrue(result.err().contains("channels.yaml:3:"), result::toString);
    }

    @Test
    void anUnreachableTargetExitsWithTwo() throws Exception {
        Sample.copy(directory);
        int port = Sample.freePort();

        Sample.Result result = java(
                "deploy",
                "--target",
                "sftp://deployer@localhost:" + port + "/srv/www",
                "--timeout-seconds=5",
                "--server-id=www",
                "--settings",
                Sample.settings(directory).toString(),
                "--known-hosts",
                Files.createFile(directory.resolve("known_hosts")).toString());

        assertEquals(ExitCode.ENVIRONMENT, result.exitCode(), result::toString);
        assertTrue(result.err().contains("localhost:" + port), result::toString);
    }

    @Test
    void theLauncherWritesAClassDataArchiveOnItsFirstRunAndUsesIt(@TempDir Path bin) throws Exception {
        Sample.copy(directory);
        Path jar = Files.copy(JAR, bin.resolve("release-channels-cli.jar"));
        Path launcher = Files.copy(LAUNCHER, bin.resolve("release-channels"));
        ProcessBuilder builder = new ProcessBuilder("sh", launcher.toString(), "check");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("RELEASE_CHANNELS_JAR");

        Sample.Result first = run(builder);
        Sample.Result second = run(builder);

        assertEquals(ExitCode.SUCCESS, first.exitCode(), first::toString);
        assertTrue(Files.size(bin.resolve("release-channels-cli.jsa")) > 0, "the archive is written");
        assertEquals(ExitCode.SUCCESS, second.exitCode(), second::toString);
        assertEquals(first.err(), second.err(), "the archive changes nothing a run prints");
        try (var files = Files.list(bin)) {
            assertEquals(3, files.count(), "no temporary archive is left");
        }
        assertTrue(Files.isRegularFile(jar));
    }

    @Test
    void theLauncherFindsJavaAndTheJar() throws Exception {
        Sample.copy(directory);
        ProcessBuilder builder =
                new ProcessBuilder("sh", LAUNCHER.toAbsolutePath().toString(), "generate");
        builder.environment().put("RELEASE_CHANNELS_JAR", JAR.toAbsolutePath().toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("RELEASE_CHANNELS_CDS", "off");

        Sample.Result result = run(builder);

        assertEquals(ExitCode.SUCCESS, result.exitCode(), result::toString);
        assertEquals(
                "14.2.1",
                Files.readString(directory.resolve("target/release-channels/current/version"))
                        .trim());
    }
}
