package io.github.releasechannels.maven;

import io.github.releasechannels.guard.FreezeGuard;
import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.OptionReader;
import io.github.releasechannels.publish.PublishLock;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.PublishRefusedException;
import io.github.releasechannels.publish.PublishReport;
import io.github.releasechannels.publish.PublishRequest;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.Publishers;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.TargetOptions;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.publish.NetworkTimeout;
import io.github.releasechannels.publish.git.GitOptions;
import io.github.releasechannels.publish.s3.S3Options;
import io.github.releasechannels.publish.ssh.SshOptions;
import io.github.releasechannels.publish.TargetUri;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.source.ChannelsLoader;
import io.github.releasechannels.source.ChannelsSource;
import io.github.releasechannels.source.GitTruth;
import io.github.releasechannels.source.UncommittedChangesException;
import io.github.releasechannels.verify.SiteVerifier;
import io.github.releasechannels.text.LogText;
import io.github.releasechannels.url.UrlParts;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
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

    private static final String PREFIX = OptionReader.PREFIX;

    /**
     * Where to publish: {@code file:///srv/www/updates} (or a plain path), {@code s3://bucket/prefix},
     * {@code git+https://github.com/org/repo.git#gh-pages}, {@code sftp://user@host/var/www/updates}.
     * Defaults to the project's {@code distributionManagement.site.url}.
     */
    @Parameter(property = "releaseChannels.target", defaultValue = "${project.distributionManagement.site.url}")
    String target;

    /**
     * The id of the settings.xml {@code <server>} holding the target's credentials. Defaults to the project's
     * {@code distributionManagement.site.id}.
     */
    @Parameter(property = "releaseChannels.serverId", defaultValue = "${project.distributionManagement.site.id}")
    String serverId;

    /** Print the plan (each file to add, update, delete or leave) and change nothing. */
    @Parameter(property = "releaseChannels.dryRun", defaultValue = "false")
    boolean dryRun;

    /** Cache-Control of {@code version} and {@code critical} where the target serves headers. */
    @Parameter(property = "releaseChannels.cacheControl", defaultValue = HeaderPolicy.DEFAULT_CHANNEL_CACHE_CONTROL)
    String cacheControl;

    /** S3: the bucket's region, e.g. {@code eu-west-1}; {@code auto} for R2. Default: the SDK's region chain. */
    @Parameter(property = PREFIX + S3Options.REGION)
    String s3Region;

    /** S3: the endpoint of an S3-compatible store (GCS, R2, MinIO), e.g. {@code https://storage.googleapis.com}. */
    @Parameter(property = PREFIX + S3Options.ENDPOINT)
    String s3Endpoint;

    /** S3: path-style requests ({@code endpoint/bucket/key}), needed by MinIO and some stores. */
    @Parameter(property = PREFIX + S3Options.PATH_STYLE, defaultValue = "false")
    boolean s3PathStyle;

    /**
     * S3: {@code when_supported} (the SDK default) sends request checksums on every upload; {@code when_required}
     * sends them only when the API requires it, for stores that reject the newer checksum headers.
     */
    @Parameter(property = PREFIX + S3Options.REQUEST_CHECKSUMS, defaultValue = "when_supported")
    String s3RequestChecksums;

    /**
     * S3: {@code false} for stores that ignore or reject {@code If-None-Match} / {@code If-Match} on PUT; the publish
     * lock object is then checked by reading it back.
     */
    @Parameter(property = PREFIX + S3Options.CONDITIONAL_WRITES, defaultValue = "true")
    String s3ConditionalWrites;

    /**
     * S3: {@code true} checks every object's headers with a request of its own instead of trusting what the
     * manifest recorded, e.g. after the bucket was edited by hand.
     */
    @Parameter(property = PREFIX + S3Options.VERIFY_HEADERS, defaultValue = "false")
    String s3VerifyHeaders;

    /** How long another publish's lock on the target is waited for, in seconds, before giving up. */
    @Parameter(property = PREFIX + PublishLock.Policy.WAIT_OPTION,
            defaultValue = "" + PublishLock.Policy.DEFAULT_WAIT_SECONDS)
    String lockWaitSeconds;

    /**
     * How long the publish lock is honoured after its holder last renewed it, in seconds (4 to 3600); a publish
     * renews its lock every quarter of this and writes nothing in the last quarter. A killed publish's lock is taken
     * over after it, or at once when it names a process on this host that has ended.
     */
    @Parameter(property = PREFIX + PublishLock.Policy.EXPIRY_OPTION,
            defaultValue = "" + PublishLock.Policy.DEFAULT_EXPIRY_SECONDS)
    String lockExpirySeconds;

    /**
     * How many files are written at once, from 1 to 256; the publish order (each channel's files, deletions after
     * uploads, status page after channels, manifest last) holds whatever the number. Directories use at most 4,
     * SFTP and git 1.
     */
    @Parameter(property = PREFIX + PublishPipeline.PARALLELISM_OPTION,
            defaultValue = "" + PublishPipeline.DEFAULT_PARALLELISM)
    String parallelism;

    /** Git: publish into this subdirectory of the branch instead of its root. */
    @Parameter(property = PREFIX + GitOptions.DIRECTORY)
    String gitDirectory;

    /** Git over HTTPS: the environment variable holding a token, used when no settings.xml server matches. */
    @Parameter(property = PREFIX + GitOptions.TOKEN_VARIABLE, defaultValue = GitOptions.DEFAULT_TOKEN_VARIABLE)
    String gitTokenVariable;

    /**
     * SSH (git+ssh and sftp): the known_hosts file the server's host key is checked against. Default:
     * {@code ~/.ssh/known_hosts}.
     */
    @Parameter(property = PREFIX + SshOptions.KNOWN_HOSTS)
    File knownHosts;

    /**
     * How many seconds one remote operation (a connect, a login, one request and its answer) may wait on the network
     * before it fails and is retried; a whole number from 1 to 600. Raise it for a slow link.
     */
    @Parameter(property = PREFIX + NetworkTimeout.OPTION, defaultValue = "" + NetworkTimeout.DEFAULT_SECONDS)
    String timeoutSeconds;

    /** After publishing, ask again until every channel is in sync or this many seconds have passed (CDN). */
    @Parameter(property = "releaseChannels.verify.waitSeconds", defaultValue = "0")
    int verifyWaitSeconds;

    /** Publish even when a channel's version goes down (for this run; per channel: {@code allow_downgrade}). */
    @Parameter(property = "releaseChannels.allowDowngrade", defaultValue = "false")
    boolean allowDowngrade;

    /**
     * Publish a channel's version change inside a freeze of channels.yaml anyway, with a warning (for this run; per
     * channel: {@code critical: true}).
     */
    @Parameter(property = FreezeGuard.IGNORE_PROPERTY, defaultValue = "false")
    boolean ignoreFreeze;

    /**
     * In CI ({@code CI=true}) publish a channels file that differs from its commit anyway. Unset, such a deploy is
     * refused: git is the truth there. Outside CI it is published with a warning.
     */
    @Parameter(property = GitTruth.ALLOW_PROPERTY, defaultValue = "false")
    boolean allowUncommitted;

    /**
     * Also write the site into {@code releaseChannels.outputDirectory} before publishing, for inspection or as a
     * build artifact; only the files that differ from what it holds are written. Unset, it is written for a target
     * on this machine ({@code file:}, {@code git+file:}) and not for a remote one, which is published straight from
     * memory.
     */
    @Parameter(property = "releaseChannels.writeLocalSite")
    Boolean writeLocalSite;

    @Parameter(defaultValue = "${settings}", readonly = true, required = true)
    Settings settings;

    @Parameter(defaultValue = "${project.build.directory}/release-channels-work", readonly = true, required = true)
    File workDirectory;

    @Override
    void run(ChannelsLoader.Loaded loaded) throws MojoExecutionException, MojoFailureException {
        requireCommittedInCi(loaded.source());
        // Checked before anything is written, every wrong parameter at once.
        TargetOptions options = targetOptions();
        Site site = renderSite(loaded, writesLocalSite() ? LocalCopy.UPDATE : LocalCopy.NONE);
        if (target == null || target.isBlank()) {
            throw new MojoFailureException("No target to publish to: set releaseChannels.target (e.g. "
                    + "-DreleaseChannels.target=file:///srv/www/updates) or <distributionManagement><site><url> "
                    + "in the pom.");
        }
        String resolvedTarget = Publishers.resolveRelativeDirectory(target, basedir.toPath());
        refuseRemoteTargetOffline(resolvedTarget);
        Optional<SiteVerifier> liveSite = LiveSite.verifier(baseUrl, trustedCertificates, allowHttp,
                proxySettings(), Optional.of(resolvedTarget));
        keepSdkLoggersAboveDebug();
        TargetSettings targetSettings = new TargetSettings(credentials(), options, System.getenv(),
                underBuildDirectory(workDirectory).toPath(), Retry.defaults(), proxySettings());
        PublishReport published;
        try (Publisher publisher = Publishers.standard().open(resolvedTarget, targetSettings)) {
            getLog().info((dryRun ? "Planning a publish to " : "Publishing to ") + publisher.describe());
            published = publisher.publish(site, new PublishRequest(dryRun, new HeaderPolicy(cacheControl),
                    LiveSite.downgradeGuard(liveSite, allowDowngrade, ignoreFreeze, new MavenPublishLog(getLog()), this::planned),
                    new MavenPublishLog(getLog())));
        } catch (InvalidTargetException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (PublishRefusedException e) {
            throw new MojoFailureException("Nothing was published:\n" + e.getMessage(), e);
        } catch (TargetException e) {
            throw new MojoExecutionException("Publishing to " + UrlParts.redact(target) + " stopped: "
                    + LogText.escape(UrlParts.redact(e.getMessage()))
                    + ". This was not retried: it stays until someone fixes it. Every channel is in its old or its "
                    + "new state; once it is fixed, run the deploy again.", e);
        } catch (IOException e) {
            throw new MojoExecutionException("Publishing to " + UrlParts.redact(target) + " failed: "
                    + LogText.escape(UrlParts.redact(e.getMessage()))
                    + ". Every channel is in its old or its new state; check that the target is reachable and run "
                    + "the deploy again to complete it.", e);
        }
        getLog().info(published.summary());
        report.publish(published);
        if (!dryRun && liveSite.isPresent()) {
            LiveSite.verify(liveSite.get(), site, verifyWaitSeconds, trustedCertificates, getLog(), report::verify);
        } else if (!dryRun) {
            getLog().info("Set releaseChannels.baseUrl to the address agents read to verify the publish there and "
                    + "print how to point agents at each channel.");
        }
    }

    /** In CI only what a commit holds is published; elsewhere an uncommitted change is published with a warning. */
    private void requireCommittedInCi(Source source) throws MojoExecutionException, MojoFailureException {
        if (!source.uncommittedChanges()) {
            return;
        }
        boolean inCi = GitTruth.inCi(environment);
        try {
            GitTruth.requireCommitted(source, new ChannelsSource(basedir.toPath()).workingTreeChange(file.toPath()),
                    inCi, allowUncommitted);
        } catch (UncommittedChangesException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException(e.getMessage() + ". Check that the git repository is readable.", e);
        }
        getLog().warn("Publishing " + source.file() + " with changes that no commit holds"
                + (inCi ? " (" + GitTruth.ALLOW_PROPERTY + " is true)" : "") + ": agents get the working tree, "
                + "which git cannot show or revert. The status page and the manifest mark it.");
    }

    /** As asked; unset, only for a target on this machine, where a user looks at the site beside it. */
    private boolean writesLocalSite() {
        if (writeLocalSite != null) {
            return writeLocalSite;
        }
        try {
            return target != null && !target.isBlank() && TargetUri.parse(target).isLocal();
        } catch (InvalidTargetException e) {
            return false; // reported when the target is opened
        }
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

    /** As Maven's own deploy: in offline mode ({@code -o}) nothing is sent over the network. */
    private void refuseRemoteTargetOffline(String resolvedTarget) throws MojoFailureException {
        if (settings == null || !settings.isOffline()) {
            return;
        }
        TargetUri uri;
        try {
            uri = TargetUri.parse(resolvedTarget);
        } catch (InvalidTargetException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
        if (!uri.isLocal()) {
            throw new MojoFailureException("Cannot deploy to " + uri + " in offline mode (-o): it is a remote target "
                    + "and offline mode sends nothing over the network. Run without -o to publish, or use "
                    + "-DreleaseChannels.dryRun=true without -o to see the plan; file: targets deploy offline.");
        }
    }

    /** The target parameters, typed and checked once; every wrong one is listed. */
    private TargetOptions targetOptions() throws MojoFailureException {
        Map<String, String> options = new LinkedHashMap<>();
        putIfSet(options, S3Options.REGION, s3Region);
        putIfSet(options, S3Options.ENDPOINT, s3Endpoint);
        options.put(S3Options.PATH_STYLE, Boolean.toString(s3PathStyle));
        putIfSet(options, S3Options.REQUEST_CHECKSUMS, s3RequestChecksums);
        putIfSet(options, S3Options.CONDITIONAL_WRITES, s3ConditionalWrites);
        putIfSet(options, S3Options.VERIFY_HEADERS, s3VerifyHeaders);
        putIfSet(options, PublishLock.Policy.WAIT_OPTION, lockWaitSeconds);
        putIfSet(options, PublishLock.Policy.EXPIRY_OPTION, lockExpirySeconds);
        putIfSet(options, PublishPipeline.PARALLELISM_OPTION, parallelism);
        putIfSet(options, GitOptions.DIRECTORY, gitDirectory);
        putIfSet(options, GitOptions.TOKEN_VARIABLE, gitTokenVariable);
        if (knownHosts != null) {
            options.put(SshOptions.KNOWN_HOSTS, knownHosts.getAbsolutePath());
        }
        putIfSet(options, NetworkTimeout.OPTION, timeoutSeconds);
        try {
            return TargetOptions.parse(options);
        } catch (InvalidTargetException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    private static void putIfSet(Map<String, String> options, String name, String value) {
        if (value != null && !value.isBlank()) {
            options.put(name, value.trim());
        }
    }

    /** The settings.xml server's credentials, decrypted; empty when no server id is set or none matches. */
    private Optional<Credentials> credentials() throws MojoFailureException {
        if (serverId == null || serverId.isBlank()) {
            return Optional.empty();
        }
        Server server = settings.getServer(serverId.trim());
        if (server == null) {
            getLog().info("No <server> with id '" + serverId + "' in settings.xml; the target's own credential "
                    + "sources are used.");
            return Optional.empty();
        }
        Server decrypted = SettingsSecrets.decrypted(settingsDecrypter, new DefaultSettingsDecryptionRequest(server),
                "the password of settings.xml server '" + serverId + "'").getServer();
        return Optional.of(new Credentials(
                Optional.ofNullable(decrypted.getUsername()).filter(s -> !s.isEmpty()),
                Optional.ofNullable(decrypted.getPassword()).filter(s -> !s.isEmpty()),
                Optional.ofNullable(decrypted.getPrivateKey()).filter(s -> !s.isEmpty()).map(Path::of),
                Optional.ofNullable(decrypted.getPassphrase()).filter(s -> !s.isEmpty()),
                "settings.xml server '" + serverId + "'"));
    }

    @Override
    String goal() {
        return "deploy";
    }
}
