package io.github.releasechannels.ci;

import io.github.releasechannels.ci.CiTemplates.Job;
import io.github.releasechannels.ci.CiTemplates.Step;
import io.github.releasechannels.ci.CiTemplates.Trigger;
import io.github.releasechannels.testing.TestCertificateAuthority;
import io.github.releasechannels.testing.TestHttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Runs the CI templates of sample-repo for real: each job's shell steps, in a fresh git copy of sample-repo, with the
 * Maven running the build and the plugin under test, against local stand-ins for what CI would reach: a bare git
 * repository or a directory as the deploy target, served over HTTPS by a test server with a private CA as the
 * version server. The invoker IT {@code ci-templates} calls {@link #rehearse}.
 *
 * <p>Per template: the change-request job on the unchanged sample (must pass), the default-branch job (deploy, then
 * verify, must pass and serve 14.2.1), the optional job applying the Managed Updates v2 resources (with tctl and tbot
 * stand-ins on PATH: no cluster is reached), then the change-request job on a downgrade (must fail, naming it) and,
 * for GitHub, on a misspelled key (must fail with an annotation on its line), then the rollback: a second commit at a
 * higher version published by the default-branch job, the manual job run with the first commit as its ref (must serve
 * 14.2.1 again and record the rollback in the manifest). No planted secret may appear in any output.
 */
public final class CiTemplateRehearsal {

    private static final String FAKE_GITHUB_TOKEN = "ghs_PLANTEDrehearsalTOKEN0000000000000000";
    private static final String FAKE_GITLAB_TOKEN = "glpat-PLANTEDrehearsalTOKEN00000";
    private static final Duration STEP_TIME_LIMIT = Duration.ofSeconds(180);
    private static final Pattern CHANNEL_LINE = Pattern.compile("\\| `current` \\| 14\\.2\\.1 \\|");

    private final Path sampleRepo;
    private final Path work;
    private final Path mavenHome;
    private final String mavenArgs;
    private final TestCertificateAuthority authority;
    private final List<String> report = new ArrayList<>();
    /** The tctl and tbot stand-ins, first on every step's PATH, and the file where they record their calls. */
    private final Path standIns;
    private final Path standInCalls;
    private int pagesBuilds;

    private CiTemplateRehearsal(Path sampleRepo, Path work, Path mavenHome, List<String> mavenArgs)
            throws Exception {
        this.sampleRepo = sampleRepo;
        this.work = Files.createDirectories(work);
        this.mavenHome = mavenHome;
        this.authority = TestCertificateAuthority.create();
        Path caPem = authority.writeRootPem(work.resolve("version-server-ca.pem"));
        // The version server's private CA, as a company would give it to every Maven run in its CI.
        List<String> args = new ArrayList<>(mavenArgs);
        args.add("-DreleaseChannels.trustedCertificates=" + caPem);
        this.mavenArgs = String.join(" ", args);
        this.standIns = Files.createDirectories(work.resolve("stand-ins"));
        this.standInCalls = standIns.resolve("calls.log");
        writeStandIns();
    }

    /**
     * tctl and tbot as the apply job calls them, reaching no cluster: tctl accepts only
     * {@code create -f --force <file>} of an existing {@code autoupdate_config.yaml} / {@code autoupdate_version.yaml}
     * whose {@code kind:} and {@code metadata.name} are that resource's; tbot only a one-shot GitLab join writing an
     * identity file. Each records its call (never a token) in {@link #standInCalls}; anything else exits 2.
     */
    private void writeStandIns() throws IOException {
        String calls = standInCalls.toString().replace("'", "'\\''");
        String tctl = """
                #!/usr/bin/env bash
                # Stands in for Teleport's tctl in the CI-template rehearsal; no cluster is reached.
                set -eu
                if [ "$#" -ne 4 ] || [ "$1" != create ] || [ "$2" != -f ] || [ "$3" != --force ]; then
                  echo "tctl stand-in: expected 'tctl create -f --force <file>', got: tctl $*" >&2
                  exit 2
                fi
                file=$4
                if [ ! -f "$file" ]; then
                  echo "tctl stand-in: $file: no such file" >&2
                  exit 2
                fi
                kind=$(sed -n 's/^kind: *//p' "$file")
                name=$(sed -n 's/^  name: *//p' "$file")
                case "$(basename "$file") $kind $name" in
                  "autoupdate_config.yaml autoupdate_config autoupdate-config") ;;
                  "autoupdate_version.yaml autoupdate_version autoupdate-version") ;;
                  *) echo "tctl stand-in: $file holds kind '$kind' named '$name'" >&2; exit 2 ;;
                esac
                identity=none
                if [ -n "${TELEPORT_IDENTITY_FILE:-}" ] && [ -f "$TELEPORT_IDENTITY_FILE" ]; then identity=tbot; fi
                echo "tctl create -f --force $file: $kind, identity $identity, auth ${TELEPORT_AUTH_SERVER:-none}" >> '@CALLS@'
                echo "$kind \"$name\" has been created"
                """.replace("@CALLS@", calls);
        String tbot = """
                #!/usr/bin/env bash
                # Stands in for Teleport's tbot in the CI-template rehearsal; no cluster is reached.
                set -eu
                destination=
                joined=no
                for argument in "$@"; do
                  case "$argument" in
                    --destination=*) destination=${argument#--destination=} ;;
                    --join-method=gitlab) joined=yes ;;
                  esac
                done
                if [ "$1 $2" != "start identity" ] || [ "$joined" != yes ] || [ -z "$destination" ] \
                    || [ -z "${TBOT_GITLAB_JWT:-}" ] || [[ " $* " != *" --oneshot "* ]]; then
                  echo "tbot stand-in: expected a one-shot 'tbot start identity --join-method=gitlab' with" \
                      "--destination and TBOT_GITLAB_JWT set" >&2
                  exit 2
                fi
                mkdir -p "$destination"
                echo "stand-in identity" > "$destination/identity"
                echo "tbot start identity --join-method=gitlab (TBOT_GITLAB_JWT set) --destination=$destination" >> '@CALLS@'
                """.replace("@CALLS@", calls);
        for (Map.Entry<String, String> standIn : Map.of("tctl", tctl, "tbot", tbot).entrySet()) {
            Path file = Files.writeString(standIns.resolve(standIn.getKey()), standIn.getValue());
            if (!file.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + file + " executable");
            }
        }
    }

    /**
     * Rehearses every template; fails with an {@link AssertionError} naming the template, job and log.
     *
     * @param mavenHome the Maven that runs the templates' {@code mvn}
     * @param mavenArgs what makes that Maven find the plugin under test (settings, local repository, version),
     *                  passed in {@code MAVEN_ARGS} so the templates' commands run unchanged; no spaces inside
     * @return one line per job run, with its outcome and time
     */
    public static List<String> rehearse(Path sampleRepo, Path work, Path mavenHome, List<String> mavenArgs)
            throws Exception {
        CiTemplateRehearsal rehearsal = new CiTemplateRehearsal(sampleRepo.toAbsolutePath().normalize(),
                work.toAbsolutePath(), mavenHome, mavenArgs);
        rehearsal.gitHubPages();
        rehearsal.gitHubS3();
        rehearsal.gitLab();
        rehearsal.compositeAction();
        return List.copyOf(rehearsal.report);
    }

    private void gitHubPages() throws Exception {
        Path dir = Files.createDirectories(work.resolve("github-pages"));
        Path repository = copySample(dir);
        Path pages = dir.resolve("pages.git");
        Git.init().setBare(true).setDirectory(pages.toFile()).call().close();
        try (TestHttpsServer server = TestHttpsServer.https(authority.serverContext())) {
            Path empty = Files.createDirectories(dir.resolve("served-0"));
            server.serveDirectory(empty);
            List<Job> jobs = CiTemplates.gitHubWorkflow(
                    repository.resolve(".github/workflows/release-channels.yml"), gitHubExpressions(server, repository));
            Map<String, String> localTarget = Map.of("RELEASE_CHANNELS_TARGET", "git+file://" + pages + "#gh-pages");
            // GitHub Pages serves the branch after each push; the test server serves a fresh checkout of it.
            StepHook pagesBuild = () -> {
                if (Git.lsRemoteRepository().setRemote(pages.toUri().toString()).setHeads(true).call().isEmpty()) {
                    return;
                }
                Path checkout = dir.resolve("served-" + (++pagesBuilds));
                Git.cloneRepository().setURI(pages.toUri().toString()).setBranch("gh-pages")
                        .setDirectory(checkout.toFile()).call().close();
                server.serveDirectory(checkout);
            };
            scenarios(jobs, repository, localTarget, pagesBuild, true, () -> servedRoot(dir));
        }
    }

    private void gitHubS3() throws Exception {
        Path dir = Files.createDirectories(work.resolve("github-s3"));
        Path repository = copySample(dir);
        Path bucket = dir.resolve("bucket");
        try (TestHttpsServer server = TestHttpsServer.https(authority.serverContext())) {
            server.serveDirectory(bucket);
            List<Job> jobs = CiTemplates.gitHubWorkflow(
                    repository.resolve(".github/workflows/release-channels-s3.yml"), gitHubExpressions(server, repository));
            // The S3 publish itself is tested against S3Mock (S3PublishTest); here the bucket is a directory.
            Map<String, String> localTarget = Map.of("RELEASE_CHANNELS_TARGET", bucket.toUri().toString());
            scenarios(jobs, repository, localTarget, () -> { }, true, () -> bucket);
        }
    }

    private void gitLab() throws Exception {
        Path dir = Files.createDirectories(work.resolve("gitlab"));
        Path repository = copySample(dir);
        Path pages = dir.resolve("pages.git");
        Git.init().setBare(true).setDirectory(pages.toFile()).call().close();
        Path site = dir.resolve("site");
        try (TestHttpsServer server = TestHttpsServer.https(authority.serverContext())) {
            server.serveDirectory(site);
            Map<String, String> provided = new LinkedHashMap<>();
            provided.put("CI_PROJECT_DIR", repository.toString());
            provided.put("VERSION_SERVER_URL", server.baseUrl());
            provided.put("RELEASE_CHANNELS_TARGET", site.toUri().toString());
            provided.put("RELEASE_CHANNELS_GIT_TOKEN", FAKE_GITLAB_TOKEN);
            // Exercises the OIDC branch of the script; a directory target does not call AWS.
            provided.put("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/rehearsal");
            provided.put("TELEPORT_PROXY", "teleport.example.com:443");
            provided.put("TELEPORT_BOT_TOKEN", "release-channels-bot");
            provided.put("TELEPORT_CLUSTER_NAME", "teleport.example.com");
            List<Job> jobs = CiTemplates.gitLabPipeline(repository.resolve(".gitlab-ci.yml"), provided);
            scenarios(jobs, repository, Map.of(), () -> { }, false, () -> site);
        }
    }

    /**
     * The repository's composite action (action.yml, next to sample-repo) in a folder with only channels.yaml:
     * check, deploy to a directory the test server serves, verify it, refuse a downgrade, refuse an unknown goal.
     */
    private void compositeAction() throws Exception {
        Path dir = Files.createDirectories(work.resolve("action"));
        Path repository = Files.createDirectories(dir.resolve("repository"));
        Files.copy(sampleRepo.resolve("channels.yaml"), repository.resolve("channels.yaml"));
        commit(repository);
        Path action = sampleRepo.resolveSibling("action.yml");
        Path site = Files.createDirectories(dir.resolve("site"));
        try (TestHttpsServer server = TestHttpsServer.https(authority.serverContext())) {
            server.serveDirectory(site);
            Function<Map<String, String>, Job> job = inputs -> actionJob(action, inputs);

            Result check = run(job.apply(Map.of("goal", "check")), "check", repository, Map.of(), () -> { });
            Job deploy = job.apply(Map.of("goal", "deploy", "target", site.toUri().toString()));
            Result published = run(deploy, "deploy", repository, Map.of(), () -> { });
            require(check.exit() == 0 && check.output().contains("channels.yaml is valid."), deploy,
                    "check passes on the sample", check.output());
            require(published.exit() == 0 && Files.readString(site.resolve("current/version")).equals("14.2.1")
                    && Files.isRegularFile(repository.resolve("target/release-channels/release-channels.json"))
                    && !Files.exists(repository.resolve("pom.xml")), deploy,
                    "deploys without a pom, the site rendered in ./target", published.output());

            Job verify = job.apply(Map.of("goal", "verify", "base-url", server.baseUrl(), "wait-seconds", "5"));
            Result verified = run(verify, "verify", repository, Map.of(), () -> { });
            require(verified.exit() == 0 && verified.output().contains("4 of 4 in sync"), verify,
                    "verify finds every channel in sync", verified.output());

            Path channels = repository.resolve("channels.yaml");
            String original = Files.readString(channels);
            Files.writeString(channels, original.replace("version: 14.2.1", "version: 14.2.0"));
            Job guarded = job.apply(Map.of("goal", "check", "base-url", server.baseUrl()));
            Result downgrade = run(guarded, "downgrade", repository, Map.of(), () -> { });
            require(downgrade.exit() != 0 && downgrade.output().contains("goes down from 14.2.1"), guarded,
                    "check refuses a downgrade against the live site", downgrade.output());
            Files.writeString(channels, original);

            Job unknown = job.apply(Map.of("goal", "clean"));
            Result refused = run(unknown, "unknown goal", repository, Map.of(), () -> { });
            require(refused.exit() != 0 && refused.output().contains("::error::goal must be check"), unknown,
                    "an unknown goal is refused", refused.output());
        }
    }

    /** The action's steps as a workflow using it would run them, with this build's plugin and wrapper. */
    private Job actionJob(Path action, Map<String, String> inputs) {
        Map<String, String> withVersion = new LinkedHashMap<>(inputs);
        withVersion.put("plugin-version", pluginVersion());
        try {
            List<Step> steps = new ArrayList<>();
            for (Step step : CiTemplates.compositeAction(action, withVersion)) {
                Map<String, String> env = new LinkedHashMap<>(step.env());
                env.put("GITHUB_ACTION_PATH", action.getParent().toString());
                // The wrapper's Maven where the build's own ./mvnw unpacked it, not a download into the fresh HOME.
                env.put("MAVEN_USER_HOME", Path.of(System.getProperty("user.home"), ".m2").toString());
                steps.add(new Step(step.name(), step.script(), env));
            }
            return new Job("action.yml", inputs.get("goal"), Trigger.DEFAULT_BRANCH, true, steps, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String pluginVersion() {
        Matcher version = Pattern.compile("-Drelease-channels\\.version=(\\S+)").matcher(mavenArgs);
        if (!version.find()) {
            throw new AssertionError("the Maven arguments name no -Drelease-channels.version: " + mavenArgs);
        }
        return version.group(1);
    }

    /** @param repository its {@code HEAD}, the sample's commit, is the ref the workflow_dispatch run rolls back to */
    private static Map<String, String> gitHubExpressions(TestHttpsServer server, Path repository) throws IOException {
        return Map.of(
                "vars.VERSION_SERVER_URL", server.baseUrl(),
                "vars.RELEASE_CHANNELS_TARGET", "s3://my-bucket/teleport",
                "github.repository", "acme/teleport-updates",
                "secrets.GITHUB_TOKEN", FAKE_GITHUB_TOKEN,
                "inputs.ref", head(repository));
    }

    private static String head(Path repository) throws IOException {
        try (Git git = Git.open(repository.toFile())) {
            return git.getRepository().resolve("HEAD").name();
        }
    }

    private Path servedRoot(Path dir) {
        try (Stream<Path> served = Files.list(dir)) {
            return served.filter(p -> p.getFileName().toString().startsWith("served-"))
                    .max((a, b) -> Integer.compare(number(a), number(b))).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int number(Path served) {
        return Integer.parseInt(served.getFileName().toString().substring("served-".length()));
    }

    private void scenarios(List<Job> jobs, Path repository, Map<String, String> localTarget, StepHook afterStep,
            boolean gitHub, Supplier<Path> servedSite) throws Exception {
        Job check = single(jobs, Trigger.CHANGE_REQUEST);
        Job publish = single(jobs, Trigger.DEFAULT_BRANCH);
        require(publish.oneAtATime(), publish, "the publish job must run one at a time, never cancelled", "");
        Path channels = repository.resolve("channels.yaml");
        String original = Files.readString(channels);

        Result valid = run(check, "unchanged", repository, localTarget, afterStep);
        require(valid.exit() == 0, check, "passes on the sample", valid.output());
        if (gitHub) {
            require(CHANNEL_LINE.matcher(valid.summary()).find() && valid.summary().contains("is valid")
                    && valid.summary().contains("channels.yaml") && !valid.summary().contains("pom.xml"), check,
                    "job summary lists the channels and nothing of Maven's", valid.summary());
        } else {
            requireReport(repository, check, "codequality", "[]", valid);
        }

        Result published = run(publish, "publish", repository, localTarget, afterStep);
        require(published.exit() == 0, publish, "deploys and verifies", published.output());
        require(published.output().contains("4 of 4 in sync"), publish, "verify finds every channel in sync",
                published.output());
        Path version = servedSite.get().resolve("current/version");
        require(Files.isRegularFile(version) && Files.readString(version).equals("14.2.1"), publish,
                "serves current/version = 14.2.1", published.output());
        if (!gitHub) {
            requireReport(repository, publish, "junit", "<testcase classname=\"release-channels.verify\" "
                    + "name=\"current\"/>", published);
        }

        applyClusterResources(jobs, repository, localTarget, afterStep, gitHub);

        Files.writeString(channels, original.replace("version: 14.2.1", "version: 14.2.0"));
        Result downgrade = run(check, "downgrade", repository, localTarget, afterStep);
        require(downgrade.exit() != 0 && downgrade.output().contains("goes down from 14.2.1"), check,
                "refuses a downgrade against the live site", downgrade.output());
        require(downgrade.output().contains("current: version 14.2.1 → 14.2.0"), check,
                "prints the plan with values", downgrade.output());
        // current's version line, the line the pull request changed, at the value.
        int changedLine = lineOf(original, "    version: 14.2.1");
        String versionLine = "line=" + changedLine + ",col=14";
        if (gitHub) {
            require(downgrade.output().contains("::error file=channels.yaml," + versionLine
                    + ",title=Downgrade refused::channel 'current' goes down from 14.2.1"), check,
                    "annotates the downgrade on the version line the pull request changed", downgrade.output());
            require(downgrade.summary().contains("goes down from 14.2.1")
                    && downgrade.summary().contains("cannot be published")
                    && downgrade.summary().contains("14.2.1 → **14.2.0**"), check,
                    "job summary names the downgrade and shows the plan", downgrade.summary());
        } else {
            requireReport(repository, check, "codequality", "\"location\": {\"path\": \"channels.yaml\", \"lines\": "
                    + "{\"begin\": " + changedLine + "}}", downgrade);
        }

        // A channels.yaml in a sub-folder, with a misspelled key: annotated on its line of that file.
        Files.writeString(channels, original);
        String typo = original.replaceFirst("critical: false", "critcal: false");
        Files.writeString(Files.createDirectories(repository.resolve("teleport")).resolve("channels.yaml"), typo);
        Result misspelled = run(check, "misspelled key in a sub-folder", repository, localTarget, afterStep,
                "-DreleaseChannels.file=teleport/channels.yaml");
        String typoLine = "line=" + lineOf(typo, "    critcal:") + ",col=5";
        require(misspelled.exit() != 0, check, "fails on a misspelled key", misspelled.output());
        if (gitHub) {
            require(misspelled.output().contains("::error file=teleport/channels.yaml," + typoLine
                    + ",title=Invalid channels.yaml::unknown key 'critcal'"), check,
                    "annotates the problem on its line of teleport/channels.yaml", misspelled.output());
            require(misspelled.summary().contains("unknown key 'critcal'"), check, "job summary names the problem",
                    misspelled.summary());
        } else {
            requireReport(repository, check, "codequality", "\"location\": {\"path\": \"teleport/channels.yaml\", "
                    + "\"lines\": {\"begin\": " + lineOf(typo, "    critcal:") + "}}", misspelled);
        }
        Files.delete(repository.resolve("teleport/channels.yaml"));
        Files.writeString(channels, original);

        rollback(jobs, publish, repository, localTarget, afterStep, servedSite);
    }

    /**
     * The sample's commit A serves 14.2.1; commit B (14.2.2) is published by the default-branch job; the manual job,
     * given A as its ref, serves 14.2.1 again, through the downgrade guard, and the manifest records the rollback.
     */
    private void rollback(List<Job> jobs, Job publish, Path repository, Map<String, String> localTarget,
            StepHook afterStep, Supplier<Path> servedSite) throws Exception {
        Job rollback = single(jobs, Trigger.MANUAL);
        require(rollback.oneAtATime(), rollback, "the rollback job must run one at a time, as the publish", "");
        String good = head(repository);
        Path channels = repository.resolve("channels.yaml");
        Files.writeString(channels, Files.readString(channels).replace("version: 14.2.1", "version: 14.2.2"));
        try (Git git = Git.open(repository.toFile())) {
            PersonIdent author = new PersonIdent("Rehearsal", "rehearsal@example.invalid");
            git.commit().setAll(true).setMessage("current 14.2.2").setAuthor(author).setCommitter(author)
                    .setSign(false).call();
        }
        String bad = head(repository);
        Result upgraded = run(publish, "publish B", repository, localTarget, afterStep);
        require(upgraded.exit() == 0 && Files.readString(servedSite.get().resolve("current/version"))
                .equals("14.2.2"), publish, "publishes the second commit, 14.2.2", upgraded.output());

        // What a person types into the run form: GitHub's input is in the expressions, GitLab's variable here.
        Map<String, String> withRef = new LinkedHashMap<>(localTarget);
        withRef.put("ROLLBACK_REF", good);
        Result rolledBack = run(rollback, "rollback to A", repository, withRef, afterStep);
        require(rolledBack.exit() == 0, rollback, "rolls back and verifies", rolledBack.output());
        require(rolledBack.output().contains("4 of 4 in sync"), rollback, "verify finds every channel in sync",
                rolledBack.output());
        Path served = servedSite.get();
        require(Files.readString(served.resolve("current/version")).equals("14.2.1"), rollback,
                "serves the first commit's current/version = 14.2.1 again", rolledBack.output());
        String manifest = Files.readString(served.resolve("release-channels.json"));
        require(manifest.contains("\"from_commit\": \"" + bad + "\", \"to_commit\": \"" + good + "\"")
                && manifest.contains("\"commit\": \"" + good + "\""), rollback,
                "the manifest records the rollback from B to A", manifest);
        require(rolledBack.output().contains("This is a rollback to commit " + good.substring(0, 12)), rollback,
                "the log says it is a rollback", rolledBack.output());
    }

    /**
     * The optional job applying the Managed Updates v2 resources after the publish: on the sample (no
     * {@code managed_updates}) it fails before calling tctl; on sample-repo's v1 + v2 example copied over
     * channels.yaml, as the README says, it renders the resources and hands each to tctl, config first.
     */
    private void applyClusterResources(List<Job> jobs, Path repository, Map<String, String> localTarget,
            StepHook afterStep, boolean gitHub) throws Exception {
        Job apply = single(jobs, Trigger.AFTER_PUBLISH_IF_ENABLED);
        require(apply.oneAtATime(), apply, "applies one at a time, never cancelled", "");
        Path channels = repository.resolve("channels.yaml");
        String original = Files.readString(channels);

        Files.deleteIfExists(standInCalls);
        Result nothing = run(apply, "apply without managed_updates", repository, localTarget, afterStep);
        require(nothing.exit() != 0 && nothing.output().contains("has no managed_updates section")
                && !Files.exists(standInCalls), apply, "fails without a managed_updates section, calling no tctl",
                nothing.output());

        Files.copy(repository.resolve("examples/channels-v1-and-v2.yaml"), channels,
                StandardCopyOption.REPLACE_EXISTING);
        Result applied = run(apply, "apply", repository, localTarget, afterStep);
        require(applied.exit() == 0 && Files.exists(standInCalls), apply, "applies the rendered resources",
                applied.output());
        String credentials = gitHub ? "identity none, auth none" // teleport-actions/auth is stood in
                : "identity tbot, auth teleport.example.com:443";
        List<String> expected = new ArrayList<>();
        if (!gitHub) {
            expected.add("tbot start identity --join-method=gitlab (TBOT_GITLAB_JWT set) --destination="
                    + repository.resolve("target/tbot"));
        }
        expected.add("tctl create -f --force target/release-channels-resources/autoupdate_config.yaml: "
                + "autoupdate_config, " + credentials);
        expected.add("tctl create -f --force target/release-channels-resources/autoupdate_version.yaml: "
                + "autoupdate_version, " + credentials);
        List<String> calls = Files.readAllLines(standInCalls);
        require(calls.equals(expected), apply, "calls " + expected, calls + "\n" + applied.output());
        report.add(apply.template() + " " + apply.name() + ": " + String.join("; ", calls));
        Files.writeString(channels, original);
    }

    /** The outcome of one job run: exit code of its last step, all output, the GitHub job summary. */
    private record Result(int exit, String output, String summary) {
    }

    private Result run(Job job, String scenario, Path repository, Map<String, String> localTarget, StepHook afterStep)
            throws Exception {
        return run(job, scenario, repository, localTarget, afterStep, "");
    }

    /** @param extraMavenArgs what a team would add to the template's mvn command, e.g. another channels file */
    private Result run(Job job, String scenario, Path repository, Map<String, String> localTarget, StepHook afterStep,
            String extraMavenArgs) throws Exception {
        long start = System.nanoTime();
        Path dir = Files.createDirectories(repository.resolveSibling("runs"));
        String label = job.name() + "-" + scenario.replace(' ', '-');
        Path summary = Files.createFile(dir.resolve(label + "-summary.md"));
        StringBuilder output = new StringBuilder();
        int exit = 0;
        for (Step step : job.steps()) {
            if (step.script().isEmpty()) {
                output.append("(CI plumbing, not rehearsed: ").append(step.name()).append(")\n");
                continue;
            }
            Path script = Files.writeString(dir.resolve(label + "-step.sh"), step.script().get());
            ProcessBuilder process = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail",
                    script.toString()).directory(repository.toFile()).redirectErrorStream(true);
            Map<String, String> env = process.environment();
            env.keySet().removeIf(name -> !List.of("PATH", "LANG", "TMPDIR").contains(name));
            env.put("PATH", String.join(java.io.File.pathSeparator, mavenHome.resolve("bin").toString(),
                    standIns.toString(), System.getenv("PATH")));
            env.put("HOME", Files.createDirectories(dir.resolve("home")).toString()); // no ~/.m2, ~/.aws, ~/.ssh
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("MAVEN_ARGS", (mavenArgs + " " + extraMavenArgs).trim());
            // What the runners set: the plugin detects its CI from these.
            if (job.template().equals(".gitlab-ci.yml")) {
                env.put("GITLAB_CI", "true");
            } else {
                env.put("GITHUB_ACTIONS", "true");
                env.put("GITHUB_WORKSPACE", repository.toString());
            }
            // Short-lived JVMs start faster without the optimising compiler; MAVEN_OPTS stays the template's.
            env.put("JDK_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
            env.put("GITHUB_STEP_SUMMARY", summary.toString());
            env.putAll(step.env());
            localTarget.forEach((name, value) -> env.computeIfPresent(name, (n, old) -> value));
            Process running = process.start();
            byte[] bytes = running.getInputStream().readAllBytes();
            if (!running.waitFor(STEP_TIME_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                running.destroyForcibly();
                throw new AssertionError(job.template() + " " + label + ": step '" + step.name() + "' ran longer "
                        + "than " + STEP_TIME_LIMIT);
            }
            output.append(new String(bytes, StandardCharsets.UTF_8));
            exit = running.exitValue();
            afterStep.run();
            if (exit != 0) {
                break;
            }
        }
        String log = output.toString();
        String summaryText = Files.readString(summary);
        Files.writeString(dir.resolve(label + ".log"), log);
        for (String secret : List.of(FAKE_GITHUB_TOKEN, FAKE_GITLAB_TOKEN, "fake-oidc-")) {
            require(!log.contains(secret) && !summaryText.contains(secret), job, "no secret in the output", "");
        }
        report.add(String.format("%s %s (%s): exit %d in %.1f s", job.template(), job.name(), scenario, exit,
                (System.nanoTime() - start) / 1e9));
        return new Result(exit, log, summaryText);
    }

    private Path copySample(Path dir) throws Exception {
        Path repository = dir.resolve("repository");
        try (Stream<Path> files = Files.walk(sampleRepo)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = sampleRepo.relativize(file);
                if (!relative.startsWith("target")) {
                    Files.copy(file, Files.createDirectories(repository.resolve(relative).getParent())
                            .resolve(file.getFileName()));
                }
            }
        }
        commit(repository);
        return repository;
    }

    /** Makes the folder a git repository with everything in it committed, as a team's repository is. */
    private static void commit(Path repository) throws Exception {
        try (Git git = Git.init().setDirectory(repository.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent author = new PersonIdent("Rehearsal", "rehearsal@example.invalid");
            git.commit().setMessage("The sample repository").setAuthor(author).setCommitter(author).setSign(false)
                    .call();
        }
    }

    private static Job single(List<Job> jobs, Trigger trigger) {
        List<Job> matching = jobs.stream().filter(job -> job.trigger() == trigger).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + trigger + " job, found " + matching);
        }
        return matching.get(0);
    }

    /** The 1-based line of {@code text} that starts with {@code start}. */
    private static int lineOf(String text, String start) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line starts with '" + start + "'");
    }

    /** The GitLab job declares the report under artifacts:reports, and the plugin wrote it with {@code expected}. */
    private static void requireReport(Path repository, Job job, String kind, String expected, Result result)
            throws IOException {
        String declared = job.reports().get(kind);
        require(declared != null, job, "declares artifacts:reports:" + kind, job.reports().toString());
        Path report = repository.resolve(declared);
        require(Files.isRegularFile(report) && Files.readString(report).contains(expected), job,
                "writes " + declared + " holding " + expected,
                (Files.isRegularFile(report) ? Files.readString(report) : "(missing)") + "\n" + result.output());
    }

    private static void require(boolean condition, Job job, String what, String log) {
        if (!condition) {
            throw new AssertionError(job.template() + " job " + job.name() + ": " + what + "\n" + log);
        }
    }

    /** Runs after every step, like the hosting reacting to a publish. */
    @FunctionalInterface
    private interface StepHook {
        void run() throws Exception;
    }
}
