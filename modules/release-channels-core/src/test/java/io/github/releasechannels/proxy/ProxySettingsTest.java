// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {

    private static ProxyServer proxy(String id, String protocol, String... nonProxyHosts) {
        return new ProxyServer(
                id,
                protocol,
                id + ".corp.example",
                3128,
                Optional.of("me"),
                Optional.of("PLANTED-proxy-secret"),
                List.of(nonProxyHosts));
    }

    private static Optional<String> chosen(ProxySettings settings, String target) {
        return settings.forTarget(URI.create(target)).map(ProxyServer::id);
    }

    @Test
    void anHttpsTargetPrefersTheHttpsProxyAndFallsBackToTheHttpOne() {
        ProxySettings both = new ProxySettings(List.of(proxy("plain", "http"), proxy("secure", "HTTPS")));
        assertEquals(Optional.of("secure"), chosen(both, "https://updates.example.com/teleport"));
        assertEquals(Optional.of("plain"), chosen(both, "http://127.0.0.1:9090/bucket"));

        ProxySettings httpOnly = new ProxySettings(List.of(proxy("plain", "http")));
        assertEquals(Optional.of("plain"), chosen(httpOnly, "https://updates.example.com/"));

        ProxySettings httpsOnly = new ProxySettings(List.of(proxy("secure", "https")));
        assertEquals(Optional.empty(), chosen(httpsOnly, "http://127.0.0.1:9090/"));
        assertEquals(Optional.empty(), chosen(httpsOnly, "ssh://git@github.com/org/repo.git"));
        assertEquals(Optional.empty(), chosen(ProxySettings.NONE, "https://updates.example.com/"));
    }

    @Test
    void nonProxyHostsAreReachedDirectly() {
        ProxySettings settings = new ProxySettings(
                List.of(proxy("corp", "http", "*.internal.example", ".lan", "localhost", "10.*", "[::1]")));
        assertEquals(Optional.empty(), chosen(settings, "https://updates.internal.example/"));
        assertEquals(Optional.empty(), chosen(settings, "https://nas.lan/"));
        assertEquals(Optional.empty(), chosen(settings, "https://lan/"));
        assertEquals(Optional.empty(), chosen(settings, "http://LOCALHOST:8080/"));
        assertEquals(Optional.empty(), chosen(settings, "https://10.1.2.3/"));
        assertEquals(Optional.empty(), chosen(settings, "http://[::1]:9000/"));
        assertEquals(Optional.of("corp"), chosen(settings, "https://internal.example.com/"));
        assertEquals(Optional.of("corp"), chosen(settings, "https://planet/"));
        assertEquals(Optional.of("corp"), chosen(settings, "http://127.0.0.1:9000/"), "loopback is not implicit");
        assertEquals(
                Optional.empty(),
                chosen(new ProxySettings(List.of(proxy("corp", "http", "*"))), "https://anything.example/"));
    }

    @Test
    void environmentVariablesAsCurlReadsThem() throws Exception {
        ProxySettings settings = ProxySettings.fromEnvironment(Map.of(
                "HTTPS_PROXY", "http://upper.example:1",
                "https_proxy", "http://me:PLANTED%2Bsecret+x@lower.example:8080",
                "HTTP_PROXY", "plain.example:3128",
                "NO_PROXY", "localhost, .internal.example"));

        ProxyServer https =
                settings.forTarget(URI.create("https://updates.example.com/")).orElseThrow();
        assertEquals("https_proxy", https.id());
        assertEquals("lower.example", https.host());
        assertEquals(8080, https.port());
        assertEquals(Optional.of("me"), https.username());
        assertEquals(Optional.of("PLANTED+secret+x"), https.password());
        ProxyServer http = settings.forTarget(URI.create("http://127.0.0.1/")).orElseThrow();
        assertEquals("HTTP_PROXY", http.id());
        assertEquals("plain.example:3128", http.host() + ":" + http.port());
        assertEquals(Optional.empty(), settings.forTarget(URI.create("https://a.internal.example/")));
        assertEquals(ProxySettings.NONE, ProxySettings.fromEnvironment(Map.of("PATH", "/bin")));
    }

    @Test
    void aBadVariableIsNamedWithoutItsValue() {
        InvalidProxyException e = assertThrows(
                InvalidProxyException.class,
                () -> ProxySettings.fromEnvironment(
                        Map.of("HTTPS_PROXY", "socks5://me:PLANTED-secret@proxy.example:1080")));
        assertEquals("HTTPS_PROXY", e.setting());
        assertFalse(e.getMessage().contains("PLANTED"), e.getMessage());
    }

    @Test
    void descriptionsNameIdHostAndUserButNeverThePassword() {
        ProxySettings settings = new ProxySettings(List.of(proxy("corp", "https", "*.internal.example")));
        assertEquals(
                "https via proxy 'corp' at corp.corp.example:3128 as me (not for *.internal.example)",
                settings.describe());
        assertFalse(settings.toString().contains("PLANTED"), settings.toString());
        assertTrue(settings.proxies().get(0).toString().contains("corp.corp.example:3128"));
        assertFalse(settings.proxies().get(0).toString().contains("PLANTED"));
    }
}
