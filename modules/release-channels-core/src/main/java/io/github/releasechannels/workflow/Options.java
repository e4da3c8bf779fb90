// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import static io.github.releasechannels.workflow.Goal.CHECK;
import static io.github.releasechannels.workflow.Goal.DEPLOY;
import static io.github.releasechannels.workflow.Goal.GENERATE;
import static io.github.releasechannels.workflow.Goal.PROMOTE;
import static io.github.releasechannels.workflow.Goal.SERVE;
import static io.github.releasechannels.workflow.Goal.VERIFY;

import io.github.releasechannels.guard.FreezeGuard;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.NetworkTimeout;
import io.github.releasechannels.publish.OptionReader;
import io.github.releasechannels.publish.PublishLock;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.TargetOptions;
import io.github.releasechannels.publish.TargetUri;
import io.github.releasechannels.report.CiSystem;
import io.github.releasechannels.resources.ClusterResources;
import io.github.releasechannels.source.GitTruth;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every option of the goals, declared once. The names are constants so that the Mojos' {@code @Parameter}
 * annotations can use them; the rest of each declaration is in {@link #ALL}.
 */
public final class Options {

    /** Every option's name starts with this. */
    public static final String PREFIX = OptionReader.PREFIX;

    /** An option's name as target options read it: without {@link #PREFIX}. */
    public static String key(String name) {
        return name.substring(PREFIX.length());
    }

    public static final String FILE = PREFIX + "file";
    public static final String REF = PREFIX + "ref";
    public static final String SKIP = PREFIX + "skip";
    public static final String CI = CiSystem.PROPERTY;
    public static final String BASE_URL = PREFIX + "baseUrl";
    public static final String TRUSTED_CERTIFICATES = PREFIX + "trustedCertificates";
    public static final String ALLOW_HTTP = PREFIX + "verify.allowHttp";
    public static final String OUTPUT_DIRECTORY = PREFIX + "outputDirectory";
    public static final String STATUS_PAGE = PREFIX + "statusPage";
    public static final String RESOURCES_DIRECTORY = PREFIX + "resourcesDirectory";
    public static final String KUBERNETES_CONFIG_NAME = PREFIX + "kubernetes.configName";
    public static final String KUBERNETES_VERSION_NAME = PREFIX + "kubernetes.versionName";
    public static final String KUBERNETES_NAMESPACE = PREFIX + "kubernetes.namespace";
    public static final String TARGET = PREFIX + "target";
    public static final String SERVER_ID = PREFIX + "serverId";
    public static final String DRY_RUN = PREFIX + "dryRun";
    public static final String CACHE_CONTROL = PREFIX + "cacheControl";
    public static final String WRITE_LOCAL_SITE = PREFIX + "writeLocalSite";
    public static final String ALLOW_DOWNGRADE = PREFIX + "allowDowngrade";
    public static final String ALLOW_UNCOMMITTED = GitTruth.ALLOW_PROPERTY;
    public static final String IGNORE_FREEZE = FreezeGuard.IGNORE_PROPERTY;
    public static final String PROMOTE_COMMIT = PREFIX + "promote.commit";
    public static final String PROMOTE_PUSH = PREFIX + "promote.push";
    public static final String PROMOTE_AT = PREFIX + "promote.at";
    public static final String VERIFY_WAIT_SECONDS = PREFIX + "verify.waitSeconds";
    public static final String SERVE_PORT = PREFIX + "serve.port";
    public static final String S3_REGION = PREFIX + "s3.region";
    public static final String S3_ENDPOINT = PREFIX + "s3.endpoint";
    public static final String S3_PATH_STYLE = PREFIX + "s3.pathStyle";
    public static final String S3_REQUEST_CHECKSUMS = PREFIX + "s3.requestChecksums";
    public static final String S3_CONDITIONAL_WRITES = PREFIX + "s3.conditionalWrites";
    public static final String S3_VERIFY_HEADERS = PREFIX + "s3.verifyHeaders";
    public static final String GIT_DIRECTORY = PREFIX + "git.directory";
    public static final String GIT_TOKEN_VARIABLE = PREFIX + "git.tokenVariable";
    public static final String KNOWN_HOSTS = PREFIX + "knownHosts";
    public static final String LOCK_WAIT_SECONDS = PREFIX + PublishLock.Policy.WAIT_OPTION;
    public static final String LOCK_EXPIRY_SECONDS = PREFIX + PublishLock.Policy.EXPIRY_OPTION;
    public static final String PARALLELISM = PREFIX + PublishPipeline.PARALLELISM_OPTION;
    public static final String TIMEOUT_SECONDS = PREFIX + NetworkTimeout.OPTION;

    /** Defaults that Mojo annotations need as constants. */
    public static final String DEFAULT_FILE = "${basedir}/channels.yaml";

    public static final String DEFAULT_OUTPUT_DIRECTORY = "${project.build.directory}/release-channels";
    public static final String DEFAULT_RESOURCES_DIRECTORY = "${project.build.directory}/release-channels-resources";
    public static final String DEFAULT_TARGET = "${project.distributionManagement.site.url}";
    public static final String DEFAULT_SERVER_ID = "${project.distributionManagement.site.id}";
    public static final String DEFAULT_S3_REQUEST_CHECKSUMS = "when_supported";
    public static final String DEFAULT_LOCK_WAIT_SECONDS = "" + PublishLock.Policy.DEFAULT_WAIT_SECONDS;
    public static final String DEFAULT_LOCK_EXPIRY_SECONDS = "" + PublishLock.Policy.DEFAULT_EXPIRY_SECONDS;
    public static final String DEFAULT_PARALLELISM = "" + PublishPipeline.DEFAULT_PARALLELISM;
    public static final String DEFAULT_TIMEOUT_SECONDS = "" + NetworkTimeout.DEFAULT_SECONDS;
    public static final String DEFAULT_SERVE_PORT = "8443";

    private static final Set<Goal> ALL_GOALS = EnumSet.allOf(Goal.class);
    private static final Set<Goal> SITE_GOALS = EnumSet.of(GENERATE, DEPLOY, SERVE);

    /** Every option, in the order the docs list them. */
    public static final List<Option> ALL = List.of(
            option(
                    FILE,
                    OptionType.PATH,
                    DEFAULT_FILE,
                    "",
                    ALL_GOALS,
                    "the channels file: a regular file whose "
                            + "real path is in the project or its git work tree (a link leading out, a FIFO or a device is "
                            + "refused unread); at most 16 MiB is read. `${basedir}` is the project's directory, or without "
                            + "a pom the directory Maven was started in"),
            option(
                    REF,
                    OptionType.TEXT,
                    null,
                    "",
                    ALL_GOALS,
                    "read the file from this git ref (branch, tag, "
                            + "commit) instead of the working tree; the working tree is not touched. A ref at another commit "
                            + "than `HEAD` is a rollback, recorded as such ([publishing.md](publishing.md#rolling-back))"),
            option(SKIP, OptionType.FLAG, "false", "", ALL_GOALS, "skip the goal; the log says so"),
            option(
                    OUTPUT_DIRECTORY,
                    OptionType.PATH,
                    DEFAULT_OUTPUT_DIRECTORY,
                    "",
                    SITE_GOALS,
                    "where the site "
                            + "is rendered (generate and serve replace it as a whole, deploy writes what differs); without a "
                            + "pom `./target/release-channels`"),
            option(
                    WRITE_LOCAL_SITE,
                    OptionType.OPTIONAL_FLAG,
                    null,
                    "for a target on this machine (`file:`, " + "`git+file:`) only",
                    EnumSet.of(DEPLOY),
                    "also write the site into "
                            + "`releaseChannels.outputDirectory` before publishing, only the files whose bytes differ from "
                            + "what it holds (generate replaces the directory as a whole); unset, a remote target (`s3:`, "
                            + "`git+https:`, `sftp:`...) is published straight from memory and nothing is written locally; "
                            + "`true` writes it for any target, `false` never"),
            option(
                    STATUS_PAGE,
                    OptionType.FLAG,
                    "true",
                    "",
                    SITE_GOALS,
                    "render the status page `index.html`; "
                            + "turn off when the target's `index.html` is someone else's"),
            option(
                    TARGET,
                    OptionType.TEXT,
                    DEFAULT_TARGET,
                    "",
                    EnumSet.of(CHECK, DEPLOY, VERIFY),
                    "where to "
                            + "publish: a path, `file:`, `s3://`, `git+https://`, `git+ssh://`, `git+file://`, `sftp://`. "
                            + "Only deploy opens it; check and verify name it in their advice"),
            option(
                    SERVER_ID,
                    OptionType.TEXT,
                    DEFAULT_SERVER_ID,
                    "",
                    EnumSet.of(DEPLOY, PROMOTE),
                    "the settings.xml `<server>` holding the target's credentials; for promote with `push`, the "
                            + "token `origin` is pushed to over HTTPS"),
            option(DRY_RUN, OptionType.FLAG, "false", "", EnumSet.of(DEPLOY), "print the plan, change nothing"),
            option(
                    CACHE_CONTROL,
                    OptionType.TEXT,
                    HeaderPolicy.DEFAULT_CHANNEL_CACHE_CONTROL,
                    "",
                    EnumSet.of(DEPLOY, SERVE),
                    "`Cache-Control` of `version` and `critical` where the target "
                            + "stores headers (S3) and on serve's local server; a directory or SFTP target's web server "
                            + "sets its own"),
            option(
                    S3_REGION,
                    OptionType.TEXT,
                    null,
                    "the SDK's region chain",
                    EnumSet.of(DEPLOY),
                    "S3: the "
                            + "bucket's region, e.g. `eu-west-1`; `auto` for R2 (see [targets/s3.md](targets/s3.md))"),
            option(
                    S3_ENDPOINT,
                    OptionType.TEXT,
                    null,
                    "AWS",
                    EnumSet.of(DEPLOY),
                    "S3: the endpoint of an "
                            + "S3-compatible store (GCS, R2, MinIO), e.g. `https://storage.googleapis.com`"),
            option(
                    S3_PATH_STYLE,
                    OptionType.FLAG,
                    "false",
                    "",
                    EnumSet.of(DEPLOY),
                    "S3: path-style requests " + "(`endpoint/bucket/key`), needed by MinIO and some stores"),
            option(
                    S3_REQUEST_CHECKSUMS,
                    OptionType.TEXT,
                    DEFAULT_S3_REQUEST_CHECKSUMS,
                    "",
                    EnumSet.of(DEPLOY),
                    "S3: `when_supported` sends request checksums on every upload; `when_required` only when the "
                            + "API requires them, for stores that reject the newer checksum headers"),
            option(
                    S3_CONDITIONAL_WRITES,
                    OptionType.TARGET_FLAG,
                    "true",
                    "",
                    EnumSet.of(DEPLOY),
                    "S3: `false` "
                            + "for stores that ignore or reject `If-None-Match` / `If-Match` on PUT; the publish lock "
                            + "object is then checked by reading it back"),
            option(
                    S3_VERIFY_HEADERS,
                    OptionType.TARGET_FLAG,
                    "false",
                    "",
                    EnumSet.of(DEPLOY),
                    "S3: `true` "
                            + "checks every object's headers with a request of its own instead of trusting what the "
                            + "manifest recorded, e.g. after the bucket was edited by hand"),
            option(
                    GIT_DIRECTORY,
                    OptionType.TEXT,
                    null,
                    "the branch's root",
                    EnumSet.of(DEPLOY),
                    "git: publish "
                            + "into this subdirectory of the branch (see [targets/git-pages.md](targets/git-pages.md))"),
            option(
                    GIT_TOKEN_VARIABLE,
                    OptionType.TEXT,
                    TargetUri.DEFAULT_GIT_TOKEN_VARIABLE,
                    "",
                    EnumSet.of(DEPLOY, PROMOTE),
                    "git over HTTPS (the git target, and promote's push to `origin`): the environment variable "
                            + "holding a token, used when no settings.xml server matches"),
            option(
                    KNOWN_HOSTS,
                    OptionType.PATH,
                    null,
                    "`~/.ssh/known_hosts`",
                    EnumSet.of(DEPLOY),
                    "host keys " + "for `git+ssh` and `sftp`"),
            option(
                    PARALLELISM,
                    OptionType.TARGET_NUMBER,
                    DEFAULT_PARALLELISM,
                    "",
                    EnumSet.of(DEPLOY),
                    "how many "
                            + "files are written at once, 1 to 256; the publish order holds whatever the number (see "
                            + "[parallel writes](publishing.md#parallel-ordered-writes)); directories use at most 4, SFTP "
                            + "and git 1"),
            option(
                    LOCK_WAIT_SECONDS,
                    OptionType.TARGET_NUMBER,
                    DEFAULT_LOCK_WAIT_SECONDS,
                    "",
                    EnumSet.of(DEPLOY),
                    "how long to wait for another publish's lock on the target before giving up, 0 to 86400 (see "
                            + "[two publishes at once](publishing.md#two-publishes-at-once-and-killed-publishes))"),
            option(
                    LOCK_EXPIRY_SECONDS,
                    OptionType.TARGET_NUMBER,
                    DEFAULT_LOCK_EXPIRY_SECONDS,
                    "",
                    EnumSet.of(DEPLOY),
                    "how long the lock is honoured after its holder last renewed it, 4 to "
                            + "3600; the holder renews it every quarter of this and writes nothing in the last quarter; a "
                            + "killed publish's lock on another host is taken over after it (on the same host at once)"),
            option(
                    TIMEOUT_SECONDS,
                    OptionType.TARGET_NUMBER,
                    DEFAULT_TIMEOUT_SECONDS,
                    "",
                    EnumSet.of(DEPLOY),
                    "how long one remote operation (a connect, a login, one request and its answer) may wait on "
                            + "the network before it fails and is retried; a whole number from 1 to 600; raise it for a "
                            + "slow link"),
            option(
                    BASE_URL,
                    OptionType.TEXT,
                    null,
                    "",
                    ALL_GOALS,
                    "the address agents read, e.g. "
                            + "`https://updates.example.com/teleport`: the status page prints the agent settings for it; "
                            + "deploy verifies there; `check` and `deploy` guard against downgrades from it; see "
                            + "[verify-and-serve.md](verify-and-serve.md)"),
            option(
                    TRUSTED_CERTIFICATES,
                    OptionType.PATH,
                    null,
                    "",
                    ALL_GOALS,
                    "a PEM bundle trusted in addition "
                            + "to the JDK's (private CA) where the live site is read (verify, deploy, check); there is no "
                            + "\"trust all\""),
            option(
                    VERIFY_WAIT_SECONDS,
                    OptionType.NUMBER,
                    "0",
                    "",
                    EnumSet.of(VERIFY, DEPLOY),
                    "poll until in " + "sync or this many seconds passed (CDN propagation)"),
            option(
                    ALLOW_HTTP,
                    OptionType.FLAG,
                    "false",
                    "",
                    ALL_GOALS,
                    "plain `http://` for a loopback base URL " + "only"),
            option(
                    CI,
                    OptionType.TEXT,
                    null,
                    "detected",
                    ALL_GOALS,
                    "`github`, `gitlab` or `none`: the CI whose "
                            + "annotations and reports are written ([ci/report.md](ci/report.md)); unset, detected from "
                            + "`GITHUB_ACTIONS` / `GITLAB_CI`. `target/release-channels-report.json` is written in every "
                            + "case"),
            option(
                    ALLOW_DOWNGRADE,
                    OptionType.FLAG,
                    "false",
                    "",
                    EnumSet.of(CHECK, DEPLOY),
                    "allow channels and "
                            + "`managed_updates` versions to go down for this run (see [the downgrade "
                            + "guard](verify-and-serve.md#downgrade-guard))"),
            option(
                    ALLOW_UNCOMMITTED,
                    OptionType.FLAG,
                    "false",
                    "",
                    EnumSet.of(DEPLOY),
                    "with `CI=true`, publish "
                            + "a `channels.yaml` that differs from its commit anyway (with a warning); unset, such a deploy "
                            + "is refused ([publishing.md](publishing.md#only-what-git-holds-in-ci)). Outside CI it is "
                            + "always published, with the warning"),
            option(
                    IGNORE_FREEZE,
                    OptionType.FLAG,
                    "false",
                    "",
                    EnumSet.of(CHECK, DEPLOY),
                    "let a version change "
                            + "through a freeze of `channels.yaml` for this run, with a warning (per channel: "
                            + "`critical: true`) ([promotions.md](promotions.md#freezes-and-hand-changes))"),
            option(
                    PROMOTE_COMMIT,
                    OptionType.FLAG,
                    "false",
                    "",
                    EnumSet.of(PROMOTE),
                    "commit the edit (only the "
                            + "channels file, which must have no uncommitted change) with a message recording each "
                            + "promotion: from, to, source channel, since when, soak"),
            option(
                    PROMOTE_PUSH,
                    OptionType.FLAG,
                    "false",
                    "",
                    EnumSet.of(PROMOTE),
                    "with `commit`, push the "
                            + "commit to the branch of the same name on `origin`: it fetches and fast-forwards first, and "
                            + "when another run pushed first it takes its commit back, fetches and plans again (at most 5 "
                            + "times), so a promotion is never made twice. Over HTTPS it logs in as the git target does "
                            + "(`releaseChannels.serverId`, else `releaseChannels.git.tokenVariable`), not with the git "
                            + "command's credentials ([promotions.md](promotions.md#pushing-the-promotion))"),
            option(
                    PROMOTE_AT,
                    OptionType.TEXT,
                    null,
                    "now",
                    EnumSet.of(PROMOTE),
                    "plan for this RFC 3339 instant "
                            + "with its offset, such as `2026-12-11T09:00:00Z` (\"what moves on Friday\")"),
            option(
                    RESOURCES_DIRECTORY,
                    OptionType.PATH,
                    DEFAULT_RESOURCES_DIRECTORY,
                    "",
                    SITE_GOALS,
                    "where the "
                            + "Managed Updates v2 resources and the Proxy snippet are rendered, replaced as a whole "
                            + "([managed-updates-v2.md](managed-updates-v2.md#rendered-files))"),
            option(
                    KUBERNETES_NAMESPACE,
                    OptionType.TEXT,
                    null,
                    "where they are applied",
                    SITE_GOALS,
                    "the " + "namespace of the operator's custom resources"),
            option(
                    KUBERNETES_CONFIG_NAME,
                    OptionType.TEXT,
                    ClusterResources.CONFIG_NAME,
                    "",
                    SITE_GOALS,
                    "`metadata.name` of the operator's `TeleportAutoupdateConfigV1`, fixed by Teleport: the "
                            + "operator copies the name into the Teleport resource, which Teleport accepts under no other "
                            + "name, so any other value is refused with that reason"),
            option(
                    KUBERNETES_VERSION_NAME,
                    OptionType.TEXT,
                    ClusterResources.VERSION_NAME,
                    "",
                    SITE_GOALS,
                    "`metadata.name` of the operator's `TeleportAutoupdateVersionV1`, fixed by Teleport as "
                            + "`releaseChannels.kubernetes.configName` is"),
            option(
                    SERVE_PORT,
                    OptionType.NUMBER,
                    DEFAULT_SERVE_PORT,
                    "",
                    EnumSet.of(SERVE),
                    "the port on " + "127.0.0.1 (`0`: a free one)"));

    private Options() {}

    private static Option option(
            String name, OptionType type, String defaultValue, String unset, Set<Goal> goals, String documentation) {
        return new Option(name, type, Optional.ofNullable(defaultValue), unset, documentation, goals);
    }

    /** The options the target reads (typed and checked by {@link TargetOptions}), by name. */
    public static final List<String> TARGET_OPTIONS = List.of(
            S3_REGION,
            S3_ENDPOINT,
            S3_PATH_STYLE,
            S3_REQUEST_CHECKSUMS,
            S3_CONDITIONAL_WRITES,
            S3_VERIFY_HEADERS,
            LOCK_WAIT_SECONDS,
            LOCK_EXPIRY_SECONDS,
            PARALLELISM,
            GIT_DIRECTORY,
            GIT_TOKEN_VARIABLE,
            KNOWN_HOSTS,
            TIMEOUT_SECONDS);

    /**
     * The target options among {@code values} (by option name, as a front end holds them), typed and checked once;
     * blank values count as unset, the others are trimmed.
     *
     * @throws InvalidTargetException naming every wrong option at once
     */
    public static TargetOptions targetOptions(Map<String, String> values) throws InvalidTargetException {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String name : TARGET_OPTIONS) {
            String value = values.get(name);
            if (value != null && !value.isBlank()) {
                byKey.put(key(name), value.trim());
            }
        }
        return TargetOptions.parse(byKey);
    }

    /** The option named {@code name}. */
    public static Optional<Option> named(String name) {
        return ALL.stream().filter(option -> option.name().equals(name)).findFirst();
    }
}
