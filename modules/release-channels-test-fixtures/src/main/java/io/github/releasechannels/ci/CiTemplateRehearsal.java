// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.ci;

import io.github.releasechannels.ci.CiTemplates.CompositeAction;
import io.github.releasechannels.ci.CiTemplates.Job;
import io.github.releasechannels.ci.CiTemplates.Step;
import io.github.releasechannels.ci.CiTemplates.Trigger;
import io.github.releasechannels.testing.TestCertificateAuthority;
import io.github.releasechannels.testing.TestHttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

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
    private final Path buildRepository;
    private int pagesBuilds;

    /**
     * One template's rehearsal: its own folder under {@code work}, servers, stand-ins and report, so that templates
     * run side by side.
     *
     * @param mavenArgs the Maven arguments of every run, the version server's CA among them
     */
    private CiTemplateRehearsal(
            Path sampleRepo,
            Path work,
            Path mavenHome,
            String mavenArgs,
            TestCertificateAuthority authority,
            Path buildRepository,
            String folder)
            throws Exception {
        this.sampleRepo = sampleRepo;
        this.work = work;
        this.mavenHome = mavenHome;
        this.mavenArgs = mavenArgs;
        this.authority = authority;
        this.buildRepository = buildRepository;
        this.standIns = Files.createDirectories(work.resolve(folder).resolve("stand-ins"));
        this.standInCalls = standIns.resolve("calls.log");
        CiStandIns.write(standIns, standInCalls);
    }

    /** One template's part of the rehearsal, which works in {@code work/<folder>}. */
    private record Template(String folder, Part part) {}

    @FunctionalInterface
    private interface Part {
        void rehearse(CiTemplateRehearsal rehearsal) throws Exception;
    }

    private static final List<Template> TEMPLATES = List.of(
            new Template("github-pages", CiTemplateRehearsal::gitHubPages),
            new Template("github-s3", CiTemplateRehearsal::gitHubS3),
            new Template("gitlab", CiTemplateRehearsal::gitLab),
            new Template("action", CiTemplateRehearsal::compositeAction));

    /**
     * Rehearses every template; fails with an {@link AssertionError} naming the template, job and log. The templates
     * share nothing but the CA and the read-only Maven repositories, and each mostly waits on the Maven it started:
     * they run side by side, one per processor.
     *
     * @param mavenHome the Maven that runs the templates' {@code mvn}
     * @param mavenArgs what makes that Maven find the plugin under test (settings, local repository, version),
     *                  passed in {@code MAVEN_ARGS} so the templates' commands run unchanged; no spaces inside
     * @param buildRepository the build's local Maven repository: the composite action runs with it, minus the
     *                  plugin's group, as a read-only tail, so it finds everything but the plugin
     * @return one line per job run, with its outcome and time, template by template
     */
    public static List<String> rehearse(
            Path sampleRepo, Path work, Path mavenHome, List<String> mavenArgs, Path buildRepository) throws Exception {
        Path root = Files.createDirectories(work.toAbsolutePath());
        TestCertificateAuthority authority = TestCertificateAuthority.create();
        Path caPem = authority.writeRootPem(root.resolve("version-server-ca.pem"));
        // The version server's private CA, as a company would give it to every Maven run in its CI.
        List<String> args = new ArrayList<>(mavenArgs);
        args.add("-DreleaseChannels.trustedCertificates=" + caPem);
        String maven = String.join(" ", args);
        Path sample = sampleRepo.toAbsolutePath().normalize();
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.min(TEMPLATES.size(), Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<List<String>>> parts = new ArrayList<>();
            for (Template template : TEMPLATES) {
                parts.add(pool.submit(() -> {
                    CiTemplateRehearsal rehearsal = new CiTemplateRehearsal(
                            sample,
                            root,
                            mavenHome,
                            maven,
                            authority,
                            buildRepository.toAbsolutePath(),
                            template.folder());
                    template.part().rehearse(rehearsal);
                    return rehearsal.report;
                }));
            }
            // Every template to its end, then the first failure in template order, the others attached to it.
            List<String> report = new ArrayList<>();
            Throwable failure = null;
            for (Future<List<String>> part : parts) {
                try {
                    report.addAll(part.get());
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    } else {
                        failure.addSuppressed(e.getCause());
                    }
                }
            }
            if (failure instanceof Error error) {
                throw error;
            }
            if (failure instanceof Exception exception) {
                throw exception;
            }
            return List.copyOf(report);
        } finally {
            pool.shutdown();
        }
    }

    private void gitHubPages() throws Exception {
        Path dir = Files.createDirectories(work.resolve("github-pages"));
        Path repository = copySample(dir);
        Path pages = dir.resolve("pages.git");
        Git.init().setBare(true).setDirectory(pages.toFile()).call().close();
        try (TestHttpsServer server = TestHttpsServer.https(authority.serverContext())) {
            Path empty = Files.createDirectories(dir.resolve("served-0"));
            server.serveDirectory(empty);
            Path workflow = repository.resolve(".github/workflows/release-channels.yml");
            Map<String, String> expressions = gitHubExpressions(server, repository);
            List<Job> jobs = CiTemplates.gitHubWorkflow(workflow, expressions);
            Map<String, String> localTarget = Map.of("RELEASE_CHANNELS_TARGET", "git+file://" + pages + "#gh-pages");
            // GitHub Pages serves the branch after each push; the test server serves a fresh checkout of it.
            StepHook pagesBuild = () -> {
                if (Git.lsRemoteRepository()
                        .setRemote(pages.toUri().toString())
                        .setHeads(true)
                        .call()
                        .isEmpty()) {
                    return;
                }
                Path checkout = dir.resolve("served-" + (++pagesBuilds));
                Git.cloneRepository()
                        .setURI(pages.toUri().toString())
                        .setBranch("gh-pages")
                        .setDirectory(checkout.toFile())
                        .call()
                        .close();
                server.serveDirectory(checkout);
            };
            scenarios(
                    jobs,
                    repository,
                    localTarget,
                    pagesBuild,
                    true,
                    () -> servedRoot(dir),
                    environment -> CiTemplates.gitHubWorkflow(workflow, merged(expressions, environment)));
        }
    }

    private void gitHubS3() throws Exception {
        Path dir = Files.createDirectories(work.resolve("github-s3"));
        Path repository = copySample(dir);
        Path bucket = dir.resolve("bucket");
        try (TestHttpsServer server = TestHttpsServer.https(authority.serverContext())) {
            server.serveDirectory(bucket);
            Path workflow = repository.resolve(".github/workflows/release-channels-s3.yml");
            Map<String, String> expressions = gitHubExpressions(server, repository);
            List<Job> jobs = CiTemplates.gitHubWorkflow(workflow, expressions);
            // The S3 publish itself is tested against S3Mock (S3PublishTest); here the bucket is a directory.
            Map<String, String> localTarget =
                    Map.of("RELEASE_CHANNELS_TARGET", bucket.toUri().toString());
            scenarios(
                    jobs,
                    repository,
                    localTarget,
                    () -> {},
                    true,
                    () -> bucket,
                    environment -> CiTemplates.gitHubWorkflow(workflow, merged(expressions, environment)));

            // Without RELEASE_CHANNELS_TARGET the publish goes where the pom says (distributionManagement.site).
            Path pomSite = repository.resolve("target/version-server");
            server.serveDirectory(pomSite);
            Job publish = single(jobs, Trigger.DEFAULT_BRANCH);
            Result honoured = run(
                    publish, "publish to the pom's site", repository, Map.of("RELEASE_CHANNELS_TARGET", ""), () -> {});
            require(
                    honoured.exit() == 0
                            && honoured.output().contains("4 of 4 in sync")
                            && Files.readString(pomSite.resolve("current/version"))
                                    .equals("14.2.2"),
                    publish,
                    "without RELEASE_CHANNELS_TARGET, deploys to the pom's distributionManagement site URL",
                    honoured.output());
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
            // The promote job's; it runs in a pipeline schedule only, which the rehearsal does not start.
            provided.put("CI_COMMIT_BRANCH", "main");
            provided.put("CI_SERVER_URL", "https://gitlab.example.com");
            provided.put("CI_PROJECT_PATH", "acme/teleport-updates");
            provided.put("TELEPORT_BOT_TOKEN", "release-channels-bot");
            provided.put("TELEPORT_CLUSTER_NAME", "teleport.example.com");
            provided.put("TELEPORT_IMAGE", "registry.example.com/teleport-tools:17");
            provided.put("CI_PIPELINE_ID", "4711");
            List<Job> jobs = CiTemplates.gitLabPipeline(repository.resolve(".gitlab-ci.yml"), provided);
            Job trigger = named(jobs, "apply-cluster-resources");
            scenarios(
                    jobs,
                    repository,
                    Map.of(),
                    () -> {},
                    false,
                    () -> site,
                    environment -> CiTemplates.gitLabChildPipeline(
                            repository.resolve(trigger.fan().from()), merged(provided, environment)));
        }
    }

    /**
     * The repository's composite action (action.yml, next to sample-repo) as a workflow using it runs it, in a folder
     * with only channels.yaml, from a copy of this checkout as the action's own, with a fresh Maven repository where
     * the project's artifacts are absent: its tail is the build's repository without the project's group (read-only:
     * nothing is downloaded twice, nothing of the project is found there). The first run builds the command line from
     * the action's checkout; every other runs that jar, through the launcher, without Maven. Then each input and
     * output; a released version obtained from a Maven repository (a local stand-in for Central) with its checksum
     * checked, a damaged download refused, and the {@code cli-sha256} pin; and that every failure (the build's, an
     * input's, the download's, the command line's before the goal runs) reaches an {@code ::error} and the job
     * summary.
     */
    private void compositeAction() throws Exception {
        Path dir = Files.createDirectories(work.resolve("action"));
        Path repository = Files.createDirectories(dir.resolve("repository"));
        Files.copy(sampleRepo.resolve("channels.yaml"), repository.resolve("channels.yaml"));
        Files.writeString(repository.resolve(".gitignore"), "target/\n");
        Path caPem = authority.writeRootPem(repository.resolve("company-ca.pem"));
        commit(repository);
        String good = head(repository);
        // What a workflow gets as the action's checkout, so the action builds its plugin outside this build's folders.
        Path checkout = copyWithoutBuildOutput(sampleRepo.getParent(), dir.resolve("action-checkout"));
        Path mavenRepository = dir.resolve("maven-repository");
        Path pluginGroup = mavenRepository.resolve("io/github/releasechannels");
        String actionMaven = "-Dmaven.repo.local=" + mavenRepository + " -Dmaven.repo.local.tail="
                + withoutPluginGroup(buildRepository, dir.resolve("build-repository-without-plugin"));
        Path site = Files.createDirectories(dir.resolve("site"));
        Path channels = repository.resolve("channels.yaml");
        String original = Files.readString(channels);
        try (TestHttpsServer server = TestHttpsServer.https(authority.serverContext())) {
            server.serveDirectory(site);
            String trusted = repository.relativize(caPem).toString();
            Map<String, String> verifying = Map.of("base-url", server.baseUrl(), "trusted-certificates", trusted);

            require(
                    !Files.exists(pluginGroup),
                    actionJob(checkout, Map.of(), actionMaven).job(),
                    "the fresh repository has no plugin",
                    "");
            ActionRun check = runAction(checkout, Map.of("goal", "check"), actionMaven, "check", repository);
            String token = between(check.output(), "::stop-commands::", "\n");
            Path cachedJar = cachedCliJar(repository);
            require(
                    check.exit() == 0
                            && check.output()
                                    .contains("release-channels-cli " + pluginVersion()
                                            + " is not released: building it from the action's checkout.")
                            && !token.isEmpty()
                            && check.output().indexOf("BUILD SUCCESS")
                                    > check.output().indexOf("::stop-commands::")
                            && check.output().indexOf("BUILD SUCCESS")
                                    < check.output().indexOf("::" + token + "::")
                            && check.output().contains("channels.yaml is valid.")
                            && Files.isRegularFile(cachedJar)
                            && Files.isRegularFile(cachedJar.resolveSibling("release-channels-cli.jsa"))
                            && !Files.exists(pluginGroup),
                    check.job(),
                    "builds the absent command line from the action's checkout, its log not read as workflow "
                            + "commands, keeps its jar (and the launcher's class-data archive) where actions/cache "
                            + "saves it, installs nothing, then checks",
                    check.output());
            require(
                    check.outputs()
                                    .get("report")
                                    .equals(repository
                                            .resolve("target/release-channels-report.json")
                                            .toString())
                            && Files.readString(Path.of(check.outputs().get("report")))
                                    .contains("\"goal\": \"check\"")
                            && check.outputs().get("changed").equals("false"),
                    check.job(),
                    "outputs the report's path, and changed=false",
                    check.outputs().toString());

            ActionRun deploy = runAction(
                    checkout,
                    Map.of("goal", "deploy", "target", site.toUri().toString()),
                    actionMaven,
                    "deploy",
                    repository);
            require(
                    deploy.exit() == 0
                            && !deploy.output().contains("building it")
                            && !deploy.output().contains("[INFO]")
                            && readVersion(site).equals("14.2.1")
                            && deploy.outputs().get("changed").equals("true")
                            && !Files.exists(repository.resolve("pom.xml")),
                    deploy.job(),
                    "deploys without a pom, a second build or Maven, changed=true",
                    deploy.output());
            ActionRun again = runAction(
                    checkout,
                    Map.of("goal", "deploy", "target", site.toUri().toString()),
                    actionMaven,
                    "deploy unchanged",
                    repository);
            require(
                    again.exit() == 0 && again.outputs().get("changed").equals("false"),
                    again.job(),
                    "an unchanged publish says changed=false",
                    again.output());

            Map<String, String> verify = new LinkedHashMap<>(verifying);
            verify.putAll(Map.of("goal", "verify", "wait-seconds", "5"));
            ActionRun verified = runAction(checkout, verify, actionMaven, "verify", repository);
            require(
                    verified.exit() == 0 && verified.output().contains("4 of 4 in sync"),
                    verified.job(),
                    "verify, trusting the private CA given as trusted-certificates, finds every channel in sync",
                    verified.output());

            Files.writeString(channels, original.replace("version: 14.2.1", "version: 14.2.0"));
            Map<String, String> guarded = new LinkedHashMap<>(verifying);
            guarded.put("goal", "check");
            ActionRun downgrade = runAction(checkout, guarded, actionMaven, "downgrade", repository);
            require(
                    downgrade.exit() != 0 && downgrade.output().contains("goes down from 14.2.1"),
                    downgrade.job(),
                    "check refuses a downgrade against the live site",
                    downgrade.output());
            Files.writeString(channels, original);

            // Commit B at 14.2.2: a dry run with more arguments, then the publish, then the rollback to A.
            Files.writeString(channels, original.replace("version: 14.2.1", "version: 14.2.2"));
            commit(repository);
            Path planted = dir.resolve("planted-by-args");
            ActionRun dryRun = runAction(
                    checkout,
                    Map.of(
                            "goal",
                            "deploy",
                            "target",
                            site.toUri().toString(),
                            "dry-run",
                            "true",
                            "server-id",
                            "rehearsal",
                            "args",
                            "  -DreleaseChannels.statusPage=false  \n\n" + "-Dplanted=$(touch " + planted + ")\n"),
                    actionMaven,
                    "dry run with args",
                    repository);
            require(
                    dryRun.exit() == 0
                            && dryRun.outputs().get("changed").equals("false")
                            && dryRun.output().contains("No <server> with id 'rehearsal' in ")
                            && dryRun.output().contains("delete index.html")
                            && readVersion(site).equals("14.2.1")
                            && !Files.exists(planted),
                    dryRun.job(),
                    "a dry run changes nothing (changed=false); server-id "
                            + "and each line of args reach the command line as one argument, never evaluated",
                    dryRun.output());
            ActionRun upgrade = runAction(
                    checkout,
                    Map.of("goal", "deploy", "target", site.toUri().toString()),
                    actionMaven,
                    "deploy B",
                    repository);
            require(
                    upgrade.exit() == 0
                            && readVersion(site).equals("14.2.2")
                            && upgrade.outputs().get("changed").equals("true"),
                    upgrade.job(),
                    "publishes 14.2.2",
                    upgrade.output());
            ActionRun refused = runAction(
                    checkout,
                    Map.of("goal", "deploy", "target", site.toUri().toString(), "ref", good),
                    actionMaven,
                    "rollback without allow-downgrade",
                    repository);
            require(
                    refused.exit() != 0
                            && refused.output().contains("goes down from 14.2.2")
                            && readVersion(site).equals("14.2.2"),
                    refused.job(),
                    "a rollback that lowers versions needs " + "allow-downgrade",
                    refused.output());
            ActionRun rollback = runAction(
                    checkout,
                    Map.of("goal", "deploy", "target", site.toUri().toString(), "ref", good, "allow-downgrade", "true"),
                    actionMaven,
                    "rollback",
                    repository);
            require(
                    rollback.exit() == 0
                            && readVersion(site).equals("14.2.1")
                            && rollback.outputs().get("changed").equals("true")
                            && rollback.output().contains("This is a rollback to commit " + good.substring(0, 12)),
                    rollback.job(),
                    "ref and allow-downgrade roll back to A",
                    rollback.output());
        }

        // Every failure reaches an ::error annotation and the job summary.
        ActionRun unknown = runAction(checkout, Map.of("goal", "clean"), actionMaven, "unknown goal", repository);
        requireError(
                unknown,
                "Invalid input to the release-channels action",
                "goal must be check, generate, deploy " + "or verify, not 'clean'");
        ActionRun notBoolean = runAction(checkout, Map.of("dry-run", "yes"), actionMaven, "dry-run yes", repository);
        requireError(
                notBoolean, "Invalid input to the release-channels action", "dry-run must be true or false, not 'yes'");
        ActionRun badOption =
                runAction(checkout, Map.of("args", "--no-such-option"), actionMaven, "unknown option", repository);
        requireError(
                badOption,
                "release-channels check failed",
                "release-channels-cli " + pluginVersion() + " stopped before the goal ran (exit code 1).%0Aerror: "
                        + "Unknown option: '--no-such-option'");
        ActionRun unreleased = runAction(
                checkout,
                Map.of("plugin-version", "9.9.9"),
                actionMaven + " -o",
                "unreleased plugin-version",
                repository);
        requireError(
                unreleased,
                "Cannot obtain the release-channels command line",
                "Maven could not resolve io.github.releasechannels:release-channels-cli:9.9.9:jar:all (a version "
                        + "that is not released, no network, or a checksum that does not match). Is 9.9.9 released on "
                        + "Maven Central? Leave plugin-version empty to run the action's own version.%0A[ERROR] ");
        require(
                unreleased.summary().contains("    [ERROR] ")
                        && unreleased.summary().contains("release-channels-cli:jar:all:9.9.9"),
                unreleased.job(),
                "the summary quotes Maven's error",
                unreleased.summary());
        released(checkout, dir, repository, actionMaven, cachedCliJar(repository));

        // A checkout that does not build, in a folder whose name holds a '%': the annotation escapes it.
        Path broken = copyWithoutBuildOutput(sampleRepo.getParent(), dir.resolve("broken 100%"));
        Files.writeString(broken.resolve("modules/release-channels-cli/pom.xml"), "<project><broken>");
        ActionRun failedBuild = runAction(broken, Map.of(), actionMaven, "broken checkout", repository);
        requireError(
                failedBuild,
                "Building the release-channels command line failed",
                "Building "
                        + "release-channels-cli " + pluginVersion() + " from the action's checkout ("
                        + broken.toString().replace("%", "%25")
                        + ") failed with exit code 1; its log is in the group above.%0A[ERROR] ");
        require(
                failedBuild.summary().contains("Non-readable POM")
                        && failedBuild.outputs().get("report") == null,
                failedBuild.job(),
                "the summary quotes the build's error; no report",
                failedBuild.summary());
    }

    /**
     * A released version, as Maven Central would serve it: the command line built by the first run, published as
     * 9.9.8 to a file repository with its {@code .sha1}, and as 9.9.7 with a damaged jar under the original's
     * checksum. The action obtains 9.9.8 through settings.xml's mirror and runs it; 9.9.7 is refused, as is 9.9.8
     * pinned to a wrong {@code cli-sha256}, which deletes the kept jar, and a pin that matches runs.
     */
    private void released(Path checkout, Path dir, Path repository, String actionMaven, Path builtJar)
            throws Exception {
        Path central = dir.resolve("central");
        byte[] jar = Files.readAllBytes(builtJar);
        byte[] damaged = jar.clone();
        damaged[damaged.length / 2] ^= 0x5a;
        publish(central, "9.9.8", jar, jar);
        publish(central, "9.9.7", damaged, jar);
        Path settings = Files.writeString(dir.resolve("central-settings.xml"), """
                <settings>
                  <mirrors>
                    <mirror><id>central-stand-in</id><mirrorOf>*</mirrorOf><url>@URL@</url></mirror>
                  </mirrors>
                </settings>
                """.replace(
                        "@URL@", central.toUri().toString()));
        String maven = actionMaven + " -s " + settings;
        ActionRun obtained = runAction(checkout, Map.of("plugin-version", "9.9.8"), maven, "released", repository);
        Path kept = cachedCliJar(repository).getParent().resolveSibling("9.9.8").resolve("release-channels-cli.jar");
        String sha256 = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(jar));
        require(
                obtained.exit() == 0
                        && obtained.output().contains("release-channels-cli 9.9.8 (SHA-256 " + sha256 + ")")
                        && obtained.output().contains("channels.yaml is valid.")
                        && !obtained.output().contains("building it")
                        && Files.isRegularFile(kept),
                obtained.job(),
                "obtains a released version from the Maven repository, checks its checksum, keeps it and runs it",
                obtained.output());
        ActionRun tampered = runAction(checkout, Map.of("plugin-version", "9.9.7"), maven, "damaged", repository);
        requireError(
                tampered,
                "Cannot obtain the release-channels command line",
                "Maven could not resolve io.github.releasechannels:release-channels-cli:9.9.7:jar:all");
        require(
                tampered.output().contains("Checksum validation failed")
                        && !Files.exists(kept.resolveSibling("../9.9.7/release-channels-cli.jar")
                                .normalize()),
                tampered.job(),
                "a download whose checksum does not match is refused and not kept",
                tampered.output());
        String wrong = "0".repeat(64);
        ActionRun pinnedWrong = runAction(
                checkout, Map.of("plugin-version", "9.9.8", "cli-sha256", wrong), maven, "wrong pin", repository);
        requireError(
                pinnedWrong,
                "Cannot obtain the release-channels command line",
                "release-channels-cli 9.9.8 has the SHA-256 " + sha256 + ", not the cli-sha256 " + wrong);
        require(!Files.exists(kept), pinnedWrong.job(), "the jar that failed its pin is deleted", "");
        ActionRun pinned = runAction(
                checkout,
                Map.of("plugin-version", "9.9.8", "cli-sha256", sha256.toUpperCase(java.util.Locale.ROOT)),
                maven,
                "pinned",
                repository);
        require(
                pinned.exit() == 0 && pinned.output().contains("channels.yaml is valid."),
                pinned.job(),
                "a pin that matches runs",
                pinned.output());
    }

    /** {@code jar} as {@code release-channels-cli-<version>-all.jar} in a Maven repository, with the SHA-1 of {@code checksummed}. */
    private static void publish(Path central, String version, byte[] jar, byte[] checksummed) throws Exception {
        Path folder =
                Files.createDirectories(central.resolve("io/github/releasechannels/release-channels-cli/" + version));
        String name = "release-channels-cli-" + version;
        Files.write(folder.resolve(name + "-all.jar"), jar);
        Files.writeString(
                folder.resolve(name + "-all.jar.sha1"),
                java.util.HexFormat.of()
                        .formatHex(
                                java.security.MessageDigest.getInstance("SHA-1").digest(checksummed)));
        String pom = """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>io.github.releasechannels</groupId>
                  <artifactId>release-channels-cli</artifactId>
                  <version>@VERSION@</version>
                </project>
                """.replace("@VERSION@", version);
        Files.writeString(folder.resolve(name + ".pom"), pom);
        Files.writeString(
                folder.resolve(name + ".pom.sha1"),
                java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-1")
                                .digest(pom.getBytes(StandardCharsets.UTF_8))));
    }

    /** Where the action keeps the command line it built from its checkout: under the runs' HOME, by the checkout's hash. */
    private static Path cachedCliJar(Path repository) throws IOException {
        Path kept = repository.resolveSibling("runs").resolve("home/.m2/release-channels-action");
        if (!Files.isDirectory(kept)) {
            return kept.resolve("(none)/release-channels-cli.jar");
        }
        try (Stream<Path> folders = Files.list(kept)) {
            return folders.filter(f -> !f.getFileName().toString().startsWith("9."))
                    .map(f -> f.resolve("release-channels-cli.jar"))
                    .filter(Files::isRegularFile)
                    .findFirst()
                    .orElse(kept.resolve("(none)/release-channels-cli.jar"));
        }
    }

    /** The version under test, which the action's checkout (a copy of this one) names. */
    private String pluginVersion() {
        Matcher version = Pattern.compile("-Drelease-channels\\.version=(\\S+)").matcher(mavenArgs);
        if (!version.find()) {
            throw new AssertionError("the Maven arguments name no -Drelease-channels.version: " + mavenArgs);
        }
        return version.group(1);
    }

    /** One run of the action: the job's outcome and the action's outputs. */
    private record ActionRun(Job job, int exit, String output, String summary, Map<String, String> outputs) {}

    /** The action's steps as a job, and its outputs. */
    private record ActionJob(Job job, CompositeAction action) {}

    private ActionRun runAction(
            Path checkout, Map<String, String> inputs, String maven, String scenario, Path repository)
            throws Exception {
        ActionJob action = actionJob(checkout, inputs, maven);
        Result result = run(action.job(), scenario, repository, Map.of(), () -> {});
        Map<String, String> outputs = new LinkedHashMap<>();
        action.action().outputs().forEach((name, expression) -> {
            Matcher step = CiTemplates.STEP_OUTPUT.matcher(expression);
            if (step.matches()
                    && result.stepOutputs()
                            .getOrDefault(step.group(1), Map.of())
                            .containsKey(step.group(2))) {
                outputs.put(name, result.stepOutputs().get(step.group(1)).get(step.group(2)));
            }
        });
        return new ActionRun(action.job(), result.exit(), result.output(), result.summary(), outputs);
    }

    /** The action failed with an {@code ::error} of this title, its message starting so, and a job summary. */
    private static void requireError(ActionRun run, String title, String message) {
        require(
                run.exit() != 0 && run.output().contains("::error title=" + title + "::" + message),
                run.job(),
                "fails with ::error title=" + title + "::" + message,
                run.output());
        require(
                run.summary().contains("### " + title.replace("%3A", ":")),
                run.job(),
                "the job summary says " + title,
                run.summary());
    }

    private static String readVersion(Path site) throws IOException {
        Path version = site.resolve("current/version");
        return Files.isRegularFile(version) ? Files.readString(version) : "(none)";
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        if (from < 0) {
            return "";
        }
        from += start.length();
        int to = text.indexOf(end, from);
        return to < 0 ? "" : text.substring(from, to);
    }

    /** The action's steps as a workflow using it would run them, from {@code checkout}, with {@code maven}. */
    private ActionJob actionJob(Path checkout, Map<String, String> inputs, String maven) {
        try {
            CompositeAction action = CiTemplates.compositeAction(checkout.resolve("action.yml"), inputs);
            List<Step> steps = new ArrayList<>();
            for (Step step : action.steps()) {
                Map<String, String> env = new LinkedHashMap<>(step.env());
                env.put("GITHUB_ACTION_PATH", checkout.toString());
                // The wrapper's Maven where the build's own ./mvnw unpacked it, not a download into the fresh HOME.
                env.put(
                        "MAVEN_USER_HOME",
                        Path.of(System.getProperty("user.home"), ".m2").toString());
                env.put("MAVEN_ARGS", maven);
                steps.add(new Step(step.name(), step.script(), env, step.id()));
            }
            String goal = inputs.getOrDefault("goal", "check");
            return new ActionJob(new Job("action.yml", goal, Trigger.DEFAULT_BRANCH, true, steps, Map.of()), action);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A copy of {@code root} without build output and git's own folders. Those folders are never entered: other
     * modules of a parallel build write and delete files in their {@code target} while this copy runs.
     */
    private static Path copyWithoutBuildOutput(Path root, Path copy) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                if (!dir.equals(root) && (name.equals("target") || name.equals(".git"))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(copy.resolve(root.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    Files.copy(file, copy.resolve(root.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return copy;
    }

    /**
     * A view of {@code repository} without the plugin's group {@code io/github/releasechannels}: links to everything
     * else, so Maven reads it as a read-only tail repository and copies nothing.
     */
    private static Path withoutPluginGroup(Path repository, Path view) throws IOException {
        Path source = repository;
        Path target = Files.createDirectories(view);
        for (String group : List.of("io", "github", "releasechannels")) {
            try (Stream<Path> entries = Files.list(source)) {
                for (Path entry : entries.toList()) {
                    if (!entry.getFileName().toString().equals(group)) {
                        Files.createSymbolicLink(
                                target.resolve(entry.getFileName().toString()), entry);
                    }
                }
            }
            source = source.resolve(group);
            if (group.equals("releasechannels") || !Files.isDirectory(source)) {
                break;
            }
            target = Files.createDirectories(target.resolve(group));
        }
        return view;
    }

    /** @param repository its {@code HEAD}, the sample's commit, is the ref the workflow_dispatch run rolls back to */
    private static Map<String, String> gitHubExpressions(TestHttpsServer server, Path repository) throws IOException {
        return Map.ofEntries(
                Map.entry("vars.VERSION_SERVER_URL", server.baseUrl()),
                Map.entry("vars.RELEASE_CHANNELS_TARGET", "s3://my-bucket/teleport"),
                Map.entry("github.repository", "acme/teleport-updates"),
                Map.entry("secrets.GITHUB_TOKEN", FAKE_GITHUB_TOKEN),
                Map.entry("inputs.ref", head(repository)),
                // The promote job's; it runs on a schedule only, which the rehearsal does not start.
                Map.entry("secrets.RELEASE_CHANNELS_PROMOTE_TOKEN || secrets.GITHUB_TOKEN", FAKE_GITHUB_TOKEN),
                Map.entry("github.ref_name", "main"),
                Map.entry("vars.RELEASE_CHANNELS_PROMOTE_TO_DEFAULT_BRANCH", ""),
                // The apply job's, the repository's: a cluster's environment sets its own.
                Map.entry("vars.TELEPORT_PROXY", "teleport.example.com:443"),
                Map.entry("vars.TELEPORT_BOT_TOKEN", "release-channels-bot"),
                Map.entry("vars.RELEASE_CHANNELS_CLUSTER", ""));
    }

    /** {@code over}'s entries over {@code base}'s. */
    private static Map<String, String> merged(Map<String, String> base, Map<String, String> over) {
        Map<String, String> merged = new LinkedHashMap<>(base);
        merged.putAll(over);
        return merged;
    }

    private static String head(Path repository) throws IOException {
        try (Git git = Git.open(repository.toFile())) {
            return git.getRepository().resolve("HEAD").name();
        }
    }

    private Path servedRoot(Path dir) {
        try (Stream<Path> served = Files.list(dir)) {
            return served.filter(p -> p.getFileName().toString().startsWith("served-"))
                    .max((a, b) -> Integer.compare(number(a), number(b)))
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int number(Path served) {
        return Integer.parseInt(served.getFileName().toString().substring("served-".length()));
    }

    private void scenarios(
            List<Job> jobs,
            Path repository,
            Map<String, String> localTarget,
            StepHook afterStep,
            boolean gitHub,
            Supplier<Path> servedSite,
            ClusterJobs clusterJobs)
            throws Exception {
        Job check = single(jobs, Trigger.CHANGE_REQUEST);
        Job publish = single(jobs, Trigger.DEFAULT_BRANCH);
        require(publish.oneAtATime(), publish, "the publish job must run one at a time, never cancelled", "");
        Path channels = repository.resolve("channels.yaml");
        String original = Files.readString(channels);

        Result valid = run(check, "unchanged", repository, localTarget, afterStep);
        require(valid.exit() == 0, check, "passes on the sample", valid.output());
        if (gitHub) {
            require(
                    CHANNEL_LINE.matcher(valid.summary()).find()
                            && valid.summary().contains("is valid")
                            && valid.summary().contains("channels.yaml")
                            && !valid.summary().contains("pom.xml"),
                    check,
                    "job summary lists the channels and nothing of Maven's",
                    valid.summary());
        } else {
            requireReport(repository, check, "codequality", "[]", valid);
        }

        Result published = run(publish, "publish", repository, localTarget, afterStep);
        require(published.exit() == 0, publish, "deploys and verifies", published.output());
        require(
                published.output().contains("4 of 4 in sync"),
                publish,
                "verify finds every channel in sync",
                published.output());
        Path version = servedSite.get().resolve("current/version");
        require(
                Files.isRegularFile(version) && Files.readString(version).equals("14.2.1"),
                publish,
                "serves current/version = 14.2.1",
                published.output());
        if (!gitHub) {
            requireReport(
                    repository,
                    publish,
                    "junit",
                    "<testcase classname=\"release-channels.verify\" " + "name=\"current\"/>",
                    published);
        }

        applyClusterResources(jobs, repository, localTarget, afterStep, gitHub, clusterJobs);

        Files.writeString(channels, original.replace("version: 14.2.1", "version: 14.2.0"));
        Result downgrade = run(check, "downgrade", repository, localTarget, afterStep);
        require(
                downgrade.exit() != 0 && downgrade.output().contains("goes down from 14.2.1"),
                check,
                "refuses a downgrade against the live site",
                downgrade.output());
        require(
                downgrade.output().contains("current: version 14.2.1 → 14.2.0"),
                check,
                "prints the plan with values",
                downgrade.output());
        // current's version line, the line the pull request changed, at the value.
        int changedLine = lineOf(original, "    version: 14.2.1");
        String versionLine = "line=" + changedLine + ",col=14";
        if (gitHub) {
            require(
                    downgrade
                            .output()
                            .contains("::error file=channels.yaml," + versionLine
                                    + ",title=Downgrade refused::channel 'current' goes down from 14.2.1"),
                    check,
                    "annotates the downgrade on the version line the pull request changed",
                    downgrade.output());
            require(
                    downgrade.summary().contains("goes down from 14.2.1")
                            && downgrade.summary().contains("cannot be published")
                            && downgrade.summary().contains("14.2.1 → **14.2.0**"),
                    check,
                    "job summary names the downgrade and shows the plan",
                    downgrade.summary());
        } else {
            requireReport(
                    repository,
                    check,
                    "codequality",
                    "\"location\": {\"path\": \"channels.yaml\", \"lines\": " + "{\"begin\": " + changedLine + "}}",
                    downgrade);
        }

        // A channels.yaml in a sub-folder, with a misspelled key: annotated on its line of that file.
        Files.writeString(channels, original);
        String typo = original.replaceFirst("critical: false", "critcal: false");
        Files.writeString(
                Files.createDirectories(repository.resolve("teleport")).resolve("channels.yaml"), typo);
        Result misspelled = run(
                check,
                "misspelled key in a sub-folder",
                repository,
                localTarget,
                afterStep,
                "-DreleaseChannels.file=teleport/channels.yaml");
        String typoLine = "line=" + lineOf(typo, "    critcal:") + ",col=5";
        require(misspelled.exit() != 0, check, "fails on a misspelled key", misspelled.output());
        if (gitHub) {
            require(
                    misspelled
                            .output()
                            .contains("::error file=teleport/channels.yaml," + typoLine
                                    + ",title=Invalid channels.yaml::unknown key 'critcal'"),
                    check,
                    "annotates the problem on its line of teleport/channels.yaml",
                    misspelled.output());
            require(
                    misspelled.summary().contains("unknown key 'critcal'"),
                    check,
                    "job summary names the problem",
                    misspelled.summary());
        } else {
            requireReport(
                    repository,
                    check,
                    "codequality",
                    "\"location\": {\"path\": \"teleport/channels.yaml\", " + "\"lines\": {\"begin\": "
                            + lineOf(typo, "    critcal:") + "}}",
                    misspelled);
        }
        Files.delete(repository.resolve("teleport/channels.yaml"));
        Files.writeString(channels, original);

        rollback(jobs, publish, repository, localTarget, afterStep, servedSite);
        clusterDowngrades(jobs, publish, repository, localTarget, afterStep, clusterJobs);
    }

    /**
     * Each cluster's versions are under the publish's downgrade guard on their own: with the clusters published
     * (production at current's 14.2.2), a commit lowering production's target to 14.2.1 stops the publish, naming
     * that cluster, so the apply jobs (which need it) never run; with {@code allow_downgrade: true} in production's
     * section the publish goes on and the apply takes production, and only production, to 14.2.1.
     */
    private void clusterDowngrades(
            List<Job> jobs,
            Job publish,
            Path repository,
            Map<String, String> localTarget,
            StepHook afterStep,
            ClusterJobs clusterJobs)
            throws Exception {
        Path channels = repository.resolve("channels.yaml");
        String head = Files.readString(channels);
        String clusters = head + CLUSTER_SECTION;
        commitAll(repository, clusters, "two clusters");
        Result published = run(publish, "publish clusters", repository, localTarget, afterStep);
        require(published.exit() == 0, publish, "publishes the clusters' versions", published.output());

        String lowered = clusters.replace("      follows: current\n", "      target_version: 14.2.1\n");
        commitAll(repository, lowered, "production down to 14.2.1");
        Result refused = run(publish, "production down", repository, localTarget, afterStep);
        require(
                refused.exit() != 0
                        && refused.output()
                                .contains("clusters.production.managed_updates target_version goes down from 14.2.2")
                        && !refused.output().contains("clusters.staging.managed_updates target_version goes down"),
                publish,
                "refuses production's lower target, naming that cluster only",
                refused.output());

        commitAll(
                repository,
                lowered.replace(
                        "      target_version: 14.2.1\n",
                        "      target_version: 14.2.1\n      allow_downgrade: true\n"),
                "production down to 14.2.1, on purpose");
        Result allowed = run(publish, "production down allowed", repository, localTarget, afterStep);
        require(
                allowed.exit() == 0,
                publish,
                "publishes production's lower target with allow_downgrade",
                allowed.output());
        List<String> calls = applyEach(
                named(jobs, "cluster-resources"),
                named(jobs, "apply-cluster-resources"),
                "production down",
                repository,
                localTarget,
                afterStep,
                clusterJobs);
        String production = Files.readString(
                repository.resolve("target/release-channels-resources/production/autoupdate_version.yaml"));
        String staging = Files.readString(
                repository.resolve("target/release-channels-resources/staging/autoupdate_version.yaml"));
        require(
                calls.stream().filter(call -> call.startsWith("tctl create")).count() == 4
                        && production.contains("target_version: \"14.2.1\"")
                        && staging.contains("target_version: \"14.3.0\""),
                publish,
                "applies production at 14.2.1 and staging still at canary's 14.3.0",
                calls + "\n" + production + staging);
        report.add(publish.template() + " clusters under the downgrade guard: production down refused, then "
                + "allowed and applied");
        commitAll(repository, head, "no clusters");
    }

    /** Writes channels.yaml and commits every change, as a merged pull request would. */
    private static void commitAll(Path repository, String channels, String message) throws Exception {
        Files.writeString(repository.resolve("channels.yaml"), channels);
        try (Git git = Git.open(repository.toFile())) {
            PersonIdent author = new PersonIdent("Rehearsal", "rehearsal@example.invalid");
            git.commit()
                    .setAll(true)
                    .setMessage(message)
                    .setAuthor(author)
                    .setCommitter(author)
                    .setSign(false)
                    .call();
        }
    }

    /**
     * The sample's commit A serves 14.2.1; commit B (14.2.2) is published by the default-branch job; the manual job,
     * given A as its ref, serves 14.2.1 again, through the downgrade guard, and the manifest records the rollback.
     */
    private void rollback(
            List<Job> jobs,
            Job publish,
            Path repository,
            Map<String, String> localTarget,
            StepHook afterStep,
            Supplier<Path> servedSite)
            throws Exception {
        Job rollback = single(jobs, Trigger.MANUAL);
        require(rollback.oneAtATime(), rollback, "the rollback job must run one at a time, as the publish", "");
        String good = head(repository);
        Path channels = repository.resolve("channels.yaml");
        commitAll(
                repository, Files.readString(channels).replace("version: 14.2.1", "version: 14.2.2"), "current 14.2.2");
        String bad = head(repository);
        Result upgraded = run(publish, "publish B", repository, localTarget, afterStep);
        require(
                upgraded.exit() == 0
                        && Files.readString(servedSite.get().resolve("current/version"))
                                .equals("14.2.2"),
                publish,
                "publishes the second commit, 14.2.2",
                upgraded.output());

        // What a person types into the run form: GitHub's input is in the expressions, GitLab's variable here.
        Map<String, String> withRef = new LinkedHashMap<>(localTarget);
        withRef.put("ROLLBACK_REF", good);
        Result rolledBack = run(rollback, "rollback to A", repository, withRef, afterStep);
        require(rolledBack.exit() == 0, rollback, "rolls back and verifies", rolledBack.output());
        require(
                rolledBack.output().contains("4 of 4 in sync"),
                rollback,
                "verify finds every channel in sync",
                rolledBack.output());
        Path served = servedSite.get();
        require(
                Files.readString(served.resolve("current/version")).equals("14.2.1"),
                rollback,
                "serves the first commit's current/version = 14.2.1 again",
                rolledBack.output());
        String manifest = Files.readString(served.resolve("release-channels.json"));
        require(
                manifest.contains("\"from_commit\": \"" + bad + "\", \"to_commit\": \"" + good + "\"")
                        && manifest.contains("\"commit\": \"" + good + "\""),
                rollback,
                "the manifest records the rollback from B to A",
                manifest);
        require(
                rolledBack.output().contains("This is a rollback to commit " + good.substring(0, 12)),
                rollback,
                "the log says it is a rollback",
                rolledBack.output());
    }

    /** Two clusters under the sample's channels: staging follows canary, production follows current. */
    private static final String CLUSTER_SECTION = """

            clusters:
              staging:
                managed_updates:
                  mode: enabled
                  start_version: 14.2.1
                  follows: canary
              production:
                managed_updates:
                  mode: enabled
                  start_version: 14.2.1
                  follows: current
            """;

    /** The sample's channels with two clusters, declared staging first: they are applied in that order. */
    private static final String CLUSTERS = """
            channels:
              current:
                version: 14.2.1
              canary:
                version: 14.3.0
            """ + CLUSTER_SECTION;

    /** Each cluster: its name, its Proxy and its bot's join token, set in its environment. */
    private record Cluster(String name, String proxy, String token) {}

    private static final List<Cluster> REHEARSED_CLUSTERS = List.of(
            new Cluster("staging", "staging.example.com:443", "staging-bot"),
            new Cluster("production", "teleport.example.com:443", "production-bot"));

    /** The jobs the template defines, read with a cluster's environment's variables over the repository's. */
    @FunctionalInterface
    private interface ClusterJobs {
        List<Job> in(Map<String, String> environment) throws IOException;
    }

    /**
     * The optional jobs applying the Managed Updates v2 resources after the publish, one run per cluster: on the
     * sample (no {@code managed_updates}) listing the clusters fails before any tctl; on sample-repo's v1 + v2 example
     * copied over channels.yaml, as the README says, the top-level section is applied once with the repository's
     * login; on a file with a staging and a production cluster, each is applied in its environment, staging first,
     * with its own login, its own files only. GitHub: the listing job's matrix, each entry run in its environment
     * ({@link TeleportAuthStandIn} logging in); GitLab: the child pipeline the listing job writes, each job with the
     * variables of its environment.
     *
     * @param clusterJobs GitHub: the workflow's jobs; GitLab: the child pipeline's, read from what the listing job
     *                    wrote
     */
    private void applyClusterResources(
            List<Job> jobs,
            Path repository,
            Map<String, String> localTarget,
            StepHook afterStep,
            boolean gitHub,
            ClusterJobs clusterJobs)
            throws Exception {
        Job plan = named(jobs, "cluster-resources");
        Job apply = named(jobs, "apply-cluster-resources");
        require(
                apply.fan().fromJob().equals(plan.name())
                        && apply.fan().inOrder()
                        && apply.oneAtATime()
                        && plan.trigger() == Trigger.AFTER_PUBLISH_IF_ENABLED
                        && apply.trigger() == Trigger.AFTER_PUBLISH_IF_ENABLED,
                apply,
                "runs once per cluster the job " + plan.name() + " lists, one at a time, in order",
                apply.fan().toString());
        Path channels = repository.resolve("channels.yaml");
        String original = Files.readString(channels);

        Files.deleteIfExists(standInCalls);
        Result nothing = run(plan, "without managed_updates", repository, localTarget, afterStep);
        require(
                nothing.exit() != 0
                        && nothing.output().contains("has no managed_updates section")
                        && !Files.exists(standInCalls),
                plan,
                "fails without a managed_updates section, calling no tctl",
                nothing.output());

        Files.copy(
                repository.resolve("examples/channels-v1-and-v2.yaml"), channels, StandardCopyOption.REPLACE_EXISTING);
        List<String> topLevel = applyEach(plan, apply, "top-level", repository, localTarget, afterStep, clusterJobs);
        List<String> expected =
                new ArrayList<>(login(gitHub, "teleport.example.com:443", "release-channels-bot", repository));
        expected.addAll(creates("", gitHub, "top-level", "default", "teleport.example.com:443", repository));
        require(
                topLevel.equals(expected),
                apply,
                "applies the top-level section once: " + expected,
                topLevel.toString());
        report.add(apply.template() + " " + apply.name() + " (top-level): " + String.join("; ", topLevel));

        Files.writeString(channels, CLUSTERS);
        List<String> clusters = applyEach(plan, apply, "clusters", repository, localTarget, afterStep, clusterJobs);
        expected = new ArrayList<>();
        for (Cluster cluster : REHEARSED_CLUSTERS) {
            expected.addAll(login(gitHub, cluster.proxy(), cluster.token(), repository));
            expected.addAll(
                    creates(cluster.name() + "/", gitHub, "clusters", cluster.name(), cluster.proxy(), repository));
        }
        require(
                clusters.equals(expected),
                apply,
                "applies each cluster's files with its own login, staging first: " + expected,
                clusters.toString());
        report.add(apply.template() + " " + apply.name() + " (clusters): " + String.join("; ", clusters));
        Files.writeString(channels, original);
    }

    /** Lists the clusters with {@code plan}, then runs {@code apply} for each in its environment; the calls made. */
    @SuppressWarnings("unchecked")
    private List<String> applyEach(
            Job plan,
            Job apply,
            String scenario,
            Path repository,
            Map<String, String> localTarget,
            StepHook afterStep,
            ClusterJobs clusterJobs)
            throws Exception {
        boolean gitHub = !apply.template().equals(".gitlab-ci.yml");
        Result planned = run(plan, scenario + " listed", repository, localTarget, afterStep);
        require(planned.exit() == 0, plan, "lists the clusters", planned.output());
        Map<String, Job> runs = new LinkedHashMap<>();
        if (gitHub) {
            String matrix = planned.stepOutputs()
                    .getOrDefault("clusters", Map.of())
                    .get(apply.fan().from());
            require(
                    matrix != null,
                    plan,
                    "outputs " + apply.fan().from(),
                    planned.stepOutputs().toString());
            for (Map<String, String> entry :
                    (List<Map<String, String>>) new Yaml(new SafeConstructor(new LoaderOptions())).load(matrix)) {
                Map<String, String> environment = new LinkedHashMap<>();
                REHEARSED_CLUSTERS.stream()
                        .filter(cluster -> ("teleport-" + cluster.name()).equals(entry.get("environment")))
                        .forEach(cluster -> environment.putAll(Map.of(
                                "vars.TELEPORT_PROXY", cluster.proxy(),
                                "vars.TELEPORT_BOT_TOKEN", cluster.token(),
                                "vars.RELEASE_CHANNELS_CLUSTER", cluster.name())));
                runs.put(
                        entry.get("cluster"),
                        CiTemplates.forEntry(named(clusterJobs.in(environment), apply.name()), entry));
            }
        } else {
            for (Job job : clusterJobs.in(Map.of())) {
                Map<String, String> environment = new LinkedHashMap<>();
                REHEARSED_CLUSTERS.stream()
                        .filter(cluster ->
                                ("teleport/" + cluster.name()).equals(job.fan().environment()))
                        .forEach(cluster -> environment.putAll(Map.of(
                                "TELEPORT_PROXY", cluster.proxy(),
                                "TELEPORT_BOT_TOKEN", cluster.token(),
                                "TELEPORT_CLUSTER_NAME", cluster.proxy().replace(":443", ""))));
                runs.put(job.name().substring("apply-".length()), named(clusterJobs.in(environment), job.name()));
            }
        }
        Files.deleteIfExists(standInCalls);
        for (Map.Entry<String, Job> cluster : runs.entrySet()) {
            Result applied =
                    run(cluster.getValue(), scenario + " " + cluster.getKey(), repository, localTarget, afterStep);
            require(applied.exit() == 0, cluster.getValue(), "applies " + cluster.getKey(), applied.output());
        }
        return Files.exists(standInCalls) ? Files.readAllLines(standInCalls) : List.of();
    }

    /** What logging in to a cluster records: tbot's join on GitLab; on GitHub the action is stood in, unrecorded. */
    private static List<String> login(boolean gitHub, String proxy, String token, Path repository) {
        return gitHub
                ? List.of()
                : List.of("tbot start identity --join-method=gitlab --token=" + token + " --proxy-server=" + proxy
                        + " (TBOT_GITLAB_JWT set) --destination=" + repository.resolve("target/tbot"));
    }

    /** The two creates of a cluster's files, with the identity its login wrote and its Proxy as auth server. */
    private static List<String> creates(
            String directory, boolean gitHub, String scenario, String cluster, String proxy, Path repository) {
        Path identity = gitHub
                ? repository
                        .resolveSibling("runs")
                        .resolve("apply-cluster-resources-" + scenario + "-" + cluster + "-identity")
                        .resolve("identity")
                : repository.resolve("target/tbot/identity");
        String credentials = ", identity " + identity + ", auth " + proxy;
        return List.of(
                "tctl create -f target/release-channels-resources/" + directory + "autoupdate_config.yaml: "
                        + "autoupdate_config" + credentials,
                "tctl create -f target/release-channels-resources/" + directory + "autoupdate_version.yaml: "
                        + "autoupdate_version" + credentials);
    }

    private static Job named(List<Job> jobs, String name) {
        return jobs.stream()
                .filter(job -> job.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no job " + name + " in " + jobs));
    }

    /**
     * The outcome of one job run: exit code of its last step, all output, the GitHub job summary, and what each step
     * with an id wrote to {@code GITHUB_OUTPUT}.
     */
    private record Result(int exit, String output, String summary, Map<String, Map<String, String>> stepOutputs) {}

    private Result run(Job job, String scenario, Path repository, Map<String, String> localTarget, StepHook afterStep)
            throws Exception {
        return run(job, scenario, repository, localTarget, afterStep, "");
    }

    /** @param extraMavenArgs what a team would add to the template's mvn command, e.g. another channels file */
    private Result run(
            Job job,
            String scenario,
            Path repository,
            Map<String, String> localTarget,
            StepHook afterStep,
            String extraMavenArgs)
            throws Exception {
        long start = System.nanoTime();
        Path dir = Files.createDirectories(repository.resolveSibling("runs"));
        String label = job.name() + "-" + scenario.replace(' ', '-');
        Path summary = Files.createFile(dir.resolve(label + "-summary.md"));
        StringBuilder output = new StringBuilder();
        Map<String, Map<String, String>> stepOutputs = new LinkedHashMap<>();
        int exit = 0;
        int number = 0;
        Map<String, String> exported = new LinkedHashMap<>();
        for (Step step : job.steps()) {
            number++;
            if (step.name().equals(TeleportAuthStandIn.ACTION)) {
                try {
                    exported.putAll(TeleportAuthStandIn.login(step.env(), dir.resolve(label + "-identity")));
                    output.append("(teleport-actions/auth stood in: logged in at ")
                            .append(exported.get("TELEPORT_PROXY"))
                            .append(")\n");
                    continue;
                } catch (TeleportAuthStandIn.LoginRefused refused) {
                    output.append("::error::").append(refused.getMessage()).append('\n');
                    exit = 1;
                    break;
                }
            }
            if (step.script().isEmpty()) {
                output.append("(CI plumbing, not rehearsed: ")
                        .append(step.name())
                        .append(")\n");
                continue;
            }
            Path script = Files.writeString(
                    dir.resolve(label + "-step.sh"), step.script().get());
            ProcessBuilder process = new ProcessBuilder(
                            "bash", "--noprofile", "--norc", "-eo", "pipefail", script.toString())
                    .directory(repository.toFile())
                    .redirectErrorStream(true);
            Map<String, String> env = process.environment();
            env.keySet().removeIf(name -> !List.of("PATH", "LANG", "TMPDIR").contains(name));
            env.put(
                    "PATH",
                    String.join(
                            java.io.File.pathSeparator,
                            mavenHome.resolve("bin").toString(),
                            standIns.toString(),
                            System.getenv("PATH")));
            env.put("HOME", Files.createDirectories(dir.resolve("home")).toString()); // no ~/.m2, ~/.aws, ~/.ssh
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("MAVEN_ARGS", (mavenArgs + " " + extraMavenArgs).trim());
            // What the runners set: the plugin detects its CI from these.
            env.put("CI", "true");
            if (job.template().startsWith(".gitlab-ci.yml")) {
                env.put("GITLAB_CI", "true");
            } else {
                env.put("GITHUB_ACTIONS", "true");
                env.put("GITHUB_WORKSPACE", repository.toString());
            }
            // Short-lived JVMs start faster without the optimising compiler; MAVEN_OPTS stays the template's.
            env.put("JDK_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
            env.put("GITHUB_STEP_SUMMARY", summary.toString());
            Path stepOutput = Files.createFile(dir.resolve(label + "-" + number + "-output"));
            env.put("GITHUB_OUTPUT", stepOutput.toString());
            step.env().forEach((name, value) -> env.put(name, withStepOutputs(value, stepOutputs)));
            env.putAll(exported);
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
            step.id().ifPresent(id -> stepOutputs.put(id, readOutputs(stepOutput)));
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
        report.add(String.format(
                "%s %s (%s): exit %d in %.1f s",
                job.template(), job.name(), scenario, exit, (System.nanoTime() - start) / 1e9));
        return new Result(exit, log, summaryText, stepOutputs);
    }

    /** An env value with each {@code ${{ steps.<id>.outputs.<name> }}} replaced as the runner would ("" if unset). */
    private static String withStepOutputs(String value, Map<String, Map<String, String>> stepOutputs) {
        Matcher matcher = CiTemplates.STEP_OUTPUT.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(
                    resolved,
                    Matcher.quoteReplacement(
                            stepOutputs.getOrDefault(matcher.group(1), Map.of()).getOrDefault(matcher.group(2), "")));
        }
        return matcher.appendTail(resolved).toString();
    }

    /** A {@code GITHUB_OUTPUT} file as the runner reads it: {@code name=value}, or {@code name<<DELIMITER} lines. */
    private static Map<String, String> readOutputs(Path file) {
        Map<String, String> outputs = new LinkedHashMap<>();
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int heredoc = line.indexOf("<<");
                int equals = line.indexOf('=');
                if (heredoc > 0 && (equals < 0 || heredoc < equals)) {
                    String delimiter = line.substring(heredoc + 2);
                    StringBuilder value = new StringBuilder();
                    while (++i < lines.size() && !lines.get(i).equals(delimiter)) {
                        value.append(value.isEmpty() ? "" : "\n").append(lines.get(i));
                    }
                    outputs.put(line.substring(0, heredoc), value.toString());
                } else if (equals > 0) {
                    outputs.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return outputs;
    }

    private Path copySample(Path dir) throws Exception {
        Path repository = copyWithoutBuildOutput(sampleRepo, dir.resolve("repository"));
        commit(repository);
        return repository;
    }

    /** Makes the folder a git repository with everything in it committed, as a team's repository is. */
    private static void commit(Path repository) throws Exception {
        try (Git git = Git.init()
                .setDirectory(repository.toFile())
                .setInitialBranch("main")
                .call()) {
            git.add().addFilepattern(".").call();
            PersonIdent author = new PersonIdent("Rehearsal", "rehearsal@example.invalid");
            git.commit()
                    .setMessage("The sample repository")
                    .setAuthor(author)
                    .setCommitter(author)
                    .setSign(false)
                    .call();
        }
    }

    private static Job single(List<Job> jobs, Trigger trigger) {
        List<Job> matching =
                jobs.stream().filter(job -> job.trigger() == trigger).toList();
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
        require(
                declared != null,
                job,
                "declares artifacts:reports:" + kind,
                job.reports().toString());
        Path report = repository.resolve(declared);
        require(
                Files.isRegularFile(report) && Files.readString(report).contains(expected),
                job,
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
