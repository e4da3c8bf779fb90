// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.ci.CiTemplates.Job;
import io.github.releasechannels.ci.CiTemplates.Step;
import io.github.releasechannels.ci.CiTemplates.TemplateNotRehearsable;
import io.github.releasechannels.ci.CiTemplates.Trigger;
import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.resources.ClusterResources;
import io.github.releasechannels.resources.KubernetesNames;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.testing.RealServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The templates' apply job runs once per cluster of channels.yaml: its scripts run for real (bash, as the runners do)
 * on resources rendered by the engine, with the tctl stand-in (which parses as tctl does) and the tbot and
 * teleport-actions/auth stand-ins logging in; each cluster's run must apply exactly its own files, logged in to its
 * own cluster with its own identity, in the file's order; the top-level section applies once, as before.
 */
@RealServer
class ClusterApplyTemplatesTest {

    private static final Path SAMPLE = SampleTemplates.SAMPLE;
    private static final List<String> GITHUB_WORKFLOWS = List.of("release-channels.yml", "release-channels-s3.yml");
    private static final String RESOURCES = "target/release-channels-resources";

    /** Two clusters, declared staging first: the matrix must keep that order, not the alphabet's. */
    private static final String CLUSTERS = """
            channels:
              canary:
                version: 17.3.0
              current:
                version: 17.2.1
            clusters:
              staging:
                managed_updates:
                  mode: enabled
                  start_version: 17.2.1
                  follows: canary
              production:
                managed_updates:
                  mode: enabled
                  start_version: 17.2.1
                  follows: current
            """;

    private static final String TOP_LEVEL = """
            channels:
              current:
                version: 17.2.1
            managed_updates:
              mode: enabled
              start_version: 17.2.1
              follows: current
            """;

    private static final String WITHOUT_MANAGED_UPDATES = """
            channels:
              current:
                version: 17.2.1
            """;

    /** The repository's variables, what a job without an environment (or one that sets none) reads. */
    private static final Map<String, String> GITHUB_REPOSITORY = SampleTemplates.GITHUB_EXPRESSIONS;

    /** Each cluster's environment: its own Proxy, bot and name, which win over the repository's. */
    private static final Map<String, Map<String, String>> GITHUB_ENVIRONMENTS = Map.of(
            "teleport-staging",
            Map.of(
                    "vars.TELEPORT_PROXY", "staging.example.com:443",
                    "vars.TELEPORT_BOT_TOKEN", "staging-bot",
                    "vars.RELEASE_CHANNELS_CLUSTER", "staging"),
            "teleport-production",
            Map.of(
                    "vars.TELEPORT_PROXY", "teleport.example.com:443",
                    "vars.TELEPORT_BOT_TOKEN", "production-bot",
                    "vars.RELEASE_CHANNELS_CLUSTER", "production"));

    @TempDir
    Path temp;

    private Path work;
    private Path bin;
    private Path calls;

    @BeforeEach
    void standIns() throws IOException {
        work = Files.createDirectories(temp.resolve("work"));
        bin = temp.resolve("bin");
        calls = temp.resolve("calls.log");
        CiStandIns.write(bin, calls);
        // generate renders again what the test rendered already; the stand-in records that it was asked to.
        Path mvn = Files.writeString(
                bin.resolve("mvn"), "#!/usr/bin/env bash\nprintf '%s\\n' \"mvn $*\" >> '" + calls + "'\n");
        assertTrue(mvn.toFile().setExecutable(true));
    }

    // GitHub Actions: a job lists the clusters from the rendered resources, the apply job is a matrix over them.

    @Test
    void gitHubAppliesEachClusterInItsOwnEnvironmentWithItsOwnLoginInTheFileOrder() throws Exception {
        for (String workflow : GITHUB_WORKFLOWS) {
            Files.deleteIfExists(calls);
            render(CLUSTERS);
            List<Map<String, String>> matrix = gitHubMatrix(workflow);
            assertEquals(
                    List.of(
                            Map.of(
                                    "cluster",
                                    "staging",
                                    "environment",
                                    "teleport-staging",
                                    "resources",
                                    RESOURCES + "/staging"),
                            Map.of(
                                    "cluster",
                                    "production",
                                    "environment",
                                    "teleport-production",
                                    "resources",
                                    RESOURCES + "/production")),
                    matrix,
                    workflow + ": one entry per cluster, in the order of channels.yaml");
            Files.deleteIfExists(calls);
            for (Map<String, String> entry : matrix) {
                Ran applied = gitHubApply(workflow, entry, GITHUB_ENVIRONMENTS.get(entry.get("environment")));
                assertEquals(0, applied.exit(), applied.output());
            }
            assertEquals(
                    List.of(
                            "mvn -B release-channels:generate",
                            create(
                                    "staging/autoupdate_config.yaml",
                                    "autoupdate_config",
                                    "staging",
                                    "staging.example.com"),
                            create(
                                    "staging/autoupdate_version.yaml",
                                    "autoupdate_version",
                                    "staging",
                                    "staging.example.com"),
                            "mvn -B release-channels:generate",
                            create(
                                    "production/autoupdate_config.yaml",
                                    "autoupdate_config",
                                    "production",
                                    "teleport.example.com"),
                            create(
                                    "production/autoupdate_version.yaml",
                                    "autoupdate_version",
                                    "production",
                                    "teleport.example.com")),
                    Files.readAllLines(calls),
                    workflow);
            assertTrue(
                    Files.readString(temp.resolve("identity-staging/identity")).contains("staging-bot at staging."),
                    "the staging login is the staging bot's, at the staging Proxy");
        }
    }

    @Test
    void gitHubRunsTheClustersOneAtATimeInOrderAfterThePublishAndStopsAtAFailure() throws IOException {
        for (String workflow : GITHUB_WORKFLOWS) {
            List<Job> jobs =
                    CiTemplates.gitHubWorkflow(SAMPLE.resolve(".github/workflows/" + workflow), GITHUB_REPOSITORY);
            Job plan = named(jobs, "cluster-resources");
            Job apply = named(jobs, "apply-cluster-resources");
            assertEquals(List.of("publish"), plan.fan().needs(), workflow + ": listed after the site is published");
            assertEquals(
                    new CiTemplates.Fan(
                            List.of("cluster-resources"),
                            "cluster-resources",
                            "clusters",
                            true,
                            "${{ matrix.environment }}"),
                    apply.fan(),
                    workflow);
            assertEquals(Trigger.AFTER_PUBLISH_IF_ENABLED, apply.trigger(), workflow);
            assertTrue(apply.oneAtATime(), workflow);
            assertEquals(
                    List.of(
                            "Check that the environment is the cluster's",
                            "actions/checkout",
                            "actions/setup-java",
                            "teleport-actions/setup",
                            "teleport-actions/auth",
                            "Render the cluster resources",
                            "Apply autoupdate_config and autoupdate_version"),
                    apply.steps().stream().map(Step::name).toList(),
                    workflow);
            Map<String, Object> definition =
                    jobDefinition(SAMPLE.resolve(".github/workflows/" + workflow), "apply-cluster-resources");
            assertEquals(Map.of("contents", "read", "id-token", "write"), definition.get("permissions"), workflow);
            for (String name : List.of("cluster-resources", "apply-cluster-resources")) {
                assertTrue(
                        String.valueOf(jobDefinition(SAMPLE.resolve(".github/workflows/" + workflow), name)
                                        .get("if"))
                                .endsWith("&& vars.TELEPORT_PROXY != ''"),
                        workflow + " " + name + ": on only when the repository sets TELEPORT_PROXY");
            }
            assertEquals(
                    "release-channels-cluster-resources-${{ matrix.cluster }}",
                    ((Map<?, ?>) definition.get("concurrency")).get("group"),
                    workflow + ": each cluster one run at a time, clusters independent");
        }
        // A matrix the job does not compute, or one that runs every cluster at once, is not what the test rehearses.
        String workflow = Files.readString(SAMPLE.resolve(".github/workflows/release-channels.yml"));
        Path listed = Files.writeString(
                temp.resolve("listed.yml"),
                replaced(
                        workflow,
                        "include: ${{ fromJSON(needs.cluster-resources.outputs.clusters) }}",
                        "cluster: [staging, production]"));
        assertThrows(TemplateNotRehearsable.class, () -> CiTemplates.gitHubWorkflow(listed, GITHUB_REPOSITORY));
        Path parallel = Files.writeString(
                temp.resolve("parallel.yml"), replaced(workflow, "max-parallel: 1", "max-parallel: 2"));
        assertFalse(named(CiTemplates.gitHubWorkflow(parallel, GITHUB_REPOSITORY), "apply-cluster-resources")
                .fan()
                .inOrder());
    }

    @Test
    void aGitHubEnvironmentWithoutItsOwnVariablesIsRefusedBeforeAnyLogin() throws Exception {
        render(CLUSTERS);
        Map<String, String> staging = gitHubMatrix("release-channels.yml").get(0);
        Files.deleteIfExists(calls);
        // Nothing set in teleport-staging: every variable falls back to the repository's, another cluster's login.
        Ran refused = gitHubApply("release-channels.yml", staging, Map.of());
        assertEquals(1, refused.exit(), refused.output());
        assertTrue(
                refused.output()
                        .startsWith("::error::The environment teleport-staging has no variable "
                                + "RELEASE_CHANNELS_CLUSTER=staging"),
                refused.output());
        assertFalse(Files.exists(calls), "no tctl, no render");
        assertFalse(Files.exists(temp.resolve("identity-staging")), "no login");
    }

    @Test
    void gitHubAppliesTheTopLevelSectionOnceWithTheRepositoryVariablesAsBefore() throws Exception {
        for (String workflow : GITHUB_WORKFLOWS) {
            render(TOP_LEVEL);
            List<Map<String, String>> matrix = gitHubMatrix(workflow);
            assertEquals(List.of(Map.of("cluster", "default", "environment", "", "resources", RESOURCES)), matrix);
            Files.deleteIfExists(calls);
            Ran applied = gitHubApply(workflow, matrix.get(0), Map.of());
            assertEquals(0, applied.exit(), applied.output());
            assertEquals(
                    List.of(
                            "mvn -B release-channels:generate",
                            create("autoupdate_config.yaml", "autoupdate_config", "default", "teleport.example.com"),
                            create("autoupdate_version.yaml", "autoupdate_version", "default", "teleport.example.com")),
                    Files.readAllLines(calls),
                    workflow);

            render(WITHOUT_MANAGED_UPDATES);
            Ran nothing = runJob(named(gitHubJobs(workflow, Map.of()), "cluster-resources"), Map.of(), "none");
            assertEquals(1, nothing.exit(), nothing.output());
            assertTrue(
                    nothing.output().contains("::error::channels.yaml has no managed_updates section"),
                    nothing.output());
            assertEquals("", nothing.outputs().getOrDefault("clusters", ""));
        }
    }

    // GitLab CI: a job writes a child pipeline with one job per cluster; a trigger job runs it.

    /** What the runner and the project's unscoped variables provide. */
    private Map<String, String> gitLabProject() {
        return SampleTemplates.gitLabProvided(work.toString());
    }

    /** The variables scoped to each cluster's environment, which win over the project's. */
    private static final Map<String, Map<String, String>> GITLAB_ENVIRONMENTS = Map.of(
            "teleport/staging",
            Map.of(
                    "TELEPORT_PROXY", "staging.example.com:443",
                    "TELEPORT_BOT_TOKEN", "staging-bot",
                    "TELEPORT_CLUSTER_NAME", "staging.example.com"),
            "teleport/production",
            Map.of(
                    "TELEPORT_PROXY", "teleport.example.com:443",
                    "TELEPORT_BOT_TOKEN", "production-bot",
                    "TELEPORT_CLUSTER_NAME", "teleport.example.com"));

    @Test
    void gitLabWritesAChildPipelineWithOneJobPerClusterEachInItsEnvironmentAfterTheOneBefore() throws Exception {
        render(CLUSTERS);
        Path child = gitLabChildPipeline();
        List<Job> jobs = CiTemplates.gitLabChildPipeline(child, gitLabProject());
        assertEquals(
                List.of("apply-staging", "apply-production"),
                jobs.stream().map(Job::name).toList());
        assertEquals(List.of("apply-staging", "apply-production"), load(child).get("stages"));
        assertEquals(List.of("parent:cluster-resources"), jobs.get(0).fan().needs());
        assertEquals(
                List.of("parent:cluster-resources", "apply-staging"),
                jobs.get(1).fan().needs(),
                "production waits for staging: needs, not the stages, orders jobs that have needs");
        assertEquals("teleport/staging", jobs.get(0).fan().environment());
        assertEquals("teleport/production", jobs.get(1).fan().environment());
        assertTrue(jobs.stream().allMatch(Job::oneAtATime));

        Files.deleteIfExists(calls);
        for (Job job : jobs) {
            Map<String, String> scoped = new HashMap<>(gitLabProject());
            scoped.putAll(GITLAB_ENVIRONMENTS.get(job.fan().environment()));
            // Parsed as GitLab runs it: with the variables of the job's environment.
            Job inEnvironment = named(CiTemplates.gitLabChildPipeline(child, scoped), job.name());
            Ran applied = runJob(inEnvironment, Map.of(), job.name());
            assertEquals(0, applied.exit(), applied.output());
        }
        String identity = work.resolve("target/tbot/identity").toString();
        assertEquals(
                List.of(
                        tbot("staging-bot", "staging.example.com"),
                        create("staging/autoupdate_config.yaml", "autoupdate_config", identity, "staging.example.com"),
                        create(
                                "staging/autoupdate_version.yaml",
                                "autoupdate_version",
                                identity,
                                "staging.example.com"),
                        tbot("production-bot", "teleport.example.com"),
                        create(
                                "production/autoupdate_config.yaml",
                                "autoupdate_config",
                                identity,
                                "teleport.example.com"),
                        create(
                                "production/autoupdate_version.yaml",
                                "autoupdate_version",
                                identity,
                                "teleport.example.com")),
                Files.readAllLines(calls));
    }

    @Test
    void gitLabTriggersTheChildPipelineAfterTheJobThatWroteItAndWaitsForIt() throws IOException {
        Path file = SAMPLE.resolve(".gitlab-ci.yml");
        List<Job> jobs = CiTemplates.gitLabPipeline(file, gitLabProject());
        Job plan = named(jobs, "cluster-resources");
        Job trigger = named(jobs, "apply-cluster-resources");
        assertEquals(Trigger.AFTER_PUBLISH_IF_ENABLED, plan.trigger());
        assertEquals(Trigger.AFTER_PUBLISH_IF_ENABLED, trigger.trigger());
        assertEquals(
                new CiTemplates.Fan(
                        List.of("cluster-resources"),
                        "cluster-resources",
                        "target/apply-cluster-resources.yml",
                        true,
                        ""),
                trigger.fan());
        assertTrue(trigger.oneAtATime(), "one pipeline's clusters at a time");
        assertEquals(List.of("check", "publish", "apply"), load(file).get("stages"));
        assertEquals("apply", jobDefinition(file, "cluster-resources").get("stage"));
        assertEquals(
                Map.of("PARENT_PIPELINE_ID", "$CI_PIPELINE_ID"),
                jobDefinition(file, "apply-cluster-resources").get("variables"));
        // The child pipeline's jobs take the rendered resources from the job's artifacts.
        assertEquals(
                Map.of("paths", List.of(RESOURCES + "/", "target/apply-cluster-resources.yml")),
                jobDefinition(file, "cluster-resources").get("artifacts"));
        String gitlab = Files.readString(file);
        Path parallel =
                Files.writeString(temp.resolve(".gitlab-ci.yml"), replaced(gitlab, "strategy: depend", "forward: {}"));
        assertThrows(TemplateNotRehearsable.class, () -> CiTemplates.gitLabPipeline(parallel, gitLabProject()));
    }

    @Test
    void gitLabAppliesTheTopLevelSectionInOneJobWithTheProjectVariablesAsBefore() throws Exception {
        render(TOP_LEVEL);
        Path child = gitLabChildPipeline();
        List<Job> jobs = CiTemplates.gitLabChildPipeline(child, gitLabProject());
        assertEquals(List.of("apply-default"), jobs.stream().map(Job::name).toList());
        assertEquals("", jobs.get(0).fan().environment(), "no environment: the project's variables, as before");
        Files.deleteIfExists(calls);
        Ran applied = runJob(jobs.get(0), Map.of(), "default");
        assertEquals(0, applied.exit(), applied.output());
        String identity = work.resolve("target/tbot/identity").toString();
        assertEquals(
                List.of(
                        tbot("release-channels-bot", "teleport.example.com"),
                        create("autoupdate_config.yaml", "autoupdate_config", identity, "teleport.example.com"),
                        create("autoupdate_version.yaml", "autoupdate_version", identity, "teleport.example.com")),
                Files.readAllLines(calls));

        render(WITHOUT_MANAGED_UPDATES);
        Ran nothing = runJob(
                named(
                        CiTemplates.gitLabPipeline(SAMPLE.resolve(".gitlab-ci.yml"), gitLabProject()),
                        "cluster-resources"),
                Map.of(),
                "none");
        assertEquals(1, nothing.exit(), nothing.output());
        assertTrue(nothing.output().contains("channels.yaml has no managed_updates section"), nothing.output());
        assertFalse(Files.exists(work.resolve("target/apply-cluster-resources.yml")), "no child pipeline");
    }

    // The runs.

    /** Renders {@code channels} as the engine does into the work folder's resources directory, replacing it. */
    private void render(String channels) throws Exception {
        Path target = work.resolve("target");
        if (Files.exists(target)) {
            try (var files = Files.walk(target)) {
                for (Path file :
                        files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.writeString(work.resolve("channels.yaml"), channels);
        var config = new ChannelsFileParser()
                .read(channels.getBytes(StandardCharsets.UTF_8), "channels.yaml")
                .config();
        Source source = new Source(
                "channels.yaml", Optional.of("0123456789abcdef0123456789abcdef01234567"), Optional.empty(), false);
        for (SiteFile file : ClusterResources.render(config, source, Optional.empty(), KubernetesNames.DEFAULT)) {
            Path path = work.resolve(RESOURCES).resolve(file.path());
            Files.createDirectories(path.getParent());
            Files.write(path, file.content());
        }
    }

    private static List<Job> gitHubJobs(String workflow, Map<String, String> environment) throws IOException {
        Map<String, String> expressions = new HashMap<>(GITHUB_REPOSITORY);
        expressions.putAll(environment);
        return CiTemplates.gitHubWorkflow(SAMPLE.resolve(".github/workflows/" + workflow), expressions);
    }

    /** Runs the job listing the clusters and reads the matrix it outputs, as {@code fromJSON} would. */
    @SuppressWarnings("unchecked")
    private List<Map<String, String>> gitHubMatrix(String workflow) throws Exception {
        Job apply = named(gitHubJobs(workflow, Map.of()), "apply-cluster-resources");
        Ran listed = runJob(named(gitHubJobs(workflow, Map.of()), apply.fan().fromJob()), Map.of(), "plan");
        assertEquals(0, listed.exit(), listed.output());
        Object matrix = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(listed.outputs().get(apply.fan().from()));
        return (List<Map<String, String>>) matrix;
    }

    /** Runs one entry of the apply matrix in its environment, with those variables over the repository's. */
    private Ran gitHubApply(String workflow, Map<String, String> entry, Map<String, String> environment)
            throws Exception {
        Job apply = CiTemplates.forEntry(named(gitHubJobs(workflow, environment), "apply-cluster-resources"), entry);
        return runJob(apply, Map.of(), entry.get("cluster"));
    }

    /** A job's run: the last step's exit, every step's output, what the steps wrote to GITHUB_OUTPUT. */
    private record Ran(int exit, String output, Map<String, String> outputs) {}

    /**
     * Runs a job's steps in the work folder as the runner does (bash -eo pipefail), the stand-ins first on PATH,
     * until one fails; teleport-actions/auth is stood in ({@link TeleportAuthStandIn}), its login exported to the
     * steps after it as the action exports it.
     */
    private Ran runJob(Job job, Map<String, String> overrides, String label) throws Exception {
        Map<String, String> exported = new LinkedHashMap<>();
        StringBuilder output = new StringBuilder();
        Map<String, String> outputs = new LinkedHashMap<>();
        int exit = 0;
        for (Step step : job.steps()) {
            if (step.name().equals(TeleportAuthStandIn.ACTION)) {
                try {
                    exported.putAll(TeleportAuthStandIn.login(step.env(), temp.resolve("identity-" + label)));
                    continue;
                } catch (TeleportAuthStandIn.LoginRefused refused) {
                    output.append("::error::").append(refused.getMessage()).append('\n');
                    exit = 1;
                    break;
                }
            }
            if (step.script().isEmpty()) {
                continue;
            }
            Path githubOutput = temp.resolve("github-output");
            Files.deleteIfExists(githubOutput);
            Files.createFile(githubOutput);
            Map<String, String> env = new LinkedHashMap<>(step.env());
            env.putAll(exported);
            env.putAll(overrides);
            env.put("GITHUB_OUTPUT", githubOutput.toString());
            SampleTemplates.Outcome ran = SampleTemplates.bash(step.script().get(), work, env, bin);
            output.append(ran.output());
            exit = ran.exit();
            for (String line : Files.readAllLines(githubOutput)) {
                String[] pair = line.split("=", 2);
                outputs.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
            if (exit != 0) {
                break;
            }
        }
        return new Ran(exit, output.toString(), outputs);
    }

    /** Runs the GitLab job that renders and writes the child pipeline; returns the pipeline it wrote. */
    private Path gitLabChildPipeline() throws Exception {
        Job trigger = named(
                CiTemplates.gitLabPipeline(SAMPLE.resolve(".gitlab-ci.yml"), gitLabProject()),
                "apply-cluster-resources");
        Job plan = named(
                CiTemplates.gitLabPipeline(SAMPLE.resolve(".gitlab-ci.yml"), gitLabProject()),
                trigger.fan().fromJob());
        Ran written = runJob(plan, Map.of(), "plan");
        assertEquals(0, written.exit(), written.output());
        return work.resolve(trigger.fan().from());
    }

    private String create(String file, String kind, String identity, String proxy) {
        String path = RESOURCES + "/" + file;
        String identityFile = identity.startsWith("/")
                ? identity
                : temp.resolve("identity-" + identity).resolve("identity").toString();
        return "tctl create -f " + path + ": " + kind + ", identity " + identityFile + ", auth " + proxy + ":443";
    }

    private String tbot(String token, String proxy) {
        return "tbot start identity --join-method=gitlab --token=" + token + " --proxy-server=" + proxy
                + ":443 (TBOT_GITLAB_JWT set) --destination=" + work.resolve("target/tbot");
    }

    private static Job named(List<Job> jobs, String name) {
        return jobs.stream()
                .filter(job -> job.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no job " + name + " in " + jobs));
    }

    private static String replaced(String text, String original, String replacement) {
        assertTrue(text.contains(original), original);
        return text.replace(original, replacement);
    }

    private static Map<String, Object> load(Path file) throws IOException {
        return SampleTemplates.load(file);
    }

    private static Map<String, Object> jobDefinition(Path file, String name) throws IOException {
        return SampleTemplates.jobDefinition(file, name);
    }
}
