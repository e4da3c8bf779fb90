// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.agent.BaseUrl;
import io.github.releasechannels.agent.InvalidBaseUrlException;
import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.testing.TestHttpsServer;
import io.github.releasechannels.testing.TestHttpsServer.Reply;
import io.github.releasechannels.testing.TestSites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RealServer
class BaseUrlTest {

    private static final String SECRET = "s3cr3t-PLANTED-9f2c";

    @Test
    void trailingSlashesAreDroppedAsTheKubeUpdaterDoes() throws Exception {
        BaseUrl url = BaseUrl.parse(" https://updates.example.com/teleport/ ", false);

        assertEquals("https://updates.example.com/teleport", url.toString());
        assertEquals(
                "https://updates.example.com/teleport/stable/v14/version",
                url.resolve("stable/v14/version").toString());
        assertEquals("updates.example.com/teleport/stable/v14", url.endpoint("stable/v14"));
        assertEquals(
                "updates.example.com:8443/current",
                BaseUrl.parse("https://updates.example.com:8443", false).endpoint("current"));
    }

    @Test
    void plainHttpIsRefusedForOtherHostsEvenWithTheFlag() {
        InvalidBaseUrlException e = assertThrows(
                InvalidBaseUrlException.class, () -> BaseUrl.parse("http://updates.example.com/teleport", true));

        assertTrue(e.getMessage().contains("use https://updates.example.com/teleport"), e.getMessage());
    }

    @Test
    void plainHttpOnLoopbackNeedsTheExplicitFlag() throws Exception {
        InvalidBaseUrlException e =
                assertThrows(InvalidBaseUrlException.class, () -> BaseUrl.parse("http://127.0.0.1:8080", false));
        assertTrue(e.getMessage().contains("-DreleaseChannels.verify.allowHttp=true"), e.getMessage());

        assertEquals(
                "http://localhost:8080",
                BaseUrl.parse("http://localhost:8080/", true).toString());
        assertEquals(
                "http://[::1]:8080", BaseUrl.parse("http://[::1]:8080", true).toString());
    }

    @Test
    void plainHttpVerifyWorksAgainstALoopbackServerWithTheFlag() throws Exception {
        try (TestHttpsServer server = TestHttpsServer.plainHttp()) {
            server.on("current/version", Reply.ok("14.2.1"))
                    .on("current/critical", Reply.ok("no"))
                    .on("canary/version", Reply.ok("14.3.0"))
                    .on("canary/critical", Reply.ok("no"))
                    .on("stable/v14/version", Reply.ok("14.3.0"))
                    .on("stable/v14/critical", Reply.ok("yes"));
            SiteVerifier verifier = new SiteVerifier(
                    new VerifyClient(TrustedCertificates.sslContext(Optional.empty()), Duration.ofSeconds(2)),
                    BaseUrl.parse(server.baseUrl(), true),
                    Duration.ofMillis(100));

            VerifyReport report = verifier.verify(TestSites.render(TestSites.THREE_CHANNELS));

            assertTrue(report.allInSync(), () -> String.join("\n", report.lines()));
        }
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutRepeatingThem() {
        for (String url : List.of(
                "https://ops:" + SECRET + "@updates.example.com/teleport",
                "ftp://ops:" + SECRET + "@updates.example.com",
                "http://" + SECRET + "@updates.example.com",
                "https://ops:" + SECRET + "@updates example.com")) {
            InvalidBaseUrlException e = assertThrows(InvalidBaseUrlException.class, () -> BaseUrl.parse(url, true));
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
            assertTrue(e.getMessage().contains("user name, password or query"), e.getMessage());
        }
    }

    @Test
    void queriesAndOtherSchemesAreRefused() {
        assertThrows(InvalidBaseUrlException.class, () -> BaseUrl.parse("https://example.com/t?x=1", false));
        assertThrows(InvalidBaseUrlException.class, () -> BaseUrl.parse("ftp://example.com/t", false));
        assertThrows(InvalidBaseUrlException.class, () -> BaseUrl.parse("example.com/t", false));
    }

    @Test
    void aBadCertificateBundleIsNamed(@TempDir Path temp) throws Exception {
        Path notPem = Files.writeString(temp.resolve("ca.pem"), "not a certificate");

        VerifySettingException e =
                assertThrows(VerifySettingException.class, () -> TrustedCertificates.sslContext(Optional.of(notPem)));
        assertTrue(e.getMessage().contains(notPem.toString()), e.getMessage());
        VerifySettingException missing = assertThrows(
                VerifySettingException.class,
                () -> TrustedCertificates.sslContext(Optional.of(temp.resolve("absent.pem"))));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
}
