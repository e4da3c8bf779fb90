package io.github.releasechannels.maven;

import io.github.releasechannels.guard.ChannelPlan;
import io.github.releasechannels.guard.CurrentVersions;
import io.github.releasechannels.guard.DowngradeGuard;
import io.github.releasechannels.guard.FreezeGuard;
import java.time.Clock;
import io.github.releasechannels.model.Channel;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.proxy.ProxySettings;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.agent.AgentInstructions;
import io.github.releasechannels.agent.BaseUrl;
import io.github.releasechannels.verify.SiteVerifier;
import io.github.releasechannels.verify.TrustedCertificates;
import io.github.releasechannels.verify.VerifyClient;
import io.github.releasechannels.verify.VerifyAdvice;
import io.github.releasechannels.verify.VerifyReport;
import io.github.releasechannels.agent.InvalidBaseUrlException;
import io.github.releasechannels.verify.VerifySettingException;
import io.github.releasechannels.model.ChannelState;
import io.github.releasechannels.site.Manifest;
import java.io.File;
import java.util.Collection;
import java.util.List;
import io.github.releasechannels.model.Version;
import io.github.releasechannels.promote.SourceServing;
import java.util.Map;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/** The live version server as the verify, check and deploy goals read it: parameters in, core objects out. */
final class LiveSite {

    private LiveSite() {
    }

    /**
     * A verifier for {@code baseUrl}, empty when it is not set.
     *
     * @param target the deploy target, when known: its kind decides the advice on a long Cache-Control
     */
    static Optional<SiteVerifier> verifier(String baseUrl, File trustedCertificates, boolean allowHttp,
            ProxySettings proxies, Optional<String> target) throws MojoFailureException {
        if (baseUrl == null || baseUrl.isBlank()) {
            return Optional.empty();
        }
        try {
            BaseUrl url = BaseUrl.parse(baseUrl, allowHttp);
            VerifyClient client = new VerifyClient(TrustedCertificates.sslContext(
                    Optional.ofNullable(trustedCertificates).map(File::toPath)), VerifyClient.AGENT_TIMEOUT, proxies);
            return Optional.of(new SiteVerifier(client, url, SiteVerifier.DEFAULT_POLL_INTERVAL,
                    HeaderPolicy.whereSet(target)));
        } catch (InvalidBaseUrlException | VerifySettingException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    /** The downgrade guard, reading the live site when the target holds no manifest and a base URL is set. */
    static DowngradeGuard downgradeGuard(Optional<SiteVerifier> verifier, boolean allowDowngrade,
            boolean ignoreFreeze, PublishLog log, Consumer<ChannelPlan> planned) {
        CurrentVersions live = verifier.<CurrentVersions>map(v -> new CurrentVersions() {
            @Override
            public Map<String, ChannelState> of(Collection<String> channels) {
                return v.servedChannels(channels, log);
            }

            @Override
            public Map<String, Manifest.RolloutVersions> rollouts() {
                return v.servedRollouts(log);
            }
        }).orElse(CurrentVersions.UNKNOWN);
        String where = verifier.map(v -> v.baseUrl().toString())
                .orElse("(nowhere: releaseChannels.baseUrl is not set)");
        return new DowngradeGuard(allowDowngrade, live, where, log, planned,
                new FreezeGuard(ignoreFreeze, Clock.systemUTC(), log));
    }

    /**
     * Whether a source channel is served as git says, read as {@code verify} reads it: the promotion waits while
     * the site serves another version (or none) for it.
     */
    static SourceServing sourceServing(SiteVerifier verifier, PublishLog log) {
        return (channel, version) -> {
            ChannelState served = verifier.servedChannels(List.of(channel), log).get(channel);
            String where = verifier.baseUrl().resolve(channel + "/version").toString();
            if (served == null) {
                return Optional.of(where + " serves no version");
            }
            return Version.parse(served.version()).filter(version::equals).isPresent() ? Optional.empty()
                    : Optional.of(where + " answers " + served.version());
        };
    }

    /**
     * Reads every channel (polling up to {@code waitSeconds}), logs a line per channel and the instructions for
     * agents, and fails unless all are in sync.
     */
    static void verify(SiteVerifier verifier, Site site, int waitSeconds, File trustedCertificates, Log log,
            Consumer<VerifyReport> verified) throws MojoFailureException {
        log.info("Verifying " + verifier.baseUrl() + " as an agent reads it"
                + (waitSeconds > 0 ? ", waiting up to " + waitSeconds + " s for caches to catch up" : ""));
        VerifyReport report = waitSeconds > 0
                ? verifier.verifyUntilInSync(site, Duration.ofSeconds(waitSeconds), new MavenPublishLog(log))
                : verifier.verify(site);
        verified.accept(report);
        report.lines().forEach(line -> log.info("  " + line));
        report.warnings().forEach(log::warn);
        if (!report.allInSync()) {
            // Advice follows what failed: a TLS error is no CDN's fault.
            throw new MojoFailureException(report.summary() + ". Agents do not get what channels.yaml says"
                    + (waitSeconds > 0 ? " after " + waitSeconds + " s" : "") + "; see the lines above.\n"
                    + String.join("\n", VerifyAdvice.of(report, Duration.ofSeconds(waitSeconds),
                            verifier.cacheControlSetting())));
        }
        log.info(report.summary());
        AgentInstructions.lines(verifier.baseUrl(), site.config().channels().stream().map(Channel::name).toList(),
                Optional.ofNullable(trustedCertificates).map(File::toPath)).forEach(log::info);
    }
}
