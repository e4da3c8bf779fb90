// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.releasechannels.proxy.ProxyServer;
import io.github.releasechannels.proxy.ProxySettings;
import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.testing.RecordingHttpProxy;
import io.github.releasechannels.testing.TestCertificateAuthority;
import io.github.releasechannels.testing.TestHttpsServer;
import io.github.releasechannels.testing.TestHttpsServer.Reply;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify's HTTP client through a real (test) HTTP proxy: CONNECT for HTTPS, absolute-form for plain HTTP. */
@RealServer
class VerifyClientProxyTest {

    @TempDir
    static Path temp;

    private static TestCertificateAuthority ca;
    private static Path caPem;

    @BeforeAll
    static void createCa() throws Exception {
        ca = TestCertificateAuthority.create();
        caPem = ca.writeRootPem(temp.resolve("ca.pem"));
    }

    private static ProxySettings through(
            RecordingHttpProxy proxy, Optional<String> user, Optional<String> password, String... nonProxyHosts) {
        return new ProxySettings(List.of(
                new ProxyServer("corp", "https", "127.0.0.1", proxy.port(), user, password, List.of(nonProxyHosts))));
    }

    @Test
    void httpsGoesThroughACONNECTTunnelWithTheCertificateStillChecked() throws Exception {
        try (TestHttpsServer server =
                        TestHttpsServer.https(ca.serverContext()).on("current/version", Reply.ok("14.2.1"));
                RecordingHttpProxy proxy = RecordingHttpProxy.start()) {
            VerifyClient client = new VerifyClient(
                    TrustedCertificates.sslContext(Optional.of(caPem)),
                    Duration.ofSeconds(5),
                    through(proxy, Optional.empty(), Optional.empty()));

            ServedResponse response = client.get(URI.create(server.baseUrl() + "/current/version"));

            assertEquals("14.2.1", response.text());
            assertEquals(List.of("CONNECT 127.0.0.1:" + server.port()), proxy.targets());
            assertEquals(1, server.requests().size());
        }
    }

    @Test
    void nonProxyHostsAreReadDirectly() throws Exception {
        try (TestHttpsServer server =
                        TestHttpsServer.https(ca.serverContext()).on("current/version", Reply.ok("14.2.1"));
                RecordingHttpProxy proxy = RecordingHttpProxy.start()) {
            VerifyClient client = new VerifyClient(
                    TrustedCertificates.sslContext(Optional.of(caPem)),
                    Duration.ofSeconds(5),
                    through(proxy, Optional.empty(), Optional.empty(), "127.0.0.1"));

            assertEquals(
                    "14.2.1",
                    client.get(URI.create(server.baseUrl() + "/current/version"))
                            .text());
            assertEquals(List.of(), proxy.targets());
        }
    }

    @Test
    void aProxyThatRefusesTheHttpsTunnelIsA407NotACrash() throws Exception {
        // Without -Djdk.http.auth.tunneling.disabledSchemes= the JDK sends no Basic credentials in a CONNECT, and its
        // 407 answer comes without a body.
        try (TestHttpsServer server =
                        TestHttpsServer.https(ca.serverContext()).on("current/version", Reply.ok("14.2.1"));
                RecordingHttpProxy proxy = RecordingHttpProxy.start().requireBasic("deploy", "PLANTED-pw")) {
            VerifyClient client = new VerifyClient(
                    TrustedCertificates.sslContext(Optional.of(caPem)),
                    Duration.ofSeconds(5),
                    through(proxy, Optional.of("deploy"), Optional.of("PLANTED-pw")));

            ServedResponse response = client.get(URI.create(server.baseUrl() + "/current/version"));

            assertEquals(407, response.status());
            assertEquals("", response.text());
            assertEquals(List.of(), server.requests());
        }
    }

    @Test
    void basicProxyAuthenticationAnswersTheChallengeWithTheSettingsUser() throws Exception {
        // The JDK refuses Basic for CONNECT tunnels unless jdk.http.auth.tunneling.disabledSchemes allows it, so the
        // challenge is tested on a plain-HTTP (loopback) server, forwarded in absolute form.
        try (TestHttpsServer server = TestHttpsServer.plainHttp().on("current/version", Reply.ok("14.2.1"));
                RecordingHttpProxy proxy = RecordingHttpProxy.start().requireBasic("deploy", "PLANTED-pw")) {
            ProxySettings settings = new ProxySettings(List.of(new ProxyServer(
                    "corp",
                    "http",
                    "127.0.0.1",
                    proxy.port(),
                    Optional.of("deploy"),
                    Optional.of("PLANTED-pw"),
                    List.of())));
            VerifyClient client =
                    new VerifyClient(TrustedCertificates.sslContext(Optional.empty()), Duration.ofSeconds(5), settings);

            assertEquals(
                    "14.2.1",
                    client.get(URI.create(server.baseUrl() + "/current/version"))
                            .text());
            String target = "127.0.0.1:" + server.port();
            assertEquals(List.of("407 GET " + server.baseUrl() + "/current/version", "GET " + target), proxy.targets());
        }
    }
}
