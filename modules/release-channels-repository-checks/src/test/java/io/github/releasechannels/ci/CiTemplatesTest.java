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
import io.github.releasechannels.testing.RealServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The templates in sample-repo hold only what the ci-templates IT can rehearse (it runs them for real), with the
 * structure the issue asks for; and the readers refuse what they cannot rehearse, so a template cannot rot unseen.
 */
@RealServer
class CiTemplatesTest {

    private static final Path SAMPLE = SampleTemplates.SAMPLE;
    private static final Map<String, String> EXPRESSIONS = SampleTemplates.GITHUB_EXPRESSIONS;
    private static final Map<String, String> GITLAB_PROVIDED = SampleTemplates.gitLabProvided("/builds/acme/updates");

    @TempDir
    Path temp;

    @Test
    void gitHubPagesChecksPullRequestsAndPublishesWithTheWorkflowToken() throws IOException {
        List<Job> jobs =
                CiTemplates.gitHubWorkflow(SAMPLE.resolve(".github/workflows/release-channels.yml"), EXPRESSIONS);
        Job check = job(jobs, Trigger.CHANGE_REQUEST);
        assertTrue(script(check)
                .contains("mvn -B release-channels:check ${VERSION_SERVER_URL:+"
                        + "\"-DreleaseChannels.baseUrl=$VERSION_SERVER_URL\"}"));
        // Annotations and the job summary come from the plugin itself, not from parsing its log.
        assertEquals(List.of("[", "echo", "mvn"), ShellScript.of(script(check)).commands());
        Job publish = job(jobs, Trigger.DEFAULT_BRANCH);
        assertTrue(publish.oneAtATime());
        assertEquals(
                List.of(
                        "actions/checkout",
                        "actions/setup-java",
                        "Publish to the gh-pages branch",
                        "Verify what agents read"),
                publish.steps().stream().map(Step::name).toList());
        assertEquals("token", publish.steps().get(2).env().get("GITHUB_TOKEN"));
        assertEquals(
                "git+https://github.com/acme/updates.git#gh-pages",
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
        assertEquals(
                "-Dmaven.repo.local=/builds/acme/updates/.m2/repository",
                publish.steps().get(0).env().get("MAVEN_OPTS"));
        // The published status page shows since when each promotion stage has its version: read from the history.
        assertEquals("0", publish.steps().get(0).env().get("GIT_DEPTH"));
    }

    @Test
    void eachGitHubPublishJobChecksOutTheWholeHistoryForThePromotionTimes() throws IOException {
        for (String name : List.of("release-channels.yml", "release-channels-s3.yml")) {
            String text = Files.readString(SAMPLE.resolve(".github/workflows/" + name));
            String publish = text.substring(text.indexOf("\n  publish:\n"), text.indexOf("\n  rollback:\n"));
            assertTrue(
                    publish.contains("- uses: actions/checkout@v4\n        with:\n          fetch-depth: 0   "),
                    name + ": " + publish);
        }
    }

    @Test
    void eachGitHubWorkflowRollsBackOnWorkflowDispatchWithARefInput() throws IOException {
        for (String name : List.of("release-channels.yml", "release-channels-s3.yml")) {
            Path file = SAMPLE.resolve(".github/workflows/" + name);
            Job rollback = job(CiTemplates.gitHubWorkflow(file, EXPRESSIONS), Trigger.MANUAL);
            assertTrue(rollback.oneAtATime(), name);
            List<Step> scripts = rollback.steps().stream()
                    .filter(s -> s.script().isPresent())
                    .toList();
            Step deploy = scripts.get(0);
            assertEquals("v14.2.1", deploy.env().get("ROLLBACK_REF"), name);
            assertTrue(
                    deploy.script().get().startsWith("mvn -B release-channels:deploy ${RELEASE_CHANNELS_TARGET:+")
                            && deploy.script().get().contains("-DreleaseChannels.ref=\"$ROLLBACK_REF\"")
                            && deploy.script().get().contains("-DreleaseChannels.allowDowngrade=true"),
                    name);
            Step verify = scripts.get(scripts.size() - 1);
            assertTrue(
                    verify.script().get().contains("release-channels:verify")
                            && verify.script().get().contains("-DreleaseChannels.ref=\"$ROLLBACK_REF\""),
                    name);
            // The ref to roll back to is older than a shallow checkout reaches.
            assertTrue(Files.readString(file).contains("fetch-depth: 0"), name);
        }
    }

    @Test
    void gitLabRollsBackInAManualJobWithRollbackRef() throws IOException {
        Job rollback =
                job(CiTemplates.gitLabPipeline(SAMPLE.resolve(".gitlab-ci.yml"), GITLAB_PROVIDED), Trigger.MANUAL);
        assertTrue(rollback.oneAtATime());
        Step step = rollback.steps().get(0);
        assertEquals("", step.env().get("ROLLBACK_REF"));
        assertEquals("0", step.env().get("GIT_DEPTH"));
        String script = step.script().orElseThrow();
        assertTrue(
                script.contains("-DreleaseChannels.ref=\"$ROLLBACK_REF\" -DreleaseChannels.allowDowngrade=true"),
                script);
        assertTrue(script.indexOf("release-channels:deploy") < script.indexOf("release-channels:verify"), script);
    }

    @Test
    void anUndeclaredInputOrAnotherWhenIsRefused() throws IOException {
        String input = gitHubPagesWith("ROLLBACK_REF: ${{ inputs.ref }}", "ROLLBACK_REF: ${{ inputs.commit }}");
        Map<String, String> withCommit = new java.util.HashMap<>(EXPRESSIONS);
        withCommit.put("inputs.commit", "v14.2.1");
        String refused = assertThrows(
                        TemplateNotRehearsable.class,
                        () -> CiTemplates.gitHubWorkflow(write("in.yml", input), withCommit))
                .getMessage();
        assertTrue(refused.contains("inputs.commit"), refused);
        String gitlab = Files.readString(SAMPLE.resolve(".gitlab-ci.yml")).replace("when: manual", "when: delayed");
        assertThrows(
                TemplateNotRehearsable.class,
                () -> CiTemplates.gitLabPipeline(write(".gitlab-ci.yml", gitlab), GITLAB_PROVIDED));
    }

    private static Map<String, Object> load(Path file) throws IOException {
        return SampleTemplates.load(file);
    }

    private static Map<String, Object> jobDefinition(Path file, String name) throws IOException {
        return SampleTemplates.jobDefinition(file, name);
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
        TemplateNotRehearsable refused = assertThrows(
                TemplateNotRehearsable.class, () -> CiTemplates.gitHubWorkflow(write("w.yml", workflow), EXPRESSIONS));
        assertTrue(refused.getMessage().contains("runs 'curl'"), refused.getMessage());
    }

    @Test
    void anUnknownActionIsRefused() throws IOException {
        String workflow = gitHubPagesWith("- uses: actions/checkout@v4", "- uses: peaceiris/actions-gh-pages@v4");
        TemplateNotRehearsable refused = assertThrows(
                TemplateNotRehearsable.class, () -> CiTemplates.gitHubWorkflow(write("w.yml", workflow), EXPRESSIONS));
        assertTrue(refused.getMessage().contains("unknown action 'peaceiris/actions-gh-pages@v4'"));
    }

    @Test
    void anUnknownExpressionOrVariableIsRefused() throws IOException {
        String expression = gitHubPagesWith("${{ vars.VERSION_SERVER_URL }}", "${{ vars.VERSION_SERVER }}");
        assertTrue(assertThrows(
                        TemplateNotRehearsable.class,
                        () -> CiTemplates.gitHubWorkflow(write("e.yml", expression), EXPRESSIONS))
                .getMessage()
                .contains("vars.VERSION_SERVER"));
        String variable = gitHubPagesWith(
                "\"-DreleaseChannels.target=$RELEASE_CHANNELS_TARGET\"", "\"-DreleaseChannels.target=$PAGES_TARGET\"");
        assertTrue(assertThrows(
                        TemplateNotRehearsable.class,
                        () -> CiTemplates.gitHubWorkflow(write("v.yml", variable), EXPRESSIONS))
                .getMessage()
                .contains("reads $PAGES_TARGET"));
        String inline = gitHubPagesWith(
                "\"-DreleaseChannels.target=$RELEASE_CHANNELS_TARGET\"",
                "-DreleaseChannels.target=${{ vars.RELEASE_CHANNELS_TARGET }}");
        assertThrows(
                TemplateNotRehearsable.class, () -> CiTemplates.gitHubWorkflow(write("i.yml", inline), EXPRESSIONS));
    }

    @Test
    void anUnknownConditionOrGitLabKeyIsRefused() throws IOException {
        String condition = gitHubPagesWith(
                "if: github.event_name == 'push' && vars.AWS_ROLE_ARN == ''", "if: github.ref == 'refs/heads/main'");
        assertThrows(
                TemplateNotRehearsable.class, () -> CiTemplates.gitHubWorkflow(write("c.yml", condition), EXPRESSIONS));
        String gitlab = Files.readString(SAMPLE.resolve(".gitlab-ci.yml"))
                .replace("\n  resource_group:", "\n  before_script: [curl https://x]\n  resource_group:");
        assertThrows(
                TemplateNotRehearsable.class,
                () -> CiTemplates.gitLabPipeline(write(".gitlab-ci.yml", gitlab), GITLAB_PROVIDED));
    }

    /** What a job's script did, with {@code mvn} stood in: its exit code, its output, each mvn call's words. */
    private record Ran(int exit, String output, List<String> mvnArgs) {}

    /**
     * Runs a step's script as the runner would (bash -eo pipefail) with {@code overrides} in its environment and a
     * {@code mvn} on PATH that records its arguments, one per line: the template's own shell logic, without Maven.
     */
    private Ran run(Step step, Map<String, String> overrides) throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path args = temp.resolve("mvn-args");
        Files.deleteIfExists(args);
        Path mvn = Files.writeString(
                bin.resolve("mvn"), "#!/usr/bin/env bash\nprintf '%s\\n' mvn \"$@\" >> '" + args + "'\n");
        assertTrue(mvn.toFile().setExecutable(true));
        Map<String, String> env = new java.util.HashMap<>(step.env());
        env.putAll(overrides);
        SampleTemplates.Outcome ran = SampleTemplates.bash(step.script().orElseThrow(), temp, env, bin);
        int exit = ran.exit();
        String output = ran.output();
        return new Ran(exit, output, Files.exists(args) ? Files.readAllLines(args) : List.of());
    }

    private static Step scriptStep(Job job) {
        List<Step> scripts =
                job.steps().stream().filter(s -> s.script().isPresent()).toList();
        assertEquals(1, scripts.size(), job.name());
        return scripts.get(0);
    }

    @Test
    void aGitHubPullRequestWithoutVersionServerUrlWarnsThatTheDowngradeCheckIsOff() throws Exception {
        for (String name : List.of("release-channels.yml", "release-channels-s3.yml")) {
            Job check = job(
                    CiTemplates.gitHubWorkflow(SAMPLE.resolve(".github/workflows/" + name), EXPRESSIONS),
                    Trigger.CHANGE_REQUEST);
            Ran set = run(scriptStep(check), Map.of("VERSION_SERVER_URL", "https://updates.example.com/teleport"));
            assertEquals(0, set.exit(), set.output());
            assertEquals(
                    List.of(
                            "mvn",
                            "-B",
                            "release-channels:check",
                            "-DreleaseChannels.baseUrl=https://updates.example.com/teleport"),
                    set.mvnArgs(),
                    name);
            assertFalse(set.output().contains("::warning"), set.output());

            Ran unset = run(scriptStep(check), Map.of("VERSION_SERVER_URL", ""));
            assertEquals(0, unset.exit(), unset.output());
            assertEquals(
                    List.of("mvn", "-B", "release-channels:check"),
                    unset.mvnArgs(),
                    name + ": the pom's baseUrl holds");
            assertTrue(
                    unset.output()
                            .startsWith("::warning title=Downgrade check off::The variable VERSION_SERVER_URL "
                                    + "is not set, so channels.yaml is not compared with the live version server"),
                    unset.output());
        }
    }

    @Test
    void aGitLabMergeRequestWithoutVersionServerUrlPassesWithAYellowWarning() throws Exception {
        Job check = job(
                CiTemplates.gitLabPipeline(SAMPLE.resolve(".gitlab-ci.yml"), GITLAB_PROVIDED), Trigger.CHANGE_REQUEST);
        assertEquals(java.util.Set.of(3), check.warningExitCodes(), "exit 3 is 'passed with warnings'");
        Ran set = run(scriptStep(check), Map.of("VERSION_SERVER_URL", "https://updates.example.com/teleport"));
        assertEquals(0, set.exit(), set.output());
        assertEquals(
                List.of(
                        "mvn",
                        "-B",
                        "release-channels:check",
                        "-DreleaseChannels.baseUrl=https://updates.example.com/teleport"),
                set.mvnArgs());
        assertFalse(set.output().contains("WARNING"), set.output());

        Ran unset = run(scriptStep(check), Map.of("VERSION_SERVER_URL", ""));
        assertEquals(3, unset.exit(), unset.output());
        assertEquals(List.of("mvn", "-B", "release-channels:check"), unset.mvnArgs());
        assertTrue(
                unset.output().startsWith("\u001b[33mWARNING: The variable VERSION_SERVER_URL is not set"),
                unset.output());
    }

    /** The deploy passes releaseChannels.target only when the variable is set; unset, the pom's site URL holds. */
    @Test
    void theTemplatesPassTheTargetOnlyWhenItIsSet() throws Exception {
        Job s3 = job(
                CiTemplates.gitHubWorkflow(SAMPLE.resolve(".github/workflows/release-channels-s3.yml"), EXPRESSIONS),
                Trigger.DEFAULT_BRANCH);
        Job gitlab = job(
                CiTemplates.gitLabPipeline(SAMPLE.resolve(".gitlab-ci.yml"), GITLAB_PROVIDED), Trigger.DEFAULT_BRANCH);
        Step s3Deploy = s3.steps().stream()
                .filter(step -> step.name().equals("Publish to S3"))
                .findFirst()
                .orElseThrow();
        for (Step deploy : List.of(s3Deploy, scriptStep(gitlab))) {
            Ran set = run(deploy, Map.of("RELEASE_CHANNELS_TARGET", "file:///srv/www/team updates"));
            assertEquals(0, set.exit(), set.output());
            assertTrue(
                    set.mvnArgs().contains("-DreleaseChannels.target=file:///srv/www/team updates"),
                    deploy.name() + ": one argument, spaces and all: " + set.mvnArgs());
            Ran unset = run(deploy, Map.of("RELEASE_CHANNELS_TARGET", ""));
            assertEquals(0, unset.exit(), unset.output());
            assertTrue(
                    unset.mvnArgs().contains("release-channels:deploy")
                            && unset.mvnArgs().stream().noneMatch(arg -> arg.startsWith("-DreleaseChannels.target")),
                    deploy.name() + ": " + unset.mvnArgs());
        }
    }

    // The promote job: hourly, on a schedule only; it commits with the goal and proposes the commit (a pull or merge
    // request from one branch) or, when the team opts in, pushes it to the default branch.

    private static final String PROMOTE_SUBJECT = "Promote current to 17.3.0 from canary";

    /**
     * Stands in for {@code mvn}: records its words; when the file {@code due} exists, promotes as the goal with
     * {@code releaseChannels.promote.commit=true} does, one commit of channels.yaml only. With
     * {@code releaseChannels.promote.push=true} it refuses as the goal does (PromoteRun, GitHttpsToken): HEAD not on
     * a branch, an origin URL that carries credentials, and no token in the variable
     * {@code releaseChannels.git.tokenVariable} names (GITHUB_TOKEN by default), which a CI's origin asks for; then it
     * pushes the commit to origin's branch of the same name.
     */
    private static final String MVN = """
            #!/usr/bin/env bash
            set -e
            printf '%s\\n' mvn "$@" >> "$LOG_DIR/mvn-args"
            push=false; variable=GITHUB_TOKEN
            for arg in "$@"; do
              case "$arg" in
                -DreleaseChannels.promote.push=true) push=true ;;
                -DreleaseChannels.git.tokenVariable=*) variable="${arg#*=}" ;;
              esac
            done
            if [ "$push" = true ]; then
              branch="$(git symbolic-ref -q --short HEAD)" || { echo "[ERROR] HEAD is not on a branch, so there is no branch to push the promotion to" >&2; exit 1; }
              case "$(git remote get-url origin)" in
                *://*@*) echo "[ERROR] the URL of origin carries credentials or a query" >&2; exit 1 ;;
              esac
              if [ -z "${!variable}" ]; then
                echo "[ERROR] could not fetch $branch from origin: Authentication is required. The server refused no credentials (no settings.xml server password and no environment variable $variable)" >&2
                exit 2
              fi
            fi
            if [ -f "$LOG_DIR/due" ]; then
              echo "  version: 17.3.0 # $(date +%s%N)" >> channels.yaml
              git commit -q -m "PROMOTE_SUBJECT" -m "current: 17.2.1 -> 17.3.0 from canary" -- channels.yaml
              if [ "$push" = true ]; then
                git push -q origin "HEAD:refs/heads/$branch"
              fi
            fi
            """.replace("PROMOTE_SUBJECT", PROMOTE_SUBJECT);

    /**
     * Stands in for {@code gh pr list} and {@code gh pr create} against the bare repository {@code origin} (cli/cli's
     * flags for these two): refuses an unknown flag, a flag without its value, {@code --jq} without {@code --json},
     * a create without a title and body (or {@code --fill}) as it refuses without a terminal, a head branch that
     * origin does not have, and no {@code GH_TOKEN} as on a runner. Open pull requests are lines "head base" in
     * {@code $LOG_DIR/pulls}.
     */
    private static final String GH = """
            #!/usr/bin/env bash
            printf '%s\\n' gh "$@" >> "$LOG_DIR/gh-args"
            fail() { echo "$1" >&2; exit 1; }
            [ -n "$GH_TOKEN" ] || fail "gh: To use GitHub CLI in a GitHub Actions workflow, set the GH_TOKEN environment variable."
            [ "$1" = pr ] || fail "unknown command \\"$1\\" for \\"gh\\""
            command="$2"; shift 2
            case "$command" in
              list) valued=" --head -H --base -B --state -s --json --jq -q --limit -L --author -A --label -l --search -S --assignee -a --app "; flags=" --web -w --draft -d " ;;
              create) valued=" --head -H --base -B --title -t --body -b --body-file -F --label -l --assignee -a --reviewer -r --milestone -m --project -p --template -T --recover "; flags=" --draft -d --fill -f --fill-first --fill-verbose --web -w --dry-run --no-maintainer-edit --editor -e " ;;
              *) fail "unknown command \\"$command\\" for \\"gh pr\\"" ;;
            esac
            declare -A given
            while [ $# -gt 0 ]; do
              if [[ "$valued" == *" $1 "* ]]; then
                [ $# -ge 2 ] || fail "flag needs an argument: $1"
                given[$1]="$2"; shift 2
              elif [[ "$flags" == *" $1 "* ]]; then
                given[$1]=true; shift
              else
                fail "unknown flag: $1"
              fi
            done
            head="${given[--head]}"; base="${given[--base]}"
            if [ "$command" = list ]; then
              [ -z "${given[--jq]}" ] || [ -n "${given[--json]}" ] || fail "cannot use \\`--jq\\` without specifying \\`--json\\`"
              [ "${given[--state]:-open}" = open ] || fail "the stand-in lists open pull requests only"
              grep -n "^$head $base\\$" "$LOG_DIR/pulls" 2>/dev/null | cut -d: -f1
              exit 0
            fi
            if [ -z "${given[--fill]}" ] && { [ -z "${given[--title]+x}" ] || [ -z "${given[--body]+x}${given[--body-file]+x}" ]; }; then
              fail "must provide \\`--title\\` and \\`--body\\` (or \\`--fill\\` or \\`fill-first\\` or \\`--fillverbose\\`) when not running interactively"
            fi
            [ -n "${given[--title]}" ] || fail "title can't be blank"
            git ls-remote --exit-code origin "refs/heads/$head" > /dev/null || fail "pull request create failed: GraphQL: Head sha can't be blank"
            echo "$head $base" >> "$LOG_DIR/pulls"
            echo "https://github.com/acme/updates/pull/$(wc -l < "$LOG_DIR/pulls")"
            """;

    /** A bare origin whose main holds channels.yaml, and a clone of it on main, as the runner checks it out. */
    private Path repositoryWithOrigin() throws Exception {
        Path origin = temp.resolve("origin.git");
        git(temp, "init", "-q", "--bare", "-b", "main", origin.toString());
        git(origin, "config", "receive.advertisePushOptions", "true");
        // Records the push options each push carried, as GitLab reads them.
        Path hook = Files.writeString(origin.resolve("hooks/pre-receive"), """
                #!/usr/bin/env bash
                cat > /dev/null
                for ((i = 0; i < ${GIT_PUSH_OPTION_COUNT:-0}; i++)); do
                  option="GIT_PUSH_OPTION_$i"; printf '%s\\n' "${!option}" >> "$LOG_DIR/push-options"
                done
                """);
        assertTrue(hook.toFile().setExecutable(true));
        Path work = temp.resolve("work");
        git(temp, "clone", "-q", origin.toString(), work.toString());
        Files.writeString(work.resolve("channels.yaml"), "channels:\n  current:\n    version: 17.2.1\n");
        git(work, "add", "channels.yaml");
        git(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "channels");
        git(work, "push", "-q", "origin", "HEAD:refs/heads/main");
        return work;
    }

    private String git(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("LOG_DIR", temp.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + "\n" + output);
        return output.trim();
    }

    /** What the promote job did: its exit and output, mvn's and gh's words, the push options origin received. */
    private record Promoted(
            int exit, String output, List<String> mvnArgs, List<String> ghArgs, List<String> pushOptions) {}

    /** Runs the job's script in the clone as the runner would, with stand-ins for mvn and gh on PATH. */
    private Promoted promote(Path work, Step step, Map<String, String> overrides) throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        for (Map.Entry<String, String> tool : Map.of("mvn", MVN, "gh", GH).entrySet()) {
            assertTrue(Files.writeString(bin.resolve(tool.getKey()), tool.getValue())
                    .toFile()
                    .setExecutable(true));
        }
        for (String log : List.of("mvn-args", "gh-args", "push-options")) {
            Files.deleteIfExists(temp.resolve(log));
        }
        Map<String, String> env = new java.util.HashMap<>(step.env());
        env.putAll(overrides);
        env.put("LOG_DIR", temp.toString());
        SampleTemplates.Outcome ran = SampleTemplates.bash(step.script().orElseThrow(), work, env, bin);
        int exit = ran.exit();
        String output = ran.output();
        return new Promoted(exit, output, lines("mvn-args"), lines("gh-args"), lines("push-options"));
    }

    private List<String> lines(String log) throws IOException {
        Path file = temp.resolve(log);
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private String originRef(Path work, String branch) throws Exception {
        return git(work, "ls-remote", "origin", "refs/heads/" + branch).split("\\s", 2)[0];
    }

    @Test
    void eachGitHubWorkflowPromotesHourlyOnASchedule() throws IOException {
        for (String name : List.of("release-channels.yml", "release-channels-s3.yml")) {
            Path file = SAMPLE.resolve(".github/workflows/" + name);
            Map<String, Object> document = load(file);
            @SuppressWarnings("unchecked")
            Map<Object, Object> on =
                    (Map<Object, Object>) (document.containsKey("on") ? document.get("on") : document.get(true));
            assertEquals(List.of(Map.of("cron", "17 * * * *")), on.get("schedule"), name);
            Job promote = job(CiTemplates.gitHubWorkflow(file, EXPRESSIONS), Trigger.SCHEDULED);
            assertEquals("promote", promote.name(), name);
            assertTrue(promote.oneAtATime(), name);
            Map<String, Object> job = jobDefinition(file, "promote");
            assertTrue(String.valueOf(job.get("if")).startsWith("github.event_name == 'schedule' && "), name);
            assertEquals(Map.of("contents", "write", "pull-requests", "write"), job.get("permissions"), name);
            Step step = scriptStep(promote);
            assertEquals(
                    List.of(
                            "git", "git", "[", "mvn", "exit", "git", "mvn", "[", "git", "exit", "git", "[", "gh", "gh",
                            "git", "git"),
                    ShellScript.of(step.script().orElseThrow()).commands(),
                    name);
            assertEquals("promote-token", step.env().get("GH_TOKEN"), name);
            assertEquals("promote-token", step.env().get("GITHUB_TOKEN"), name + ": the goal's own push reads it");
            assertTrue(Files.readString(file).contains("fetch-depth: 0   # the soak is read from the history"), name);
        }
        // Another schedule than hourly is refused, as is a schedule condition nobody reads.
        String daily = gitHubPagesWith("- cron: '17 * * * *'", "- cron: '17 3 * * *'");
        assertThrows(
                TemplateNotRehearsable.class, () -> CiTemplates.gitHubWorkflow(write("d.yml", daily), EXPRESSIONS));
        String onPush = gitHubPagesWith(
                "if: github.event_name == 'schedule' && vars.AWS_ROLE_ARN == ''",
                "if: github.event_name != 'pull_request' && vars.AWS_ROLE_ARN == ''");
        assertThrows(
                TemplateNotRehearsable.class, () -> CiTemplates.gitHubWorkflow(write("p.yml", onPush), EXPRESSIONS));
    }

    @Test
    void theGitHubPromoteJobOpensOnePullRequestOrPushesToTheDefaultBranchWhenOptedIn() throws Exception {
        Step step = scriptStep(job(
                CiTemplates.gitHubWorkflow(SAMPLE.resolve(".github/workflows/release-channels.yml"), EXPRESSIONS),
                Trigger.SCHEDULED));
        Path work = repositoryWithOrigin();
        String main = originRef(work, "main");

        Promoted nothingDue = promote(work, step, Map.of());
        assertEquals(0, nothingDue.exit(), nothingDue.output());
        assertEquals(
                List.of("mvn", "-B", "release-channels:promote", "-DreleaseChannels.promote.commit=true"),
                nothingDue.mvnArgs());
        assertEquals(List.of(), nothingDue.ghArgs(), "nothing due: no push, no pull request");
        assertEquals("", originRef(work, "release-channels/promote"));

        Files.writeString(temp.resolve("due"), "");
        Promoted proposed = promote(work, step, Map.of());
        assertEquals(0, proposed.exit(), proposed.output());
        String head = git(work, "rev-parse", "HEAD");
        assertEquals(head, originRef(work, "release-channels/promote"));
        assertEquals(main, originRef(work, "main"), "the default branch moves only through the pull request");
        assertEquals("github-actions[bot]", git(work, "log", "-1", "--format=%an"));
        List<String> create = proposed.ghArgs()
                .subList(proposed.ghArgs().lastIndexOf("gh"), proposed.ghArgs().size());
        assertEquals(
                List.of(
                        "gh",
                        "pr",
                        "create",
                        "--head",
                        "release-channels/promote",
                        "--base",
                        "main",
                        "--title",
                        PROMOTE_SUBJECT,
                        "--body",
                        "current: 17.2.1 -> 17.3.0 from canary"),
                create);

        // An hour later another promotion: the branch is updated, the open pull request shows it, none is added.
        Promoted updated = promote(work, step, Map.of());
        assertEquals(0, updated.exit(), updated.output());
        assertEquals(git(work, "rev-parse", "HEAD"), originRef(work, "release-channels/promote"));
        assertFalse(updated.ghArgs().contains("create"), updated.ghArgs().toString());
        assertEquals(1, Files.readAllLines(temp.resolve("pulls")).size());

        // Straight to the default branch the goal pushes itself, with the token the job gives it.
        Map<String, String> withoutToken = new java.util.HashMap<>(step.env());
        withoutToken.remove("GITHUB_TOKEN");
        Promoted refused = promote(
                work, new Step(step.name(), step.script(), withoutToken), Map.of("PROMOTE_TO_DEFAULT_BRANCH", "true"));
        assertEquals(2, refused.exit(), refused.output());
        assertTrue(refused.output().contains("no environment variable GITHUB_TOKEN"), refused.output());
        Promoted direct = promote(work, step, Map.of("PROMOTE_TO_DEFAULT_BRANCH", "true"));
        assertEquals(0, direct.exit(), direct.output());
        assertEquals(
                List.of(
                        "mvn",
                        "-B",
                        "release-channels:promote",
                        "-DreleaseChannels.promote.commit=true",
                        "-DreleaseChannels.promote.push=true"),
                direct.mvnArgs());
        assertEquals(git(work, "rev-parse", "HEAD"), originRef(work, "main"));
        assertEquals(List.of(), direct.ghArgs());
    }

    @Test
    void theGhStandInRefusesWhatGhPrCreateRefuses() throws Exception {
        Step step = scriptStep(job(
                CiTemplates.gitHubWorkflow(SAMPLE.resolve(".github/workflows/release-channels.yml"), EXPRESSIONS),
                Trigger.SCHEDULED));
        Path work = repositoryWithOrigin();
        Files.writeString(temp.resolve("due"), "");
        Map<String, Step> broken = Map.of(
                "must provide `--title` and `--body`",
                        withScript(step, s -> s.replace(" --body \"$(git log -1 --format=%b)\"", "")),
                "unknown flag: --target",
                        withScript(
                                step,
                                s -> s.replace(
                                        "--base \"$DEFAULT_BRANCH\" --title", "--target \"$DEFAULT_BRANCH\" --title")),
                "Head sha can't be blank",
                        withEnv(
                                withScript(
                                        step,
                                        s -> s.replace(
                                                "git push --force origin \"HEAD:refs/heads/$PROMOTE_BRANCH\"", "true")),
                                "PROMOTE_BRANCH",
                                "never-pushed"),
                "set the GH_TOKEN environment variable",
                        new Step(
                                step.name(),
                                step.script(),
                                Map.of(
                                        "DEFAULT_BRANCH",
                                        "main",
                                        "PROMOTE_BRANCH",
                                        "release-channels/promote",
                                        "PROMOTE_TO_DEFAULT_BRANCH",
                                        "")));
        for (Map.Entry<String, Step> refused : broken.entrySet()) {
            Promoted run = promote(work, refused.getValue(), Map.of());
            assertEquals(1, run.exit(), refused.getKey() + ": " + run.output());
            assertTrue(run.output().contains(refused.getKey()), run.output());
        }
    }

    private static Step withEnv(Step step, String name, String value) {
        Map<String, String> env = new java.util.HashMap<>(step.env());
        env.put(name, value);
        return new Step(step.name(), step.script(), env);
    }

    private static Step withScript(Step step, java.util.function.UnaryOperator<String> edit) {
        String script = step.script().orElseThrow();
        String edited = edit.apply(script);
        assertFalse(edited.equals(script), "the edit must change the script");
        return new Step(step.name(), java.util.Optional.of(edited), step.env());
    }

    @Test
    void gitLabPromotesInThePipelineScheduleOnlyAndOpensAMergeRequestWithPushOptions() throws Exception {
        Path file = SAMPLE.resolve(".gitlab-ci.yml");
        List<Job> jobs = CiTemplates.gitLabPipeline(file, GITLAB_PROVIDED);
        Job promote = job(jobs, Trigger.SCHEDULED);
        assertEquals("promote", promote.name());
        assertTrue(promote.oneAtATime());
        assertEquals("0", promote.steps().get(0).env().get("GIT_DEPTH"));
        // No other job runs in the hourly pipeline: a scheduled publish would undo a rollback every hour.
        for (String other : List.of("publish", "rollback", "cluster-resources", "apply-cluster-resources")) {
            assertTrue(
                    String.valueOf(jobDefinition(file, other).get("rules"))
                            .contains("$CI_PIPELINE_SOURCE != \"schedule\""),
                    other);
        }
        Path work = repositoryWithOrigin();
        String main = originRef(work, "main");
        Map<String, String> runner = Map.of(
                "CI_SERVER_URL",
                temp.toUri().toString().replaceAll("/$", ""),
                "CI_PROJECT_PATH",
                "origin",
                "CI_COMMIT_BRANCH",
                "main");
        Step step = promote.steps().get(0);

        Promoted nothingDue = promote(work, step, runner);
        assertEquals(0, nothingDue.exit(), nothingDue.output());
        assertEquals(
                List.of("mvn", "-B", "release-channels:promote", "-DreleaseChannels.promote.commit=true"),
                nothingDue.mvnArgs());
        assertEquals("", originRef(work, "release-channels/promote"));

        Files.writeString(temp.resolve("due"), "");
        Promoted proposed = promote(work, step, runner);
        assertEquals(0, proposed.exit(), proposed.output());
        assertEquals(git(work, "rev-parse", "HEAD"), originRef(work, "release-channels/promote"));
        assertEquals(main, originRef(work, "main"));
        assertEquals(
                List.of("merge_request.create", "merge_request.target=main", "merge_request.title=" + PROMOTE_SUBJECT),
                proposed.pushOptions());
        assertEquals("release-channels promote", git(work, "log", "-1", "--format=%an"));

        // Straight to the default branch the goal pushes itself with the project token, to an origin set without
        // the job token the runner puts in its URL.
        Map<String, String> optedIn = new java.util.HashMap<>(runner);
        optedIn.put("RELEASE_CHANNELS_PROMOTE_TO_DEFAULT_BRANCH", "true");
        optedIn.put("RELEASE_CHANNELS_GIT_TOKEN", "project-token");
        git(
                work,
                "remote",
                "set-url",
                "origin",
                "https://gitlab-ci-token:job-token@gitlab.example.com/acme/updates.git");
        Promoted direct = promote(work, step, optedIn);
        assertEquals(0, direct.exit(), direct.output());
        assertEquals(
                List.of(
                        "mvn",
                        "-B",
                        "release-channels:promote",
                        "-DreleaseChannels.promote.commit=true",
                        "-DreleaseChannels.promote.push=true",
                        "-DreleaseChannels.git.tokenVariable=RELEASE_CHANNELS_GIT_TOKEN"),
                direct.mvnArgs());
        assertEquals(git(work, "rev-parse", "HEAD"), originRef(work, "main"));
        assertEquals(List.of(), direct.pushOptions());
        assertFalse(git(work, "remote", "get-url", "origin").contains("job-token"));
    }

    @Test
    void theActionTakesEveryInputThroughEnvAndOutputsTheReportAndWhetherAnythingChanged() throws IOException {
        Path action = SAMPLE.resolveSibling("action.yml");
        CiTemplates.CompositeAction parsed =
                CiTemplates.compositeAction(action, Map.of("args", "-DreleaseChannels.s3.region=eu-west-1\n-X"));
        assertEquals(
                Map.of("report", "${{ steps.run.outputs.report }}", "changed", "${{ steps.run.outputs.changed }}"),
                parsed.outputs());
        Step run = parsed.steps().stream()
                .filter(step -> step.id().equals(java.util.Optional.of("run")))
                .findFirst()
                .orElseThrow();
        assertEquals("-DreleaseChannels.s3.region=eu-west-1\n-X", run.env().get("RELEASE_CHANNELS_ARGS"));
        assertEquals(
                "${{ steps.checkout.outputs.hash }}",
                run.env().get("RELEASE_CHANNELS_CHECKOUT"),
                "filled in from the earlier step when the job runs");
        assertEquals("", run.env().get("RELEASE_CHANNELS_PLUGIN_VERSION"), "by default the action's own version");
        // An input inside run would be script injection; an output of a step that does not exist is refused.
        String text = Files.readString(action);
        assertThrows(
                TemplateNotRehearsable.class,
                () -> CiTemplates.compositeAction(
                        write(
                                "action.yml",
                                text.replace("done <<< \"$RELEASE_CHANNELS_ARGS\"", "done <<< \"${{ inputs.args }}\"")),
                        Map.of()));
        assertThrows(
                TemplateNotRehearsable.class,
                () -> CiTemplates.compositeAction(
                        write(
                                "action.yml",
                                text.replace("${{ steps.run.outputs.report }}", "${{ steps.publish.outputs.report }}")),
                        Map.of()));
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
        List<Job> matching =
                jobs.stream().filter(job -> job.trigger() == trigger).toList();
        assertEquals(1, matching.size(), jobs.toString());
        return matching.get(0);
    }

    private static String script(Job job) {
        return job.steps().stream()
                .filter(s -> s.script().isPresent())
                .findFirst()
                .orElseThrow()
                .script()
                .get();
    }

    private static String script(Job job, int index) {
        return job.steps().get(index).script().orElseThrow();
    }
}
