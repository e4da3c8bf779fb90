// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.ci;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The sample repository's CI templates as the tests read them, with the values the repository and runner give. */
final class SampleTemplates {

    static final Path SAMPLE = Path.of("../../sample-repo");

    /** The value of each {@code ${{ ... }}} the GitHub workflows use: the repository's variables and secrets. */
    static final Map<String, String> GITHUB_EXPRESSIONS = Map.ofEntries(
            Map.entry("vars.VERSION_SERVER_URL", "https://updates.example.com"),
            Map.entry("vars.RELEASE_CHANNELS_TARGET", "s3://b/p"),
            Map.entry("github.repository", "acme/updates"),
            Map.entry("secrets.GITHUB_TOKEN", "token"),
            Map.entry("inputs.ref", "v14.2.1"),
            Map.entry("secrets.RELEASE_CHANNELS_PROMOTE_TOKEN || secrets.GITHUB_TOKEN", "promote-token"),
            Map.entry("github.ref_name", "main"),
            Map.entry("vars.RELEASE_CHANNELS_PROMOTE_TO_DEFAULT_BRANCH", ""),
            Map.entry("vars.TELEPORT_PROXY", "teleport.example.com:443"),
            Map.entry("vars.TELEPORT_BOT_TOKEN", "release-channels-bot"),
            Map.entry("vars.RELEASE_CHANNELS_CLUSTER", ""));

    private SampleTemplates() {}

    /** What GitLab's runner and the project's (unscoped) variables provide, the project checked out in {@code dir}. */
    static Map<String, String> gitLabProvided(String dir) {
        return Map.ofEntries(
                Map.entry("CI_PROJECT_DIR", dir),
                Map.entry("CI_PIPELINE_ID", "4711"),
                Map.entry("VERSION_SERVER_URL", "https://updates.example.com"),
                Map.entry("RELEASE_CHANNELS_TARGET", "s3://b/p"),
                Map.entry("RELEASE_CHANNELS_GIT_TOKEN", "token"),
                Map.entry("AWS_ROLE_ARN", "arn"),
                Map.entry("TELEPORT_PROXY", "teleport.example.com:443"),
                Map.entry("TELEPORT_BOT_TOKEN", "release-channels-bot"),
                Map.entry("TELEPORT_CLUSTER_NAME", "teleport.example.com"),
                Map.entry("TELEPORT_IMAGE", "registry.example.com/teleport-tools:17"),
                Map.entry("CI_COMMIT_BRANCH", "main"),
                Map.entry("CI_SERVER_URL", "https://gitlab.example.com"),
                Map.entry("CI_PROJECT_PATH", "acme/updates"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(Path file) throws IOException {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }

    /** A job as the template writes it: a GitHub workflow's {@code jobs.<name>}, a GitLab pipeline's top-level key. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> jobDefinition(Path file, String name) throws IOException {
        Map<String, Object> document = load(file);
        Map<String, Object> jobs = document.containsKey("jobs") ? (Map<String, Object>) document.get("jobs") : document;
        return (Map<String, Object>) jobs.get(name);
    }

    /** What a script run did: its exit code and its output, standard error included. */
    record Outcome(int exit, String output) {}

    /**
     * Runs {@code script} as a runner runs a step ({@code bash -eo pipefail}) in {@code directory}, with only PATH,
     * LANG, TMPDIR and HOME of this JVM's environment (nothing of the machine's Teleport or git settings leaks in),
     * then {@code env}, and {@code bin} (the stand-ins) first on PATH.
     */
    static Outcome bash(String script, Path directory, Map<String, String> env, Path bin)
            throws IOException, InterruptedException {
        Path file = Files.writeString(Files.createTempFile(bin.getParent(), "step", ".sh"), script);
        ProcessBuilder process = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", file.toString())
                .directory(directory.toFile())
                .redirectErrorStream(true);
        Map<String, String> environment = process.environment();
        environment
                .keySet()
                .removeIf(name -> !List.of("PATH", "LANG", "TMPDIR", "HOME").contains(name));
        environment.putAll(env);
        environment.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        Process running = process.start();
        String output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Outcome(running.waitFor(), output);
    }
}
