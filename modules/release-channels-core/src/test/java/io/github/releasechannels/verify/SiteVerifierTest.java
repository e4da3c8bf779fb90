// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.agent.BaseUrl;
import io.github.releasechannels.model.ChannelState;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.testing.TestCertificateAuthority;
import io.github.releasechannels.testing.TestHttpsServer;
import io.github.releasechannels.testing.TestHttpsServer.Reply;
import io.github.releasechannels.testing.TestSites;
import io.github.releasechannels.verify.ChannelResult.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify against a real HTTPS server on loopback whose certificate is issued by a test CA. */
@RealServer
class SiteVerifierTest {

    private static TestCertificateAuthority ca;

    @TempDir
    static Path temp;

    private static Path caPem;

    private TestHttpsServer server;
    private Site site;

    @BeforeAll
    static void createCa() throws Exception {
        ca = TestCertificateAuthority.create();
        caPem = ca.writeRootPem(temp.resolve("ca.pem"));
    }

    @BeforeEach
    void startServer() throws Exception {
        server = TestHttpsServer.https(ca.serverContext());
        site = TestSites.render(TestSites.THREE_CHANNELS + """
                maintenance:
                  utc_start_hour: 2
                  weekdays: [Mon]
                """);
        serveAsRendered();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private void serveAsRendered() {
        for (SiteFile file : site.files()) {
            server.on(file.path(), Reply.ok(new String(file.content(), StandardCharsets.UTF_8)));
        }
    }

    private SiteVerifier verifier(Optional<Path> trusted, Duration timeout) throws Exception {
        return new SiteVerifier(
                new VerifyClient(TrustedCertificates.sslContext(trusted), timeout),
                BaseUrl.parse(server.baseUrl(), false),
                Duration.ofMillis(100));
    }

    private VerifyReport verify() throws Exception {
        return verifier(Optional.of(caPem), Duration.ofSeconds(2)).verify(site);
    }

    private static ChannelResult result(VerifyReport report, String name) {
        return report.results().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theStatusPageIsNeitherAChannelNorRead() throws Exception {
        server.on("index.html", Reply.status(404));

        VerifyReport report = verify();

        assertTrue(report.allInSync(), () -> String.join("\n", report.lines()));
        assertTrue(
                server.requests().stream().noneMatch(request -> request.path().equals("/index.html")),
                server.requests()::toString);
    }

    @Test
    void everyChannelInSyncWhenServedAsRendered() throws Exception {
        VerifyReport report = verify();

        assertTrue(report.allInSync(), () -> String.join("\n", report.lines()));
        assertEquals(
                List.of("canary", "current", "stable/v14", "cmc.yaml"),
                report.results().stream().map(ChannelResult::name).toList());
        assertEquals(
                "current     in sync   14.2.1 (critical: no)  Cache-Control: max-age=60",
                report.lines().get(1));
        assertTrue(result(report, "stable/v14").detail().contains("critical: yes"));
        assertTrue(report.warnings().isEmpty(), report.warnings()::toString);
    }

    @Test
    void requestsAsAnAgentWithNoCache() throws Exception {
        verify();

        TestHttpsServer.Request request = server.requests().get(0);
        assertEquals("GET", request.method());
        assertEquals(List.of("no-cache"), request.headers().get("Cache-control"));
    }

    @Test
    void driftNamesExpectedAndServed() throws Exception {
        server.on("canary/version", Reply.ok("14.2.1"));

        VerifyReport report = verify();

        assertFalse(report.allInSync());
        ChannelResult canary = result(report, "canary");
        assertEquals(Status.DRIFT, canary.status());
        assertEquals("expected 14.3.0, served 14.2.1", canary.detail());
        assertEquals(Status.IN_SYNC, result(report, "current").status());
    }

    @Test
    void criticalFlagDriftIsReported() throws Exception {
        server.on("stable/v14/critical", Reply.ok("no"));

        ChannelResult result = result(verify(), "stable/v14");

        assertEquals(Status.DRIFT, result.status());
        assertEquals("expected critical: yes, served critical: no", result.detail());
    }

    @Test
    void notFoundIsMissing() throws Exception {
        server.on("stable/v14/version", Reply.status(404));

        ChannelResult result = result(verify(), "stable/v14");

        assertEquals(Status.MISSING, result.status());
        assertEquals(server.baseUrl() + "/stable/v14/version answered 404", result.detail());
    }

    @Test
    void redirectIsAnErrorNamingTheLocationAndIsNotFollowed() throws Exception {
        server.on("moved/version", Reply.ok("14.2.1"));
        server.on(
                "current/version",
                Reply.status(301).withHeaders(Map.of("Location", server.baseUrl() + "/moved/version")));

        ChannelResult result = result(verify(), "current");

        assertEquals(Status.ERROR, result.status());
        assertTrue(
                result.detail().contains("answered 301 redirecting to " + server.baseUrl() + "/moved/version"),
                result.detail());
        assertTrue(server.requests().stream().noneMatch(r -> r.path().equals("/moved/version")));
    }

    @Test
    void serverErrorIsAnError() throws Exception {
        server.on("current/critical", Reply.status(500));

        ChannelResult result = result(verify(), "current");

        assertEquals(Status.ERROR, result.status());
        assertTrue(result.detail().endsWith("/current/critical answered 500; agents accept only 200"), result.detail());
    }

    @Test
    void slowAnswerPastTheTimeoutIsAnError() throws Exception {
        server.on("canary/version", Reply.ok("14.3.0").after(Duration.ofSeconds(3)));

        VerifyReport report =
                verifier(Optional.of(caPem), Duration.ofMillis(500)).verify(site);

        ChannelResult result = result(report, "canary");
        assertEquals(Status.ERROR, result.status());
        assertTrue(result.detail().contains("no complete answer within 0.5 s"), result.detail());
    }

    @Test
    void bodyDrippedPastTheDeadlineIsAnErrorNotInSync() throws Exception {
        // Headers at once, then "14.2.1" a byte every 400 ms: 2 s in all, past the 1 s deadline of the whole GET.
        server.on("current/version", Reply.ok("14.2.1").dripping(Duration.ofMillis(400)));

        long start = System.nanoTime();
        VerifyReport report =
                verifier(Optional.of(caPem), Duration.ofSeconds(1)).verify(site);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        ChannelResult result = result(report, "current");
        assertEquals(Status.ERROR, result.status(), result::detail);
        assertTrue(result.detail().contains("no complete answer within 1 s"), result.detail());
        assertFalse(report.allInSync());
        assertTrue(took.compareTo(Duration.ofMillis(1900)) < 0, () -> "verify waited for the dripped body: " + took);
    }

    @Test
    void bodyDrippedWithinTheDeadlineIsRead() throws Exception {
        server.on("current/version", Reply.ok("14.2.1").dripping(Duration.ofMillis(20)));

        assertEquals(Status.IN_SYNC, result(verify(), "current").status());
    }

    @Test
    void bodyOverTheCapIsAnError() throws Exception {
        server.on("current/version", Reply.ok("14.2.1" + " ".repeat(VerifyClient.MAX_BODY_BYTES)));

        ChannelResult result = result(verify(), "current");

        assertEquals(Status.ERROR, result.status(), result::detail);
        assertTrue(result.detail().contains("larger than " + VerifyClient.MAX_BODY_BYTES + " bytes"), result.detail());
    }

    @Test
    void trailingNewlineIsInSyncBecauseAgentsTrim() throws Exception {
        server.on("current/version", Reply.ok("14.2.1\n"));
        server.on("current/critical", Reply.ok(" NO\r\n"));

        assertEquals(Status.IN_SYNC, result(verify(), "current").status());
    }

    @Test
    void leadingVIsInSync() throws Exception {
        server.on("current/version", Reply.ok("v14.2.1"));

        assertEquals(Status.IN_SYNC, result(verify(), "current").status());
    }

    @Test
    void bodyAgentsCannotReadIsAnError() throws Exception {
        server.on("current/version", Reply.ok("<html>Welcome to nginx</html>"));
        server.on("canary/critical", Reply.ok("maybe"));

        VerifyReport report = verify();

        assertEquals(Status.ERROR, result(report, "current").status());
        assertTrue(result(report, "current").detail().contains("is not a semantic version"));
        assertEquals(Status.ERROR, result(report, "canary").status());
        assertTrue(result(report, "canary").detail().contains("'maybe' is neither yes nor no"));
    }

    @Test
    void noneIsDrift() throws Exception {
        server.on("current/version", Reply.ok("none"));

        ChannelResult result = result(verify(), "current");

        assertEquals(Status.DRIFT, result.status());
        assertEquals("expected 14.2.1, served none", result.detail());
    }

    @Test
    void changedCmcYamlIsDrift() throws Exception {
        server.on("cmc.yaml", Reply.ok("kind: cluster_maintenance_config\n"));

        assertEquals(Status.DRIFT, result(verify(), "cmc.yaml").status());
    }

    @Test
    void untrustedCertificateSaysHowToTrustItAndTrustedCertificatesFixIt() throws Exception {
        VerifyReport untrusted =
                verifier(Optional.empty(), Duration.ofSeconds(2)).verify(site);

        ChannelResult result = result(untrusted, "current");
        assertEquals(Status.ERROR, result.status());
        assertTrue(result.detail().contains("TLS certificate is not trusted"), result.detail());
        assertTrue(result.detail().contains("-DreleaseChannels.trustedCertificates=ca.pem"), result.detail());

        assertTrue(
                verifier(Optional.of(caPem), Duration.ofSeconds(2)).verify(site).allInSync());
    }

    @Test
    void reportsCacheHeadersAndWarnsAboutLongCaching() throws Exception {
        server.on(
                "current/version",
                Reply.ok("14.2.1").withHeaders(Map.of("Cache-Control", "max-age=3600", "Age", "900")));
        server.on("canary/critical", Reply.ok("no").withHeaders(Map.of()));

        VerifyReport report = verify();

        assertTrue(report.allInSync());
        assertTrue(result(report, "current").line(10).endsWith("Cache-Control: max-age=3600, Age: 900"));
        List<String> warnings = report.warnings();
        assertEquals(3, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).startsWith("canary/critical has no Cache-Control"), warnings.get(0));
        assertTrue(
                warnings.get(1)
                        .contains("current/version has Cache-Control 'max-age=3600': caches may serve "
                                + "an old answer for up to 1 h"),
                warnings.get(1));
        assertTrue(warnings.get(2).contains("held it for 15 min (Age: 900)"), warnings.get(2));
    }

    @Test
    void waitsUntilTheServerCatchesUp() throws Exception {
        long switchAt = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        server.on("current/version", () -> Reply.ok(System.nanoTime() < switchAt ? "14.2.0" : "14.2.1"));
        SiteVerifier verifier = verifier(Optional.of(caPem), Duration.ofSeconds(2));

        assertEquals(Status.DRIFT, result(verifier.verify(site), "current").status(), "without waiting");
        VerifyReport waited = verifier.verifyUntilInSync(site, Duration.ofSeconds(10), PublishLog.SILENT);

        assertTrue(waited.allInSync(), () -> String.join("\n", waited.lines()));
    }

    @Test
    void waitGivesUpWhenTheTimeIsOver() throws Exception {
        server.on("current/version", Reply.ok("14.2.0"));
        long started = System.nanoTime();

        VerifyReport report = verifier(Optional.of(caPem), Duration.ofSeconds(2))
                .verifyUntilInSync(site, Duration.ofMillis(700), PublishLog.SILENT);

        assertFalse(report.allInSync());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofMillis(600)) > 0);
    }

    @Test
    void servedChannelsSkipNewChannels() throws Exception {
        server.on("canary/version", Reply.status(404));

        Map<String, ChannelState> served = verifier(Optional.of(caPem), Duration.ofSeconds(2))
                .servedChannels(List.of("current", "canary"), PublishLog.SILENT);

        assertEquals(Map.of("current", new ChannelState("14.2.1", false)), served);
    }

    @Test
    void servedChannelsReadTheCriticalFlag() throws Exception {
        server.on("current/critical", Reply.ok("yes"));

        Map<String, ChannelState> served = verifier(Optional.of(caPem), Duration.ofSeconds(2))
                .servedChannels(List.of("current"), PublishLog.SILENT);

        assertEquals(Map.of("current", new ChannelState("14.2.1", true)), served);
    }

    @Test
    void agentTimeoutIsTenSeconds() {
        assertEquals(Duration.ofSeconds(10), VerifyClient.AGENT_TIMEOUT);
    }
}
