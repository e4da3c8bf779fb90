// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.TargetOptions;
import io.github.releasechannels.publish.git.GitOptions;
import io.github.releasechannels.workflow.Deploy;
import io.github.releasechannels.workflow.DeploySettings;
import io.github.releasechannels.workflow.Goal;
import io.github.releasechannels.workflow.Options;
import io.github.releasechannels.workflow.RunEnvironment;
import io.github.releasechannels.workflow.RunSettings;
import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;

/**
 * Validates and renders the site like {@code generate}, then publishes it to the target: only files that changed,
 * each channel in a safe order, removed channels after every upload, the manifest last.
 */
@Mojo(name = "deploy", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true, requiresProject = false)
public class DeployMojo extends AbstractSiteMojo {

    /**
     * Where to publish: {@code file:///srv/www/updates} (or a plain path), {@code s3://bucket/prefix},
     * {@code git+https://github.com/org/repo.git#gh-pages}, {@code sftp://user@host/var/www/updates}.
     * Defaults to the project's {@code distributionManagement.site.url}.
     */
    @Parameter(property = Options.TARGET, defaultValue = Options.DEFAULT_TARGET)
    String target;

    /**
     * The id of the settings.xml {@code <server>} holding the target's credentials. Defaults to the project's
     * {@code distributionManagement.site.id}.
     */
    @Parameter(property = Options.SERVER_ID, defaultValue = Options.DEFAULT_SERVER_ID)
    String serverId;

    /** Print the plan (each file to add, update, delete or leave) and change nothing. */
    @Parameter(property = Options.DRY_RUN, defaultValue = "false")
    boolean dryRun;

    /** Cache-Control of {@code version} and {@code critical} where the target serves headers. */
    @Parameter(property = Options.CACHE_CONTROL, defaultValue = HeaderPolicy.DEFAULT_CHANNEL_CACHE_CONTROL)
    String cacheControl;

    /** S3: the bucket's region, e.g. {@code eu-west-1}; {@code auto} for R2. Default: the SDK's region chain. */
    @Parameter(property = Options.S3_REGION)
    String s3Region;

    /** S3: the endpoint of an S3-compatible store (GCS, R2, MinIO), e.g. {@code https://storage.googleapis.com}. */
    @Parameter(property = Options.S3_ENDPOINT)
    String s3Endpoint;

    /** S3: path-style requests ({@code endpoint/bucket/key}), needed by MinIO and some stores. */
    @Parameter(property = Options.S3_PATH_STYLE, defaultValue = "false")
    boolean s3PathStyle;

    /**
     * S3: {@code when_supported} (the SDK default) sends request checksums on every upload; {@code when_required}
     * sends them only when the API requires it, for stores that reject the newer checksum headers.
     */
    @Parameter(property = Options.S3_REQUEST_CHECKSUMS, defaultValue = Options.DEFAULT_S3_REQUEST_CHECKSUMS)
    String s3RequestChecksums;

    /**
     * S3: {@code false} for stores that ignore or reject {@code If-None-Match} / {@code If-Match} on PUT; the publish
     * lock object is then checked by reading it back.
     */
    @Parameter(property = Options.S3_CONDITIONAL_WRITES, defaultValue = "true")
    String s3ConditionalWrites;

    /**
     * S3: {@code true} checks every object's headers with a request of its own instead of trusting what the
     * manifest recorded, e.g. after the bucket was edited by hand.
     */
    @Parameter(property = Options.S3_VERIFY_HEADERS, defaultValue = "false")
    String s3VerifyHeaders;

    /** How long another publish's lock on the target is waited for, in seconds, before giving up. */
    @Parameter(property = Options.LOCK_WAIT_SECONDS, defaultValue = Options.DEFAULT_LOCK_WAIT_SECONDS)
    String lockWaitSeconds;

    /**
     * How long the publish lock is honoured after its holder last renewed it, in seconds (4 to 3600); a publish
     * renews its lock every quarter of this and writes nothing in the last quarter. A killed publish's lock is taken
     * over after it, or at once when it names a process on this host that has ended.
     */
    @Parameter(property = Options.LOCK_EXPIRY_SECONDS, defaultValue = Options.DEFAULT_LOCK_EXPIRY_SECONDS)
    String lockExpirySeconds;

    /**
     * How many files are written at once, from 1 to 256; the publish order (each channel's files, deletions after
     * uploads, status page after channels, manifest last) holds whatever the number. Directories use at most 4,
     * SFTP and git 1.
     */
    @Parameter(property = Options.PARALLELISM, defaultValue = Options.DEFAULT_PARALLELISM)
    String parallelism;

    /** Git: publish into this subdirectory of the branch instead of its root. */
    @Parameter(property = Options.GIT_DIRECTORY)
    String gitDirectory;

    /** Git over HTTPS: the environment variable holding a token, used when no settings.xml server matches. */
    @Parameter(property = Options.GIT_TOKEN_VARIABLE, defaultValue = GitOptions.DEFAULT_TOKEN_VARIABLE)
    String gitTokenVariable;

    /**
     * SSH (git+ssh and sftp): the known_hosts file the server's host key is checked against. Default:
     * {@code ~/.ssh/known_hosts}.
     */
    @Parameter(property = Options.KNOWN_HOSTS)
    File knownHosts;

    /**
     * How many seconds one remote operation (a connect, a login, one request and its answer) may wait on the network
     * before it fails and is retried; a whole number from 1 to 600. Raise it for a slow link.
     */
    @Parameter(property = Options.TIMEOUT_SECONDS, defaultValue = Options.DEFAULT_TIMEOUT_SECONDS)
    String timeoutSeconds;

    /** After publishing, ask again until every channel is in sync or this many seconds have passed (CDN). */
    @Parameter(property = Options.VERIFY_WAIT_SECONDS, defaultValue = "0")
    int verifyWaitSeconds;

    /** Publish even when a channel's version goes down (for this run; per channel: {@code allow_downgrade}). */
    @Parameter(property = Options.ALLOW_DOWNGRADE, defaultValue = "false")
    boolean allowDowngrade;

    /**
     * Publish a channel's version change inside a freeze of channels.yaml anyway, with a warning (for this run; per
     * channel: {@code critical: true}).
     */
    @Parameter(property = Options.IGNORE_FREEZE, defaultValue = "false")
    boolean ignoreFreeze;

    /**
     * In CI ({@code CI=true}) publish a channels file that differs from its commit anyway. Unset, such a deploy is
     * refused: git is the truth there. Outside CI it is published with a warning.
     */
    @Parameter(property = Options.ALLOW_UNCOMMITTED, defaultValue = "false")
    boolean allowUncommitted;

    /**
     * Also write the site into {@code releaseChannels.outputDirectory} before publishing, for inspection or as a
     * build artifact; only the files that differ from what it holds are written. Unset, it is written for a target
     * on this machine ({@code file:}, {@code git+file:}) and not for a remote one, which is published straight from
     * memory.
     */
    @Parameter(property = Options.WRITE_LOCAL_SITE)
    Boolean writeLocalSite;

    @Parameter(defaultValue = "${settings}", readonly = true, required = true)
    Settings settings;

    @Parameter(defaultValue = "${project.build.directory}/release-channels-work", readonly = true, required = true)
    File workDirectory;

    @Override
    void run(RunSettings common, RunEnvironment environment) throws UserProblemException, EnvironmentProblemException {
        // Checked before anything is written, every wrong parameter at once.
        TargetOptions options = targetOptions();
        keepSdkLoggersAboveDebug();
        Deploy.run(
                new DeploySettings(
                        common,
                        siteSettings(),
                        Optional.ofNullable(target),
                        Optional.ofNullable(serverId),
                        dryRun,
                        cacheControl,
                        options,
                        verifyWaitSeconds,
                        allowDowngrade,
                        ignoreFreeze,
                        allowUncommitted,
                        Optional.ofNullable(writeLocalSite),
                        settings != null && settings.isOffline(),
                        underBuildDirectory(workDirectory).toPath()),
                environment);
    }

    /** Maven's slf4j provider reads a logger's level from this property when the logger is created. */
    static final String SDK_LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.log.software.amazon.awssdk";

    /**
     * Under {@code -X} the AWS SDK logs each request's canonical form at DEBUG, the session token
     * ({@code x-amz-security-token}) included. Its loggers are created when its classes load, after this runs, so
     * they stay at INFO whatever Maven's level; a level above DEBUG that the user set is kept.
     */
    private void keepSdkLoggersAboveDebug() {
        String level = System.getProperty(SDK_LOG_LEVEL_PROPERTY);
        if (level == null || level.equalsIgnoreCase("debug") || level.equalsIgnoreCase("trace")) {
            System.setProperty(SDK_LOG_LEVEL_PROPERTY, "info");
            getLog().debug("The AWS SDK's loggers stay at INFO: its DEBUG lines carry credentials.");
        }
    }

    /** The target parameters, typed and checked once; every wrong one is listed. */
    private TargetOptions targetOptions() throws InvalidTargetException {
        Map<String, String> values = new HashMap<>();
        values.put(Options.S3_REGION, s3Region);
        values.put(Options.S3_ENDPOINT, s3Endpoint);
        values.put(Options.S3_PATH_STYLE, Boolean.toString(s3PathStyle));
        values.put(Options.S3_REQUEST_CHECKSUMS, s3RequestChecksums);
        values.put(Options.S3_CONDITIONAL_WRITES, s3ConditionalWrites);
        values.put(Options.S3_VERIFY_HEADERS, s3VerifyHeaders);
        values.put(Options.LOCK_WAIT_SECONDS, lockWaitSeconds);
        values.put(Options.LOCK_EXPIRY_SECONDS, lockExpirySeconds);
        values.put(Options.PARALLELISM, parallelism);
        values.put(Options.GIT_DIRECTORY, gitDirectory);
        values.put(Options.GIT_TOKEN_VARIABLE, gitTokenVariable);
        values.put(Options.KNOWN_HOSTS, knownHosts == null ? null : knownHosts.getAbsolutePath());
        values.put(Options.TIMEOUT_SECONDS, timeoutSeconds);
        return Options.targetOptions(values);
    }

    /**
     * The settings.xml server's credentials, decrypted; empty, with a note, when none has the id (the target's own
     * credential sources are used then).
     */
    @Override
    Optional<Credentials> serverCredentials(String id) throws UserProblemException {
        Server server = settings.getServer(id);
        if (server == null) {
            getLog().info("No <server> with id '" + id + "' in settings.xml; the target's own credential "
                    + "sources are used.");
            return Optional.empty();
        }
        Server decrypted = SettingsSecrets.decrypted(
                        settingsDecrypter,
                        new DefaultSettingsDecryptionRequest(server),
                        "the password of settings.xml server '" + id + "'")
                .getServer();
        return Optional.of(new Credentials(
                Optional.ofNullable(decrypted.getUsername()).filter(s -> !s.isEmpty()),
                Optional.ofNullable(decrypted.getPassword()).filter(s -> !s.isEmpty()),
                Optional.ofNullable(decrypted.getPrivateKey())
                        .filter(s -> !s.isEmpty())
                        .map(Path::of),
                Optional.ofNullable(decrypted.getPassphrase()).filter(s -> !s.isEmpty()),
                "settings.xml server '" + id + "'"));
    }

    @Override
    String goal() {
        return Goal.DEPLOY.id();
    }
}
