// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.agent.BaseUrl;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.testing.TestSites;
import io.github.releasechannels.verify.ServedResponse;
import io.github.releasechannels.verify.SiteVerifier;
import io.github.releasechannels.verify.TrustedCertificates;
import io.github.releasechannels.verify.VerifyClient;
import io.github.releasechannels.verify.VerifyReport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RealServer
class LocalHttpsServerTest {

    @TempDir
    Path temp;

    @Test
    void servesEveryChannelOverHttpsTrustedThroughTheWrittenPem() throws Exception {
        Site site = TestSites.render(TestSites.THREE_CHANNELS);
        LocalhostCertificate certificate = LocalhostCertificate.create(Duration.ofDays(1));
        Path pem = temp.resolve("release-channels-localhost.pem");
        certificate.writePem(pem);
        assertTrue(Files.readString(pem).startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertTrue(!Files.readString(pem).contains("PRIVATE KEY"), "the key is never written");
        VerifyClient client = new VerifyClient(TrustedCertificates.sslContext(Optional.of(pem)), Duration.ofSeconds(5));

        BaseUrl baseUrl;
        try (LocalHttpsServer server =
                LocalHttpsServer.start(site, HeaderPolicy.defaults(), certificate.serverContext(), 0, line -> {})) {
            baseUrl = BaseUrl.parse(server.uri().toString(), false);
            VerifyReport report = new SiteVerifier(client, baseUrl, Duration.ofMillis(100)).verify(site);
            assertTrue(report.allInSync(), () -> String.join("\n", report.lines()));
            assertTrue(report.warnings().isEmpty(), report.warnings()::toString);

            ServedResponse version = client.get(baseUrl.resolve("stable/v14/version"));
            assertEquals("14.3.0", version.text());
            assertEquals(Optional.of("max-age=60"), version.cacheControl());
            assertEquals(404, client.get(baseUrl.resolve("nothing/version")).status());
            ServedResponse manifest = client.get(baseUrl.resolve("release-channels.json"));
            assertEquals(Optional.of("no-cache"), manifest.cacheControl());
        }

        assertThrows(IOException.class, () -> client.get(baseUrl.resolve("current/version")), "stopped");
    }

    @Test
    void theRequestLogEscapesControlCharactersOfTheDecodedPath() throws Exception {
        Site site = TestSites.render(TestSites.THREE_CHANNELS);
        LocalhostCertificate certificate = LocalhostCertificate.create(Duration.ofDays(1));
        Path pem = temp.resolve("localhost.pem");
        certificate.writePem(pem);
        VerifyClient client = new VerifyClient(TrustedCertificates.sslContext(Optional.of(pem)), Duration.ofSeconds(5));
        List<String> log = new CopyOnWriteArrayList<>();
        try (LocalHttpsServer server =
                LocalHttpsServer.start(site, HeaderPolicy.defaults(), certificate.serverContext(), 0, log::add)) {
            client.get(URI.create(server.uri() + "/x%0A%5BINFO%5D%20forged%1B%5B2K%E2%80%AE"));
        }

        assertEquals(1, log.size(), log::toString);
        assertEquals("GET /x\\u000A[INFO] forged\\u001B[2K\\u202E 404 (127.0.0.1)", log.get(0));
    }

    @Test
    void theCertificateIsNotTrustedWithoutThePem() throws Exception {
        Site site = TestSites.render(TestSites.THREE_CHANNELS);
        LocalhostCertificate certificate = LocalhostCertificate.create(Duration.ofDays(1));
        try (LocalHttpsServer server =
                LocalHttpsServer.start(site, HeaderPolicy.defaults(), certificate.serverContext(), 0, line -> {})) {
            VerifyClient client =
                    new VerifyClient(TrustedCertificates.sslContext(Optional.empty()), Duration.ofSeconds(5));
            assertThrows(IOException.class, () -> client.get(server.uri().resolve("/current/version")));
        }
    }
}
