package io.github.releasechannels.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.releasechannels.proxy.ProxyServer;
import io.github.releasechannels.proxy.ProxySettings;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Proxy;
import org.junit.jupiter.api.Test;

class MavenProxiesTest {

    private static Proxy proxy(String id, boolean active, String protocol, String nonProxyHosts) {
        Proxy proxy = new Proxy();
        proxy.setId(id);
        proxy.setActive(active);
        proxy.setProtocol(protocol);
        proxy.setHost(id + ".example");
        proxy.setPort(3128);
        proxy.setUsername("me");
        proxy.setPassword("PLANTED-settings-password");
        proxy.setNonProxyHosts(nonProxyHosts);
        return proxy;
    }

    @Test
    void activeHttpAndHttpsProxiesWithTheirNonProxyHostsWinOverTheEnvironment() throws Exception {
        ProxySettings settings = MavenProxies.from(List.of(proxy("off", false, "https", null),
                proxy("socks", true, "socks5", null), proxy("corp", true, "https", "*.internal.example|localhost")),
                Map.of("HTTPS_PROXY", "http://env.example:1"));

        ProxyServer chosen = settings.forTarget(URI.create("https://updates.example.com/")).orElseThrow();
        assertEquals("corp", chosen.id());
        assertEquals(Optional.of("PLANTED-settings-password"), chosen.password());
        assertEquals(Optional.empty(), settings.forTarget(URI.create("https://a.internal.example/")));
        assertEquals(Optional.empty(), settings.forTarget(URI.create("https://localhost/")));
        assertFalse(settings.describe().contains("PLANTED"), settings.describe());
    }

    @Test
    void withoutSettingsProxiesTheEnvironmentsApply() throws Exception {
        ProxySettings settings = MavenProxies.from(List.of(proxy("off", false, "https", null)),
                Map.of("HTTPS_PROXY", "http://env.example:1"));
        assertEquals("HTTPS_PROXY", settings.forTarget(URI.create("https://updates.example.com/")).orElseThrow().id());
        assertEquals(ProxySettings.NONE, MavenProxies.from(null, Map.of()));
    }

    @Test
    void aBadEnvironmentVariableFailsTheBuildWithoutShowingItsValue() {
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> MavenProxies.from(List.of(),
                Map.of("https_proxy", "ftp://me:PLANTED-env-password@proxy.example")));
        assertFalse(e.getMessage().contains("PLANTED"), e.getMessage());
        assertFalse(e.getMessage().contains("proxy.example"), e.getMessage());
    }
}
