package io.github.releasechannels.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.ci.CiTemplates.Job;
import io.github.releasechannels.ci.CiTemplates.Step;
import io.github.releasechannels.ci.CiTemplates.TemplateNotRehearsable;
import io.github.releasechannels.ci.CiTemplates.Trigger;
import io.github.releasechannels.testing.RealServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The templates in sample-repo hold only what the ci-templates IT can rehearse (it runs them for real), with the
 * structure the issue asks for; and the readers refuse what they cannot rehearse, so a template cannot rot unseen.
 */
@RealServer
class CiTemplatesTest {

    private static final Path SAMPLE = Path.of("../../sample-repo");
    private static final Map<String, String> EXPRESSIONS = Map.of(
            "vars.VERSION_SERVER_URL", "https://updates.example.com", "vars.RELEASE_CHANNELS_TARGET", "s3://b/p",
            "github.repository", "acme/updates", "secrets.GITHUB_TOKEN", "token", "inputs.ref", "v14.2.1");
    private static final Map<String, String> GITLAB_PROVIDED = Map.of(
            "CI_PROJECT_DIR", "/builds/acme/updates", "VERSION_SERVER_URL", "https://updates.example.com",
            "RELEASE_CHANNELS_TARGET", "s3://b/p", "RELEASE_CHANNELS_GIT_TOKEN", "token", "AWS_ROLE_ARN", "arn",
            "TELEPORT_PROXY", "teleport.example.com:443", "TELEPORT_BOT_TOKEN", "bot");

    @TempDir
    Path temp;

    @Test
    void gitHubPagesChecksPullRequestsAndPublishesWithTheWorkflowToken() throws IOException {
        List<Job> jobs = CiTemplates.gitHubWorkflow(SAMPLE.resolve(".github/workflows/release-channels.yml"),
                EXPRESSIONS);
        Job check = job(jobs, Trigger.CHANGE_REQUEST);
        assertTrue(script(check).contains("mvn -B release-channels:check ${VERSION_SERVER_URL:+"
                + "\"-DreleaseChannels.baseUrl=$VERSION_SERVER_URL\"}"));
        // Annotations and the job summary come from the plugin itself, not from parsing its log.
        assertEquals(List.of("[", "echo", "mvn"), ShellScript.of(script(check)).commands());
        Job publish = job(jobs, Trigger.DEFAULT_BRANCH);
        assertTrue(publish.oneAtATime());
        assertEquals(List.of("actions/checkout", "actions/setup-java", "Publish to the gh-pages branch",
                "Verify what agents read"), publish.steps().stream().map(Step::name).toList());
        assertEquals("token", publish.steps().get(2).env().get("GITHUB_TOKEN"));
        assertEquals("git+https://github.com/acme/updates.git#gh-pages",
                publish.steps().get(2).env().get("RELEASE_CHANNELS_TARGET"));
        assertTrue(script(publish, 2).startsWith("mvn -B release-channels:deploy ${RELEASE_CHANNELS_TARGET:+"));
        assertTrue(script(publish, 3).contains("release-channels:verify")
                && script(publish, 3).contains("-DreleaseChannels.verify.waitSeconds="));
    }

    @Test
    void gitHubS3AssumesARoleAndHasNoStoredKeys() throws IOException {
        Path file = SAMPLE.resolve(".github/workflows/release-channels-s3.yml");
        List<Job> jobs = CiTemplates.gitHubWorkflow(file, EXPRESSIONS);
        Job publish = job(jobs, Trigger.DEFAULT_BRANCH);
        assertTrue(publish.oneAtATime());
        assertTrue(publish.steps().stream().anyMatch(s -> s.name().equals("aws-actions/configure-aws-credentials")));
        String text = Files.readString(file);
        assertTrue(text.contains("role-to-assume: ${{ vars.AWS_ROLE_ARN }}") && text.contains("id-token: write"));
        assertTrue(!text.contains("AWS_SECRET_ACCESS_KEY") && !text.contains("aws-secret-access-key"));
    }

    @Test
    void gitLabChecksMergeRequestsAndPublishesOneAtATime() throws IOException {
        List<Job> jobs = CiTemplates.gitLabPipeline(SAMPLE.resolve(".gitlab-ci.yml"), GITLAB_PROVIDED);
        Job check = job(jobs, Trigger.CHANGE_REQUEST);
        assertTrue(script(check).contains("release-channels:check"));
        assertEquals(Map.of("codequality", "target/gl-code-quality-report.json"), check.reports());
        Job publish = job(jobs, Trigger.DEFAULT_BRANCH);
        assertTrue(publish.oneAtATime());
        String script = script(publish);
        assertTrue(script.indexOf("release-channels:deploy") < script.indexOf("release-channels:verify"));
        assertEquals(Map.of("junit", "target/release-channels-junit.xml"), publish.reports());
        assertEquals("-Dmaven.repo.local=/builds/acme/updates/.m2/repository",
                publish.steps().get(0).env().get("MAVEN_OPTS"));
    }

    @Test
    void eachGitHubWorkflowRollsBackOnWorkflowDispatchWithARefInput() throws IOException {
        for (String name : List.of("release-channels.yml", "release-channels-s3.yml")) {
            Path file = SAMPLE.resolve(".github/workflows/" + name);
            Job rollback = job(CiTemplates.gitHubWorkflow(file, EXPRESSIONS), Trigger.MANUAL);
            assertTrue(rollback.oneAtATime(), name);
            List<Step> scripts = rollback.steps().stream().filter(s -> s.script().isPresent()).toList();
            Step deploy = scripts.get(0);
            assertEquals("v14.2.1", deploy.env().get("ROLLBACK_REF"), name);
            assertTrue(deploy.script().get().startsWith("mvn -B release-channels:deploy ${RELEASE_CHANNELS_TARGET:+")
                    && deploy.script().get().contains("-DreleaseChannels.ref=\"$ROLLBACK_REF\"")
                    && deploy.script().get().contains("-DreleaseChannels.allowDowngrade=true"), name);
            Step verify = scripts.get(scripts.size() - 1);
            assertTrue(verify.script().get().contains("release-channels:verify")
                    && verify.script().get().contains("-DreleaseChannels.ref=\"$ROLLBACK_REF\""), name);
            // The ref to roll back to is older than a shallow checkout reaches.
            assertTrue(Files.readString(file).contains("fetch-depth: 0"), name);
        }
    }

    @Test
    void gitHubAppliesTheV2ResourcesWithMachineIdAfterPublishingWhenOptedIn() throws IOException {
        for (String name : List.of("release-channels.yml", "release-channels-s3.yml")) {
            Path file = SAMPLE.resolve(".github/workflows/" + name);
            Job apply = job(CiTemplates.gitHubWorkflow(file, EXPRESSIONS), Trigger.AFTER_PUBLISH_IF_ENABLED);
            assertTrue(apply.oneAtATime(), name);
            List<String> steps = apply.steps().stream().map(Step::name).toList();
            assertEquals(List.of("actions/checkout", "actions/setup-java", "teleport-actions/setup",
                    "teleport-actions/auth", "Render the cluster resources",
                    "Apply autoupdate_config and autoupdate_version"), steps, name);
            assertEquals(List.of("mvn"), ShellScript.of(script(apply, 4)).commands());
            String applying = script(apply, 5);
            assertTrue(applying.indexOf("tctl create -f \"$resources/autoupdate_config.yaml\"")
                    < applying.indexOf("tctl create -f \"$resources/autoupdate_version.yaml\""), name);
            Map<String, Object> job = jobDefinition(file, "apply-cluster-resources");
            assertEquals("publish", job.get("needs"), name + ": runs after the site is published");
            assertEquals(Map.of("contents", "read", "id-token", "write"), job.get("permissions"), name);
            assertTrue(String.valueOf(job.get("if")).endsWith("&& vars.TELEPORT_PROXY != ''"), name);
        }
    }

    @Test
    void gitLabRollsBackInAManualJobWithRollbackRef() throws IOException {
        Job rollback = job(CiTemplates.gitLabPipeline(SAMPLE.resolve(".gitlab-ci.yml"), GITLAB_PROVIDED),
                Trigger.MANUAL);
        assertTrue(rollback.oneAtATime());
        Step step = rollback.steps().get(0);
        assertEquals("", step.env().get("ROLLBACK_REF"));
        assertEquals("0", step.env().get("GIT_DEPTH"));
        String script = step.script().orElseThrow();
        assertTrue(script.contains("-DreleaseChannels.ref=\"$ROLLBACK_REF\" -DreleaseChannels.allowDowngrade=true"),
                script);
        assertTrue(script.indexOf("release-channels:deploy") < script.indexOf("release-channels:verify"), script);
    }

    @Test
    void anUndeclaredInputOrAnotherWhenIsRefused() throws IOException {
        String input = gitHubPagesWith("ROLLBACK_REF: ${{ inputs.ref }}", "ROLLBACK_REF: ${{ inputs.commit }}");
        Map<String, String> withCommit = new java.util.HashMap<>(EXPRESSIONS);
        withCommit.put("inputs.commit", "v14.2.1");
        String refused = assertThrows(TemplateNotRehearsable.class,
                () -> CiTemplates.gitHubWorkflow(write("in.yml", input), withCommit)).getMessage();
        assertTrue(refused.contains("inputs.commit"), refused);
        String gitlab = Files.readString(SAMPLE.resolve(".gitlab-ci.yml")).replace("when: manual", "when: delayed");
        assertThrows(TemplateNotRehearsable.class,
                () -> CiTemplates.gitLabPipeline(write(".gitlab-ci.yml", gitlab), GITLAB_PROVIDED));
    }

    @Test
    void gitLabAppliesTheV2ResourcesWithTbotInAStageAfterPublishing() throws IOException {
        Path file = SAMPLE.resolve(".gitlab-ci.yml");
        Job apply = job(CiTemplates.gitLabPipeline(file, GITLAB_PROVIDED), Trigger.AFTER_PUBLISH_IF_ENABLED);
        assertTrue(apply.oneAtATime());
        assertEquals(List.of("mvn", "[", "echo", "exit", "tbot", "export", "tctl", "tctl"),
                ShellScript.of(script(apply)).commands());
        assertTrue(script(apply).contains("--join-method=gitlab"));
        assertEquals(List.of("check", "publish", "apply"), load(file).get("stages"));
        assertEquals("apply", jobDefinition(file, "apply-cluster-resources").get("stage"));
        assertTrue(String.valueOf(jobDefinition(file, "apply-cluster-resources").get("id_tokens"))
                .contains("TBOT_GITLAB_JWT"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(Path file) throws IOException {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jobDefinition(Path file, String name) throws IOException {
        Map<String, Object> document = load(file);
        Map<String, Object> jobs = document.containsKey("jobs") ? (Map<String, Object>) document.get("jobs")
                : document;
        return (Map<String, Object>) jobs.get(name);
    }

    @Test
    void theShellReaderSeesCommandsButNotQuotedText() {
        ShellScript shell = ShellScript.of("status=0\nmvn -B x 2>&1 | tee log || status=$?\n"
                + "grep -E 'a|b; rm -rf /' log | awk '!seen[$0]++'\nif [ \"$status\" -eq 0 ]; then echo ok; fi\n"
                + "export FILE=\"$(mktemp)\" # comment; curl\n{ echo x; } >> \"$OUT\"");
        assertEquals(List.of("mvn", "tee", "grep", "awk", "[", "echo", "export", "mktemp", "echo"), shell.commands());
        assertEquals(List.of("status", "OUT"), List.copyOf(shell.readVariables()));
    }

    @Test
    void anUnknownCommandIsRefused() throws IOException {
        String workflow = gitHubPagesWith("run: mvn -B release-channels:deploy", "run: curl -X POST https://x/hook");
        TemplateNotRehearsable refused = assertThrows(TemplateNotRehearsable.class,
                () -> CiTemplates.gitHubWorkflow(write("w.yml", workflow), EXPRESSIONS));
        assertTrue(refused.getMessage().contains("runs 'curl'"), refused.getMessage());
    }

    @Test
    void anUnknownActionIsRefused() throws IOException {
        String workflow = gitHubPagesWith("- uses: actions/checkout@v4", "- uses: peaceiris/actions-gh-pages@v4");
        TemplateNotRehearsable refused = assertThrows(TemplateNotRehearsable.class,
                () -> CiTemplates.gitHubWorkflow(write("w.yml", workflow), EXPRESSIONS));
        assertTrue(refused.getMessage().contains("unknown action 'peaceiris/actions-gh-pages@v4'"));
    }

    @Test
    void anUnknownExpressionOrVariableIsRefused() throws IOException {
        String expression = gitHubPagesWith("${{ vars.VERSION_SERVER_URL }}", "${{ vars.VERSION_SERVER }}");
        assertTrue(assertThrows(TemplateNotRehearsable.class,
                () -> CiTemplates.gitHubWorkflow(write("e.yml", expression), EXPRESSIONS)).getMessage()
                .contains("vars.VERSION_SERVER"));
        String variable = gitHubPagesWith("\"-DreleaseChannels.target=$RELEASE_CHANNELS_TARGET\"",
                "\"-DreleaseChannels.target=$PAGES_TARGET\"");
        assertTrue(assertThrows(TemplateNotRehearsable.class,
                () -> CiTemplates.gitHubWorkflow(write("v.yml", variable), EXPRESSIONS)).getMessage()
                .contains("reads $PAGES_TARGET"));
        String inline = gitHubPagesWith("\"-DreleaseChannels.target=$RELEASE_CHANNELS_TARGET\"",
                "-DreleaseChannels.target=${{ vars.RELEASE_CHANNELS_TARGET }}");
        assertThrows(TemplateNotRehearsable.class, () -> CiTemplates.gitHubWorkflow(write("i.yml", inline),
                EXPRESSIONS));
    }

    @Test
    void anUnknownConditionOrGitLabKeyIsRefused() throws IOException {
        String condition = gitHubPagesWith("if: github.event_name == 'push' && vars.AWS_ROLE_ARN == ''",
                "if: github.ref == 'refs/heads/main'");
        assertThrows(TemplateNotRehearsable.class,
                () -> CiTemplates.gitHubWorkflow(write("c.yml", condition), EXPRESSIONS));
        String gitlab = Files.readString(SAMPLE.resolve(".gitlab-ci.yml"))
                .replace("  resource_group:", "  before_script: [curl https://x]\n  resource_group:");
        assertThrows(TemplateNotRehearsable.class,
                () -> CiTemplates.gitLabPipeline(write(".gitlab-ci.yml", gitlab), GITLAB_PROVIDED));
    }

    /** What a job's script did, with {@code mvn} stood in: its exit code, its output, each mvn call's words. */
    private record Ran(int exit, String output, List<String> mvnArgs) {
    }

    /**
     * Runs a step's script as the runner would (bash -eo pipefail) with {@code overrides} in its environment and a
     * {@code mvn} on PATH that records its arguments, one per line: the template's own shell logic, without Maven.
     */
    private Ran run(Step step, Map<String, String> overrides) throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path args = temp.resolve("mvn-args");
        Files.deleteIfExists(args);
        Path mvn = Files.writeString(bin.resolve("mvn"), "#!/usr/bin/env bash\nprintf '%s\\n' mvn \"$@\" >> '" + args
                + "'\n");
        assertTrue(mvn.toFile().setExecutable(true));
        Path script = Files.writeString(temp.resolve("step.sh"), step.script().orElseThrow());
        ProcessBuilder process = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail",
                script.toString()).redirectErrorStream(true);
        process.environment().putAll(step.env());
        process.environment().putAll(overrides);
        process.environment().put("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
        Process running = process.start();
        String output = new String(running.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int exit = running.waitFor();
        return new Ran(exit, output, Files.exists(args) ? Files.readAllLines(args) : List.of());
    }

    private static Step scriptStep(Job job) {
        List<Step> scripts = job.steps().stream().filter(s -> s.script().isPresent()).toList();
        assertEquals(1, scripts.size(), job.name());
        return scripts.get(0);
    }

    @Test
    void aGitHubPullRequestWithoutVersionServerUrlWarnsThatTheDowngradeCheckIsOff() throws Exception {
        for (String name : List.of("release-channels.yml", "release-channels-s3.yml")) {
            Job check = job(CiTemplates.gitHubWorkflow(SAMPLE.resolve(".github/workflows/" + name), EXPRESSIONS),
                    Trigger.CHANGE_REQUEST);
            Ran set = run(scriptStep(check), Map.of("VERSION_SERVER_URL", "https://updates.example.com/teleport"));
            assertEquals(0, set.exit(), set.output());
            assertEquals(List.of("mvn", "-B", "release-channels:check",
                    "-DreleaseChannels.baseUrl=https://updates.example.com/teleport"), set.mvnArgs(), name);
            assertFalse(set.output().contains("::warning"), set.output());

            Ran unset = run(scriptStep(check), Map.of("VERSION_SERVER_URL", ""));
            assertEquals(0, unset.exit(), unset.output());
            assertEquals(List.of("mvn", "-B", "release-channels:check"), unset.mvnArgs(), name + ": the pom's baseUrl holds");
            assertTrue(unset.output().startsWith("::warning title=Downgrade check off::The variable VERSION_SERVER_URL "
                    + "is not set, so channels.yaml is not compared with the live version server"), unset.output());
        }
    }

    @Test
    void aGitLabMergeRequestWithoutVersionServerUrlPassesWithAYellowWarning() throws Exception {
        Job check = job(CiTemplates.gitLabPipeline(SAMPLE.resolve(".gitlab-ci.yml"), GITLAB_PROVIDED),
                Trigger.CHANGE_REQUEST);
        assertEquals(java.util.Set.of(3), check.warningExitCodes(), "exit 3 is 'passed with warnings'");
        Ran set = run(scriptStep(check), Map.of("VERSION_SERVER_URL", "https://updates.example.com/teleport"));
        assertEquals(0, set.exit(), set.output());
        assertEquals(List.of("mvn", "-B", "release-channels:check",
                "-DreleaseChannels.baseUrl=https://updates.example.com/teleport"), set.mvnArgs());
        assertFalse(set.output().contains("WARNING"), set.output());

        Ran unset = run(scriptStep(check), Map.of("VERSION_SERVER_URL", ""));
        assertEquals(3, unset.exit(), unset.output());
        assertEquals(List.of("mvn", "-B", "release-channels:check"), unset.mvnArgs());
        assertTrue(unset.output().startsWith("\u001b[33mWARNING: The variable VERSION_SERVER_URL is not set"),
                unset.output());
    }

    /** The deploy passes releaseChannels.target only when the variable is set; unset, the pom's site URL holds. */
    @Test
    void theTemplatesPassTheTargetOnlyWhenItIsSet() throws Exception {
        Job s3 = job(CiTemplates.gitHubWorkflow(SAMPLE.resolve(".github/workflows/release-channels-s3.yml"),
                EXPRESSIONS), Trigger.DEFAULT_BRANCH);
        Job gitlab = job(CiTemplates.gitLabPipeline(SAMPLE.resolve(".gitlab-ci.yml"), GITLAB_PROVIDED),
                Trigger.DEFAULT_BRANCH);
        Step s3Deploy = s3.steps().stream().filter(step -> step.name().equals("Publish to S3")).findFirst()
                .orElseThrow();
        for (Step deploy : List.of(s3Deploy, scriptStep(gitlab))) {
            Ran set = run(deploy, Map.of("RELEASE_CHANNELS_TARGET", "file:///srv/www/team updates"));
            assertEquals(0, set.exit(), set.output());
            assertTrue(set.mvnArgs().contains("-DreleaseChannels.target=file:///srv/www/team updates"),
                    deploy.name() + ": one argument, spaces and all: " + set.mvnArgs());
            Ran unset = run(deploy, Map.of("RELEASE_CHANNELS_TARGET", ""));
            assertEquals(0, unset.exit(), unset.output());
            assertTrue(unset.mvnArgs().contains("release-channels:deploy")
                    && unset.mvnArgs().stream().noneMatch(arg -> arg.startsWith("-DreleaseChannels.target")),
                    deploy.name() + ": " + unset.mvnArgs());
        }
    }

    @Test
    void theActionTakesEveryInputThroughEnvAndOutputsTheReportAndWhetherAnythingChanged() throws IOException {
        Path action = SAMPLE.resolveSibling("action.yml");
        CiTemplates.CompositeAction parsed = CiTemplates.compositeAction(action,
                Map.of("args", "-DreleaseChannels.s3.region=eu-west-1\n-X"));
        assertEquals(Map.of("report", "${{ steps.run.outputs.report }}", "changed", "${{ steps.run.outputs.changed }}"),
                parsed.outputs());
        Step run = parsed.steps().stream().filter(step -> step.id().equals(java.util.Optional.of("run"))).findFirst()
                .orElseThrow();
        assertEquals("-DreleaseChannels.s3.region=eu-west-1\n-X", run.env().get("RELEASE_CHANNELS_ARGS"));
        assertEquals("${{ steps.checkout.outputs.hash }}", run.env().get("RELEASE_CHANNELS_CHECKOUT"),
                "filled in from the earlier step when the job runs");
        assertEquals("", run.env().get("RELEASE_CHANNELS_PLUGIN_VERSION"), "by default the action's own version");
        // An input inside run would be script injection; an output of a step that does not exist is refused.
        String text = Files.readString(action);
        assertThrows(TemplateNotRehearsable.class, () -> CiTemplates.compositeAction(write("action.yml",
                text.replace("done <<< \"$RELEASE_CHANNELS_ARGS\"", "done <<< \"${{ inputs.args }}\"")), Map.of()));
        assertThrows(TemplateNotRehearsable.class, () -> CiTemplates.compositeAction(write("action.yml",
                text.replace("${{ steps.run.outputs.report }}", "${{ steps.publish.outputs.report }}")), Map.of()));
    }

    private String gitHubPagesWith(String original, String replacement) throws IOException {
        String workflow = Files.readString(SAMPLE.resolve(".github/workflows/release-channels.yml"));
        assertTrue(workflow.contains(original), original);
        return workflow.replace(original, replacement);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(temp.resolve(name), text);
    }

    private static Job job(List<Job> jobs, Trigger trigger) {
        List<Job> matching = jobs.stream().filter(job -> job.trigger() == trigger).toList();
        assertEquals(1, matching.size(), jobs.toString());
        return matching.get(0);
    }

    private static String script(Job job) {
        return job.steps().stream().filter(s -> s.script().isPresent()).findFirst().orElseThrow().script().get();
    }

    private static String script(Job job, int index) {
        return job.steps().get(index).script().orElseThrow();
    }
}
