// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.verify;

import io.github.releasechannels.verify.ChannelResult.Cause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What to check when verify finds channels out of sync, following what failed: a TLS error is no CDN's fault, a
 * 404 no certificate's. One sentence per cause present, the channels it concerns named.
 */
public final class VerifyAdvice {

    private VerifyAdvice() {}

    /**
     * @param report       the last verify
     * @param waited       how long verify asked again ({@code releaseChannels.verify.waitSeconds}); zero if not
     * @param cacheControl where the target's Cache-Control of {@code version} and {@code critical} is set, from
     *                     {@code publish.HeaderPolicy#whereSet}
     * @return the advice, empty when every channel is in sync
     */
    public static List<String> of(VerifyReport report, Duration waited, String cacheControl) {
        Map<Cause, List<String>> byCause = new TreeMap<>();
        for (ChannelResult result : report.results()) {
            if (result.cause() != Cause.NONE) {
                byCause.computeIfAbsent(result.cause(), cause -> new ArrayList<>())
                        .add(result.name());
            }
        }
        List<String> advice = new ArrayList<>();
        byCause.forEach((cause, names) -> advice.add(advice(cause, names, waited, cacheControl)));
        return List.copyOf(advice);
    }

    private static String advice(Cause cause, List<String> names, Duration waited, String cacheControl) {
        String which = names.size() <= 3
                ? String.join(", ", names)
                : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
        boolean waitedAlready = !waited.isZero();
        return switch (cause) {
            case TLS ->
                "TLS failed for " + which + ", and agents would fail the same way: if the server's certificate "
                        + "is issued by a private CA, give that CA with -DreleaseChannels.trustedCertificates=ca.pem (and "
                        + "to the agents); otherwise fix the certificate (its host names, its chain) or the server's TLS "
                        + "versions (1.2 or 1.3).";
            case NETWORK ->
                "No connection for " + which + ": check that the host of releaseChannels.baseUrl "
                        + "resolves and accepts HTTPS from here (DNS, firewall, or a proxy in settings.xml <proxies> or "
                        + "HTTPS_PROXY).";
            case TIMEOUT ->
                "No complete answer for " + which + " within " + VerifyClient.AGENT_TIMEOUT.toSeconds()
                        + " s, as long as agents wait: check the server's load and the network path.";
            case NOT_PUBLISHED ->
                "Not published at this address (404) for " + which + ": check that "
                        + "releaseChannels.baseUrl is where the site is served, its path included, and that the last "
                        + "deploy published there"
                        + (waitedAlready
                                ? "."
                                : "; a new channel can take minutes to appear "
                                        + "behind a CDN or on GitHub Pages: -DreleaseChannels.verify.waitSeconds=300.");
            case SERVER ->
                "An answer agents cannot use for " + which + " (see each line): serve each file itself "
                        + "with status 200 and no redirect.";
            case STALE ->
                "An older answer is served for " + which
                        + (waitedAlready
                                ? ", still after " + waited.toSeconds()
                                        + " s: a cache or CDN holds it longer, or the publish did "
                                        + "not reach the server agents read."
                                : ": a cache or CDN may still hold it; wait for it with -DreleaseChannels.verify.waitSeconds=300.")
                        + " Keep the cache time of version and critical short: " + cacheControl + ".";
            case NONE -> throw new IllegalArgumentException("no advice for a channel in sync");
        };
    }
}
