// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.ci;

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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The plugin's own GitHub workflows cannot rot unseen: CI runs exactly {@code .ci/run} (which this project's CI runs
 * on every change) on JDK 17, 21 and 25; every step of the release workflow is a command {@code .ci/run} also runs,
 * the deploy with signing and publishing skipped; every {@code run:} step is valid bash and uses only the tools a
 * Debian container gives it.
 */
@RealServer
class PluginWorkflowsTest {

    private static final Path ROOT = Path.of("../..");
    /** What .ci/run adds to the release workflow's deploy: no signing, upload or install, tests ran, a server entry. */
    private static final String REHEARSAL_FLAGS =
            " -Dgpg.skip -DskipPublishing -DskipTests -Dmaven.install.skip -gs .ci/release-settings.xml";

    @Test
    void ciRunsDotCiRunOnEverySupportedJdkForPullRequestsAndPushes() throws Exception {
        Map<String, Object> workflow = load("ci.yml");
        Map<String, Object> on = map(workflow.containsKey("on") ? workflow.get("on") : workflow.get(true));
        assertTrue(on.containsKey("pull_request") && on.containsKey("push"), on.toString());
        Map<String, Object> build = map(map(workflow.get("jobs")).get("build"));
        Map<String, Object> matrix = map(map(build.get("strategy")).get("matrix"));
        assertEquals(List.of("17", "21", "25"), matrix.get("java"));
        List<Map<String, Object>> steps = steps(build);
        assertEquals(
                "${{ matrix.java }}",
                map(step(steps, "actions/setup-java").get("with")).get("java-version"));
        assertEquals(
                List.of("bash .ci/run"),
                runSteps(steps).stream()
                        .filter(script -> !script.startsWith("apt-get"))
                        .toList());
        assertTrue(Files.isRegularFile(ROOT.resolve(".ci/run")));
        assertBashParses(runSteps(steps));
    }

    @Test
    void theReleaseRunsOnATagAndDotCiRunRehearsesEveryStep() throws Exception {
        Map<String, Object> workflow = load("release.yml");
        Map<String, Object> on = map(workflow.containsKey("on") ? workflow.get("on") : workflow.get(true));
        assertEquals(List.of("v*"), map(on.get("push")).get("tags"));
        Map<String, Object> release = map(map(workflow.get("jobs")).get("release"));
        assertEquals(Boolean.FALSE, map(release.get("concurrency")).get("cancel-in-progress"));
        List<Map<String, Object>> steps = steps(release);
        Map<String, Object> java = map(step(steps, "actions/setup-java").get("with"));
        assertEquals("central", java.get("server-id"));

        List<String> ciRun = Files.readAllLines(ROOT.resolve(".ci/run"));
        Map<String, Object> deploy = steps.stream()
                .filter(s -> String.valueOf(s.get("run")).contains("-Prelease"))
                .findFirst()
                .orElseThrow();
        String command = String.valueOf(deploy.get("run")).trim();
        assertEquals("./mvnw -B -Prelease -pl maven-plugin,modules/release-channels-cli -am deploy", command);
        assertTrue(ciRun.contains(command + REHEARSAL_FLAGS), ".ci/run must run '" + command + REHEARSAL_FLAGS + "'");
        assertTrue(ciRun.contains(".ci/check-central-pom"), ".ci/run must run .ci/check-central-pom");
        assertTrue(runSteps(steps).contains(".ci/check-central-pom"));
        // The secrets reach Maven through env only, never inside a script.
        assertEquals(
                Map.of(
                        "CENTRAL_TOKEN_USERNAME",
                        "${{ secrets.CENTRAL_TOKEN_USERNAME }}",
                        "CENTRAL_TOKEN_PASSWORD",
                        "${{ secrets.CENTRAL_TOKEN_PASSWORD }}",
                        "MAVEN_GPG_KEY",
                        "${{ secrets.MAVEN_GPG_KEY }}",
                        "MAVEN_GPG_PASSPHRASE",
                        "${{ secrets.MAVEN_GPG_PASSPHRASE }}"),
                map(deploy.get("env")));
        runSteps(steps).forEach(script -> assertTrue(!script.contains("${{"), script));
        assertBashParses(runSteps(steps));

        // After the deploy, the command line's assets (built by it, rehearsed by .ci/run) go on the GitHub release.
        Map<String, Object> assets = steps.get(steps.indexOf(deploy) + 1);
        String upload = String.valueOf(assets.get("run"));
        assertTrue(upload.startsWith(".ci/release-assets \"${TAG#v}\"\n"), upload);
        assertTrue(upload.contains("gh release create \"$TAG\""), upload);
        assertTrue(upload.trim().endsWith("target/release-assets/*"), upload);
        assertEquals(
                Map.of("TAG", "${{ github.ref_name }}", "GH_TOKEN", "${{ github.token }}"), map(assets.get("env")));
        assertEquals("write", map(release.get("permissions")).get("contents"));
        assertTrue(
                ciRun.stream().anyMatch(line -> line.startsWith(".ci/release-assets ")),
                ".ci/run must rehearse .ci/release-assets");
    }

    @Test
    void theReleaseAssetsAreTheBuiltJarTheTarGzAndTheLauncherWithTheirSha256(@TempDir Path tree) throws Exception {
        Path script = Files.createDirectories(tree.resolve(".ci")).resolve("release-assets");
        Files.copy(ROOT.resolve(".ci/release-assets"), script);
        Path built = Files.createDirectories(tree.resolve("modules/release-channels-cli/target"));
        Files.writeString(built.resolve("release-channels-cli-1.2.3-all.jar"), "the jar");
        Path launcher = Files.createDirectories(tree.resolve("modules/release-channels-cli/src/main/sh"))
                .resolve("release-channels");
        Files.writeString(launcher, "#!/bin/sh\n");

        Run missing = bash("bash " + script + " 1.2.3", Map.of());
        assertEquals(1, missing.exit(), missing.output());
        assertTrue(missing.output().contains("release-channels-cli-1.2.3-bin.tar.gz is missing"), missing.output());

        Files.writeString(built.resolve("release-channels-cli-1.2.3-bin.tar.gz"), "the tar.gz");
        Run made = bash("bash " + script + " 1.2.3", Map.of());
        assertEquals(0, made.exit(), made.output());
        Path assets = tree.resolve("target/release-assets");
        assertEquals(
                List.of(
                        sha256("the jar") + "  release-channels-cli-1.2.3-all.jar",
                        sha256("the tar.gz") + "  release-channels-cli-1.2.3-bin.tar.gz",
                        sha256("#!/bin/sh\n") + "  release-channels"),
                Files.readAllLines(assets.resolve("SHA256SUMS")));
        assertEquals("the jar", Files.readString(assets.resolve("release-channels-cli-1.2.3-all.jar")));
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theTagCheckRefusesATagThatIsNotThePomVersion() throws Exception {
        String script = runSteps(steps(map(map(load("release.yml").get("jobs")).get("release")))).stream()
                .filter(s -> s.contains("help:evaluate"))
                .findFirst()
                .orElseThrow()
                // The pom's version as Maven would print it; the rest of the script runs as written.
                .replace("$(./mvnw -B -q help:evaluate -Dexpression=project.version -DforceStdout)", "0.1.0");
        assertEquals(0, bash(script, Map.of("TAG", "v0.1.0")).exit());
        Run wrong = bash(script, Map.of("TAG", "v0.2.0"));
        assertEquals(1, wrong.exit());
        assertTrue(wrong.output().contains("::error::tag v0.2.0 does not match the pom version 0.1.0"), wrong.output());
    }

    private record Run(int exit, String output) {}

    private static Run bash(String script, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new Run(process.exitValue(), output);
    }

    private static void assertBashParses(List<String> scripts) throws Exception {
        for (String script : scripts) {
            Run run = bash("bash -n <<'SCRIPT'\n" + script + "\nSCRIPT\n", Map.of());
            assertEquals(0, run.exit(), script + "\n" + run.output());
        }
    }

    private static Map<String, Object> load(String name) throws IOException {
        return map(new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(ROOT.resolve(".github/workflows").resolve(name))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertTrue(value instanceof Map<?, ?>, String.valueOf(value));
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Map<String, Object> job) {
        return (List<Map<String, Object>>) job.get("steps");
    }

    private static Map<String, Object> step(List<Map<String, Object>> steps, String action) {
        return steps.stream()
                .filter(s -> String.valueOf(s.get("uses")).startsWith(action + "@"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step uses " + action));
    }

    private static List<String> runSteps(List<Map<String, Object>> steps) {
        List<String> scripts = new ArrayList<>();
        for (Map<String, Object> step : steps) {
            if (step.containsKey("run")) {
                scripts.add(String.valueOf(step.get("run")).trim());
            } else {
                String action = String.valueOf(step.get("uses"));
                assertTrue(CiTemplates.PLUMBING_ACTIONS.contains(action.split("@", 2)[0]), action);
            }
        }
        return scripts;
    }
}
