// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.verify;

import io.github.releasechannels.agent.BaseUrl;
import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ChannelState;
import io.github.releasechannels.model.Version;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteLayout;
import io.github.releasechannels.text.LogText;
import io.github.releasechannels.verify.ChannelResult.Cause;
import io.github.releasechannels.verify.ChannelResult.Status;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.SSLException;

/**
 * Compares what the version server serves with a rendered site, channel by channel, reading each file as an agent
 * does and parsing it with the agents' rules.
 */
public final class SiteVerifier {

    /** How often {@link #verifyUntilInSync} asks again while a CDN catches up. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

    private final VerifyClient client;
    private final BaseUrl baseUrl;
    private final Duration pollInterval;
    private final String cacheControlSetting;

    /** A verifier that does not know the target: its cache advice names every kind. */
    public SiteVerifier(VerifyClient client, BaseUrl baseUrl, Duration pollInterval) {
        this(client, baseUrl, pollInterval, HeaderPolicy.whereSet(Optional.empty()));
    }

    /**
     * @param cacheControlSetting where the target sets the Cache-Control of {@code version} and {@code critical},
     *                            {@link HeaderPolicy#whereSet}, for the advice on a long one
     */
    public SiteVerifier(VerifyClient client, BaseUrl baseUrl, Duration pollInterval, String cacheControlSetting) {
        this.client = client;
        this.baseUrl = baseUrl;
        this.pollInterval = pollInterval;
        this.cacheControlSetting = cacheControlSetting;
    }

    /** Where the target sets the Cache-Control of the channel files, as advice says it. */
    public String cacheControlSetting() {
        return cacheControlSetting;
    }

    public BaseUrl baseUrl() {
        return baseUrl;
    }

    /** Reads every channel once. */
    public VerifyReport verify(Site site) {
        List<ChannelResult> results = new ArrayList<>();
        for (Channel channel : site.config().channels()) {
            results.add(verifyChannel(channel));
        }
        site.file(SiteLayout.CMC_FILE).ifPresent(file -> results.add(verifyFile(file)));
        return new VerifyReport(baseUrl, results);
    }

    /**
     * Reads every channel until all are in sync or {@code wait} is over, for a CDN that takes a while to pick up a
     * publish. Returns the last report.
     */
    public VerifyReport verifyUntilInSync(Site site, Duration wait, PublishLog log) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            VerifyReport report = verify(site);
            long remaining = deadline - System.nanoTime();
            if (report.allInSync() || remaining <= 0) {
                return report;
            }
            Duration pause = pollInterval.toNanos() < remaining ? pollInterval : Duration.ofNanos(remaining);
            log.info(report.summary() + "; asking again in " + seconds(pause) + " ("
                    + seconds(Duration.ofNanos(remaining)) + " left of releaseChannels.verify.waitSeconds)");
            try {
                Thread.sleep(Math.max(1, pause.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return report;
            }
        }
    }

    /**
     * What each of {@code channels} serves now (version and critical flag), for the downgrade guard and the plan
     * when the target holds no manifest. A channel whose version answers 404 is new and absent from the result; one
     * that cannot be read is absent with a warning. A critical flag that cannot be read counts as {@code no}, as
     * agents count it.
     */
    public Map<String, ChannelState> servedChannels(Collection<String> channels, PublishLog log) {
        Map<String, ChannelState> served = new TreeMap<>();
        for (String channel : channels) {
            Fetched fetched = fetch(channel + "/version");
            if (fetched.problem() == Status.MISSING) {
                continue;
            }
            String reason = fetched.reason();
            if (fetched.ok()) {
                try {
                    Optional<Version> version =
                            AgentRules.version(fetched.response().text());
                    if (version.isPresent()) {
                        served.put(channel, new ChannelState(version.get().toString(), servedCritical(channel)));
                    }
                    continue;
                } catch (AgentRules.BadBodyException e) {
                    reason = fetched.response().uri() + ": " + e.getMessage();
                }
            }
            log.warn("Cannot read the version channel '" + channel + "' serves now, so it is not checked for a "
                    + "downgrade: " + reason);
        }
        return served;
    }

    /**
     * The Managed Updates v2 versions the live site's {@code release-channels.json} records as published, by
     * cluster, for the downgrade guard when the target holds no manifest; empty, with a warning, when it cannot be
     * read, and empty when there is none.
     */
    public Map<String, Manifest.RolloutVersions> servedRollouts(PublishLog log) {
        URI uri = baseUrl.resolve(SiteLayout.MANIFEST_FILE);
        String reason;
        try {
            ServedResponse response = client.get(uri, Manifest.MAX_BYTES);
            if (response.status() == 404) {
                return Map.of();
            }
            if (response.status() != 200) {
                reason = uri + " answered " + response.status();
            } else {
                return Manifest.parse(response.body()).rollouts();
            }
        } catch (Manifest.InvalidManifestException e) {
            reason = uri + ": " + LogText.escape(e.getMessage());
        } catch (IOException e) {
            reason = uri + ": " + describe(e);
        }
        log.warn("Cannot read the managed_updates versions the live site records, so they are not checked for a "
                + "downgrade: " + reason);
        return Map.of();
    }

    private boolean servedCritical(String channel) {
        Fetched critical = fetch(channel + "/critical");
        if (!critical.ok()) {
            return false;
        }
        try {
            return AgentRules.critical(critical.response().text());
        } catch (AgentRules.BadBodyException e) {
            return false;
        }
    }

    private ChannelResult verifyChannel(Channel channel) {
        Fetched version = fetch(channel.versionPath());
        if (!version.ok()) {
            return new ChannelResult(
                    channel.name(),
                    version.problem(),
                    version.cause(),
                    version.reason(),
                    Optional.empty(),
                    Optional.empty(),
                    List.of());
        }
        ServedResponse versionResponse = version.response();
        Fetched critical = fetch(channel.criticalPath());
        List<String> warnings = new ArrayList<>(CacheAdvice.warnings(
                channel.versionPath(), versionResponse.cacheControl(), versionResponse.age(), cacheControlSetting));
        if (!critical.ok()) {
            return new ChannelResult(
                    channel.name(),
                    critical.problem(),
                    critical.cause(),
                    critical.reason(),
                    versionResponse.cacheControl(),
                    versionResponse.age(),
                    warnings);
        }
        warnings.addAll(CacheAdvice.warnings(
                channel.criticalPath(),
                critical.response().cacheControl(),
                critical.response().age(),
                cacheControlSetting));
        Optional<Version> servedVersion;
        boolean servedCritical;
        try {
            servedVersion = AgentRules.version(versionResponse.text());
        } catch (AgentRules.BadBodyException e) {
            return result(
                    channel.name(),
                    Status.ERROR,
                    versionResponse.uri() + ": " + e.getMessage(),
                    versionResponse,
                    warnings);
        }
        try {
            servedCritical = AgentRules.critical(critical.response().text());
        } catch (AgentRules.BadBodyException e) {
            return result(
                    channel.name(),
                    Status.ERROR,
                    critical.response().uri() + ": " + e.getMessage(),
                    versionResponse,
                    warnings);
        }
        List<String> differences = new ArrayList<>();
        if (!servedVersion.equals(Optional.of(channel.version()))) {
            differences.add("expected " + channel.version() + ", served "
                    + servedVersion.map(Version::toString).orElse(AgentRules.NO_VERSION));
        }
        if (servedCritical != channel.critical()) {
            differences.add(
                    "expected critical: " + yesNo(channel.critical()) + ", served critical: " + yesNo(servedCritical));
        }
        if (differences.isEmpty()) {
            return result(
                    channel.name(),
                    Status.IN_SYNC,
                    channel.version() + " (critical: " + yesNo(channel.critical()) + ")",
                    versionResponse,
                    warnings);
        }
        return result(channel.name(), Status.DRIFT, String.join("; ", differences), versionResponse, warnings);
    }

    private ChannelResult verifyFile(SiteFile file) {
        Fetched fetched = fetch(file.path());
        if (!fetched.ok()) {
            return new ChannelResult(
                    file.path(),
                    fetched.problem(),
                    fetched.cause(),
                    fetched.reason(),
                    Optional.empty(),
                    Optional.empty(),
                    List.of());
        }
        byte[] served = fetched.response().body();
        if (Arrays.equals(served, file.content())) {
            return result(
                    file.path(),
                    Status.IN_SYNC,
                    "as rendered (" + file.size() + " bytes)",
                    fetched.response(),
                    List.of());
        }
        return result(
                file.path(),
                Status.DRIFT,
                "served " + served.length + " bytes (sha256 "
                        + SiteFile.sha256(served).substring(0, 12) + "), rendered " + file.size() + " bytes (sha256 "
                        + file.sha256().substring(0, 12) + ")",
                fetched.response(),
                List.of());
    }

    private static ChannelResult result(
            String name, Status status, String detail, ServedResponse response, List<String> warnings) {
        return new ChannelResult(name, status, detail, response.cacheControl(), response.age(), warnings);
    }

    /** One GET, classified: 200 is ok, 404 missing, anything else (or no answer) an error with its reason. */
    private Fetched fetch(String sitePath) {
        URI uri = baseUrl.resolve(sitePath);
        ServedResponse response;
        try {
            response = client.get(uri);
        } catch (IOException e) {
            return new Fetched(null, Status.ERROR, cause(e), uri + ": " + describe(e));
        }
        int status = response.status();
        if (status == 200) {
            return new Fetched(response, null, Cause.NONE, null);
        }
        if (status == 404) {
            return new Fetched(response, Status.MISSING, Cause.NOT_PUBLISHED, uri + " answered 404");
        }
        if (status >= 300 && status < 400) {
            return new Fetched(
                    response,
                    Status.ERROR,
                    Cause.SERVER,
                    uri + " answered " + status + " redirecting to "
                            + response.location().map(LogText::escape).orElse("(no Location)")
                            + "; agents do not follow redirects, so serve "
                            + "the file at this URL or point agents at the final address");
        }
        return new Fetched(
                response, Status.ERROR, Cause.SERVER, uri + " answered " + status + "; agents accept only 200");
    }

    /** The class of a failure to read: what to check differs for each. */
    private static Cause cause(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return Cause.TIMEOUT;
        }
        if (e instanceof VerifyClient.BodyTooLargeException) {
            return Cause.SERVER;
        }
        if (e instanceof SSLException || hasCause(e, SSLException.class)) {
            return Cause.TLS;
        }
        return Cause.NETWORK;
    }

    private String describe(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "no complete answer within " + seconds(client.timeout()) + " (agents give up after "
                    + seconds(VerifyClient.AGENT_TIMEOUT) + ", body included)";
        }
        if (e instanceof VerifyClient.BodyTooLargeException) {
            return e.getMessage() + "; serve the channel's file itself, not a page";
        }
        if (hasCause(e, UnresolvedAddressException.class) || hasCause(e, UnknownHostException.class)) {
            return "the host name does not resolve (DNS); check the host of releaseChannels.baseUrl";
        }
        if (e instanceof ConnectException) {
            return "cannot connect ("
                    + LogText.escape(Optional.ofNullable(e.getMessage()).orElse("connection refused"))
                    + "); check the host and port";
        }
        if (e instanceof SSLException || hasCause(e, SSLException.class)) {
            if (hasCause(e, CertPathValidatorException.class) || hasCause(e, CertPathBuilderException.class)) {
                return "the server's TLS certificate is not trusted (" + rootMessage(e) + "). If it is issued by a "
                        + "private CA, give that CA with -DreleaseChannels.trustedCertificates=ca.pem (agents need "
                        + "it too: the system trust store, or updater.tls.existingCASecretName in Helm)";
            }
            if (hasCause(e, CertificateException.class)) {
                return "the server's TLS certificate does not match the host (" + rootMessage(e) + ")";
            }
            return "TLS failed (" + rootMessage(e) + "); agents need TLS 1.2 or 1.3 and a trusted certificate";
        }
        return "cannot read (" + rootMessage(e) + ")";
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // A TLS error may quote the server's certificate: the server's words, escaped.
        return LogText.escape(
                Optional.ofNullable(root.getMessage()).orElse(root.getClass().getSimpleName()));
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** One GET: the response when it is a 200, otherwise the verdict and reason. */
    private record Fetched(ServedResponse response, Status problem, Cause cause, String reason) {
        boolean ok() {
            return problem == null;
        }
    }
}
