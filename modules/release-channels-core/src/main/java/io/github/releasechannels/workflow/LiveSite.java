// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import io.github.releasechannels.agent.AgentInstructions;
import io.github.releasechannels.agent.BaseUrl;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.guard.ChannelPlan;
import io.github.releasechannels.guard.CurrentVersions;
import io.github.releasechannels.guard.DowngradeGuard;
import io.github.releasechannels.guard.FreezeGuard;
import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ChannelState;
import io.github.releasechannels.model.Version;
import io.github.releasechannels.promote.SourceServing;
import io.github.releasechannels.proxy.ProxySettings;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.verify.SiteVerifier;
import io.github.releasechannels.verify.TrustedCertificates;
import io.github.releasechannels.verify.VerifyAdvice;
import io.github.releasechannels.verify.VerifyClient;
import io.github.releasechannels.verify.VerifyReport;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The live version server as the verify, check and deploy goals read it. */
final class LiveSite {

    private LiveSite() {}

    /**
     * A verifier for the run's base URL, empty when it is not set.
     *
     * @param target the deploy target, when known: its kind decides the advice on a long Cache-Control
     */
    static Optional<SiteVerifier> verifier(GoalRun run, Optional<String> target) throws UserProblemException {
        ProxySettings proxies = run.proxies();
        Optional<BaseUrl> url = run.baseUrl();
        if (url.isEmpty()) {
            return Optional.empty();
        }
        VerifyClient client = new VerifyClient(
                TrustedCertificates.sslContext(run.settings().trustedCertificates()),
                VerifyClient.AGENT_TIMEOUT,
                proxies);
        return Optional.of(
                new SiteVerifier(client, url.get(), SiteVerifier.DEFAULT_POLL_INTERVAL, HeaderPolicy.whereSet(target)));
    }

    /** The downgrade guard, reading the live site when the target holds no manifest and a base URL is set. */
    static DowngradeGuard downgradeGuard(
            Optional<SiteVerifier> verifier,
            boolean allowDowngrade,
            boolean ignoreFreeze,
            PublishLog log,
            Consumer<ChannelPlan> planned) {
        CurrentVersions live = verifier.<CurrentVersions>map(v -> new CurrentVersions() {
                    @Override
                    public Map<String, ChannelState> of(Collection<String> channels) {
                        return v.servedChannels(channels, log);
                    }

                    @Override
                    public Map<String, Manifest.RolloutVersions> rollouts() {
                        return v.servedRollouts(log);
                    }
                })
                .orElse(CurrentVersions.UNKNOWN);
        String where =
                verifier.map(v -> v.baseUrl().toString()).orElse("(nowhere: releaseChannels.baseUrl is not set)");
        return new DowngradeGuard(
                allowDowngrade, live, where, log, planned, new FreezeGuard(ignoreFreeze, Clock.systemUTC(), log));
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
            return Version.parse(served.version()).filter(version::equals).isPresent()
                    ? Optional.empty()
                    : Optional.of(where + " answers " + served.version());
        };
    }

    /**
     * Reads every channel (polling up to {@code waitSeconds}), logs a line per channel and the instructions for
     * agents, and fails unless all are in sync.
     */
    static void verify(SiteVerifier verifier, Site site, int waitSeconds, GoalRun run) throws UserProblemException {
        PublishLog log = run.log();
        log.info("Verifying " + verifier.baseUrl() + " as an agent reads it"
                + (waitSeconds > 0 ? ", waiting up to " + waitSeconds + " s for caches to catch up" : ""));
        VerifyReport report = waitSeconds > 0
                ? verifier.verifyUntilInSync(site, Duration.ofSeconds(waitSeconds), log)
                : verifier.verify(site);
        run.report().verify(report);
        report.lines().forEach(line -> log.info("  " + line));
        report.warnings().forEach(log::warn);
        if (!report.allInSync()) {
            // Advice follows what failed: a TLS error is no CDN's fault.
            throw new UserProblemException(report.summary() + ". Agents do not get what channels.yaml says"
                    + (waitSeconds > 0 ? " after " + waitSeconds + " s" : "") + "; see the lines above.\n"
                    + String.join(
                            "\n",
                            VerifyAdvice.of(report, Duration.ofSeconds(waitSeconds), verifier.cacheControlSetting())));
        }
        log.info(report.summary());
        AgentInstructions.lines(
                        verifier.baseUrl(),
                        site.config().channels().stream().map(Channel::name).toList(),
                        run.settings().trustedCertificates())
                .forEach(log::info);
    }
}
