// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.testing.RealServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each goal loads only what it uses: check, generate and a directory deploy load no class of the AWS SDK, JGit or
 * MINA SSHD. Each goal runs in a JVM of its own ({@link GoalRunner}) that logs every class it loads, on a project
 * that is a packed git repository, as a CI clone is.
 */
@RealServer
class GoalClassLoadingTest {

    private static final List<String> HEAVY =
            List.of("software.amazon.awssdk.", "org.eclipse.jgit.", "org.apache.sshd.", "net.i2p.crypto.");

    @TempDir
    Path temp;

    @Test
    void checkGenerateAndADirectoryDeployLoadNoSdkJGitOrSshClass() throws Exception {
        Path project = project();
        for (List<String> goal : List.of(
                List.of("check"),
                List.of("generate"),
                List.of("deploy", project.resolve("www").toUri().toString()))) {
            Map<String, Integer> heavy = heavyClassesLoaded(project, goal);
            assertEquals(Map.of(), heavy, goal + " loads only what it uses");
        }
        assertEquals("14.2.1", Files.readString(project.resolve("www/current/version")));
    }

    @Test
    void theProbeSeesJGitWhereAGoalUsesIt() throws Exception {
        // Reading channels.yaml at a git ref is JGit's work: the probe must see it, or it proves nothing above.
        Path project = project();
        Map<String, Integer> heavy = heavyClassesLoaded(project, List.of("check", "-", "HEAD"));
        assertTrue(heavy.getOrDefault("org.eclipse.jgit.", 0) > 0, heavy::toString);
    }

    /** Loaded classes of each heavy library, by package prefix; absent when none. */
    private Map<String, Integer> heavyClassesLoaded(Path project, List<String> goal) throws Exception {
        Path log = temp.resolve("classes-" + String.join("-", goal).hashCode() + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off",
                "-Xlog:class+load=info:file=" + log,
                "-cp",
                System.getProperty("java.class.path"),
                GoalRunner.class.getName()));
        command.add(goal.get(0));
        command.add(project.toString());
        command.addAll(goal.subList(1, goal.size()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("GIT_") || name.startsWith("AWS_"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("goal " + goal.get(0) + " done"), output);
        Map<String, Integer> heavy = new TreeMap<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            int start = line.indexOf("] ") + 2;
            int end = line.indexOf(' ', start);
            if (start < 2 || end < 0) {
                continue;
            }
            String name = line.substring(start, end);
            HEAVY.stream().filter(name::startsWith).forEach(prefix -> heavy.merge(prefix, 1, Integer::sum));
        }
        return heavy;
    }

    private Path project() throws IOException, InterruptedException {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.copy(Path.of("src/test/resources/unit/project/channels.yaml"), project.resolve("channels.yaml"));
        Files.writeString(project.resolve("pom.xml"), "<project/>\n");
        git(project, "init", "--quiet", "--initial-branch=main");
        git(project, "add", "-A");
        git(project, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "c");
        git(project, "gc", "--quiet");
        return project;
    }

    private static void git(Path directory, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("GIT_"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
    }
}
