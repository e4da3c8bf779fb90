// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.agent.BaseUrl;
import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.testing.TestCertificateAuthority;
import io.github.releasechannels.testing.TestHttpsServer;
import io.github.releasechannels.testing.TestHttpsServer.Reply;
import io.github.releasechannels.verify.TrustedCertificates;
import io.github.releasechannels.verify.VerifyClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The goals' wiring: deploy verifies and guards, check guards, verify reports, serve serves until stopped. */
@RealServer
class VerifyGoalsTest {

    @TempDir
    Path project;

    private Path www;
    private Path caPem;
    private TestHttpsServer server;
    private final CapturingLog log = new CapturingLog();

    @BeforeEach
    void setUp() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        caPem = ca.writeRootPem(project.resolve("ca.pem"));
        www = Files.createDirectories(project.resolve("www"));
        server = TestHttpsServer.https(ca.serverContext()).serveDirectory(www);
        channels("14.2.1");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void channels(String currentVersion) throws Exception {
        Files.writeString(
                project.resolve("channels.yaml"),
                "channels:\n  current:\n    version: " + currentVersion + "\n  canary:\n    version: 14.3.0\n");
    }

    private <T extends AbstractChannelsMojo> T configure(T mojo) {
        mojo.basedir = project.toFile();
        mojo.file = project.resolve("channels.yaml").toFile();
        mojo.buildDirectory = project.resolve("target").toFile();
        mojo.environment = java.util.Map.of(); // not the CI this test runs in
        mojo.setLog(log);
        return mojo;
    }

    private DeployMojo deployMojo() {
        DeployMojo mojo = configure(new DeployMojo());
        mojo.outputDirectory = project.resolve("target/release-channels").toFile();
        mojo.workDirectory = project.resolve("target/work").toFile();
        mojo.target = www.toUri().toString();
        mojo.cacheControl = "max-age=60";
        mojo.baseUrl = server.baseUrl();
        mojo.trustedCertificates = caPem.toFile();
        return mojo;
    }

    @Test
    void deployVerifiesTheLiveSiteAndPrintsHowToPointAgents() throws Exception {
        deployMojo().execute();

        String output = log.text();
        assertTrue(output.contains("current  in sync   14.2.1 (critical: no)  Cache-Control: max-age=60"), output);
        assertTrue(output.contains(server.baseUrl() + ": 2 of 2 in sync"), output);
        assertTrue(
                output.contains("systemd: echo '127.0.0.1:" + server.port()
                        + "/current' | sudo tee /etc/teleport-upgrade.d/endpoint"),
                output);
        assertTrue(
                output.contains("Helm:    --set updater.versionServer=" + server.baseUrl()
                        + " --set updater.releaseChannel=canary"),
                output);
    }

    @Test
    void deployFailsWhenTheLiveSiteServesSomethingElse() throws Exception {
        server.on("canary/version", Reply.ok("14.2.9"));

        MojoFailureException e =
                assertThrows(MojoFailureException.class, () -> deployMojo().execute());

        assertTrue(e.getMessage().contains("1 of 2 in sync, 1 drift"), e.getMessage());
        assertTrue(log.text().contains("canary   drift     expected 14.3.0, served 14.2.9"), log.text());
    }

    @Test
    void deployRefusesADowngradeUnlessAllowedForTheRun() throws Exception {
        deployMojo().execute();
        channels("14.2.0");

        MojoFailureException e =
                assertThrows(MojoFailureException.class, () -> deployMojo().execute());
        assertTrue(e.getMessage().contains("channel 'current' goes down from 14.2.1"), e.getMessage());
        assertTrue(e.getMessage().contains("to 14.2.0"), e.getMessage());
        assertEquals("14.2.1", Files.readString(www.resolve("current/version")));

        DeployMojo allowed = deployMojo();
        allowed.allowDowngrade = true;
        allowed.execute();
        assertEquals("14.2.0", Files.readString(www.resolve("current/version")));
    }

    @Test
    void checkRefusesADowngradeFromWhatTheLiveSiteServes() throws Exception {
        server.on("current/version", Reply.ok("14.2.1"));
        channels("14.2.0");
        CheckMojo check = configure(new CheckMojo());
        check.baseUrl = server.baseUrl();
        check.trustedCertificates = caPem.toFile();

        MojoFailureException e = assertThrows(MojoFailureException.class, check::execute);

        assertTrue(
                e.getMessage()
                        .contains("channel 'current' goes down from 14.2.1 (served now at " + server.baseUrl()
                                + ") to 14.2.0"),
                e.getMessage());
        check.allowDowngrade = true;
        check.execute();
    }

    @Test
    void verifyWaitsForTheSiteWhenAskedTo() throws Exception {
        server.on("current/version", Reply.ok("14.2.1")).on("current/critical", Reply.ok("no"));
        long switchAt = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        server.on("canary/version", () -> Reply.ok(System.nanoTime() < switchAt ? "14.2.1" : "14.3.0"));
        server.on("canary/critical", Reply.ok("no"));
        VerifyMojo verify = configure(new VerifyMojo());
        verify.baseUrl = server.baseUrl();
        verify.trustedCertificates = caPem.toFile();

        assertThrows(MojoFailureException.class, verify::execute, "without waiting");
        verify.waitSeconds = 20;
        verify.execute();

        assertTrue(log.text().contains("canary   in sync"), log.text());
    }

    @Test
    void verifyWithoutTrustedCertificatesSaysHowToFixIt() throws Exception {
        VerifyMojo verify = configure(new VerifyMojo());
        verify.baseUrl = server.baseUrl();

        MojoFailureException e = assertThrows(MojoFailureException.class, verify::execute);

        assertTrue(log.text().contains("-DreleaseChannels.trustedCertificates=ca.pem"), log.text());
        // Every failure is TLS: the advice is the certificate's, not a CDN's.
        assertTrue(
                e.getMessage()
                        .contains("TLS failed for canary, current, and agents would fail the same way: if "
                                + "the server's certificate is issued by a private CA, give that CA with "
                                + "-DreleaseChannels.trustedCertificates=ca.pem"),
                e.getMessage());
        assertFalse(e.getMessage().contains("CDN") || e.getMessage().contains("waitSeconds"), e.getMessage());
    }

    @Test
    void verifyAdviceFollowsEachFailureClass() throws Exception {
        server.on("canary/version", Reply.status(404));
        server.on("current/version", Reply.ok("14.2.0")).on("current/critical", Reply.ok("no"));
        VerifyMojo verify = configure(new VerifyMojo());
        verify.baseUrl = server.baseUrl();
        verify.trustedCertificates = caPem.toFile();
        verify.target = "s3://bucket/teleport";

        MojoFailureException e = assertThrows(MojoFailureException.class, verify::execute);

        assertEquals(
                java.util.List.of(
                        server.baseUrl() + ": 0 of 2 in sync, 1 drift, 1 missing, 0 error. Agents do "
                                + "not get what channels.yaml says; see the lines above.",
                        "Not published at this address (404) for canary: check that releaseChannels.baseUrl is where the site "
                                + "is served, its path included, and that the last deploy published there; a new channel can "
                                + "take minutes to appear behind a CDN or on GitHub Pages: "
                                + "-DreleaseChannels.verify.waitSeconds=300.",
                        "An older answer is served for current: a cache or CDN may still hold it; wait for it with "
                                + "-DreleaseChannels.verify.waitSeconds=300. Keep the cache time of version and critical "
                                + "short: releaseChannels.cacheControl sets it on every upload (max-age=60 by default); a CDN "
                                + "in front must honour it (docs/targets/s3.md)."),
                java.util.List.of(e.getMessage().split("\n")));
    }

    @Test
    void aDirectoryTargetIsToldItsWebServerSetsTheCacheTimeNotAParameter() throws Exception {
        server.on("current/version", Reply.ok("14.2.1").withHeaders(java.util.Map.of("Cache-Control", "max-age=3600")));

        deployMojo().execute();

        String output = log.text();
        assertTrue(
                output.contains(
                        "[WARNING] current/version has Cache-Control 'max-age=3600': caches may serve an "
                                + "old answer for up to 1 h after a publish; use at most 'max-age=300': the web server serving the "
                                + "target's directory sets it, not releaseChannels.cacheControl: e.g. nginx 'add_header Cache-Control "
                                + "\"max-age=60\" always;' for version and critical (docs/targets/directory.md#serving-it-with-nginx)"),
                output);
        assertFalse(output.contains("(releaseChannels.cacheControl)"), output);
    }

    @Test
    void serveServesEveryChannelUntilInterrupted() throws Exception {
        ServeMojo serve = configure(new ServeMojo());
        serve.outputDirectory = project.resolve("target/release-channels").toFile();
        serve.port = 0;
        serve.cacheControl = "max-age=60";
        Thread running = new Thread(() -> {
            try {
                serve.execute();
            } catch (Exception e) {
                log.error("serve failed: " + e);
            }
        });
        running.start();
        Matcher started =
                awaitLine(Pattern.compile("Serving .* on (https://localhost:[0-9]+)/ with the certificate " + "(.*)"));
        BaseUrl baseUrl = BaseUrl.parse(started.group(1), false);
        File pem = new File(started.group(2));
        assertEquals(
                project.resolve("target/release-channels-localhost.pem")
                        .toFile()
                        .getAbsoluteFile(),
                pem.getAbsoluteFile());
        VerifyClient client =
                new VerifyClient(TrustedCertificates.sslContext(Optional.of(pem.toPath())), Duration.ofSeconds(5));

        assertEquals("14.2.1", client.get(baseUrl.resolve("current/version")).text());
        assertEquals("no", client.get(baseUrl.resolve("current/critical")).text());
        assertEquals("14.3.0", client.get(baseUrl.resolve("canary/version")).text());
        assertEquals("no", client.get(baseUrl.resolve("canary/critical")).text());
        assertTrue(
                log.text().contains("systemd: echo 'localhost:" + baseUrl.uri().getPort() + "/canary'"), log.text());
        assertTrue(log.text().contains("--cacert " + pem), log.text());

        running.interrupt();
        running.join(5000);
        assertFalse(running.isAlive());
        assertThrows(java.io.IOException.class, () -> client.get(baseUrl.resolve("current/version")));
    }

    private Matcher awaitLine(Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : log.lines) {
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    return matcher;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line matching " + pattern + " in:\n" + log.text());
    }
}
