// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.proxy.ProxyServer;
import io.github.releasechannels.proxy.ProxySettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

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
        ProxySettings settings = MavenProxies.from(
                List.of(
                        proxy("off", false, "https", null),
                        proxy("socks", true, "socks5", null),
                        proxy("corp", true, "https", "*.internal.example|localhost")),
                Map.of("HTTPS_PROXY", "http://env.example:1"));

        ProxyServer chosen =
                settings.forTarget(URI.create("https://updates.example.com/")).orElseThrow();
        assertEquals("corp", chosen.id());
        assertEquals(Optional.of("PLANTED-settings-password"), chosen.password());
        assertEquals(Optional.empty(), settings.forTarget(URI.create("https://a.internal.example/")));
        assertEquals(Optional.empty(), settings.forTarget(URI.create("https://localhost/")));
        assertFalse(settings.describe().contains("PLANTED"), settings.describe());
    }

    private static SettingsDecrypter decrypter(Path dir, String master) throws Exception {
        return new DefaultSettingsDecrypter(new DefaultSecDispatcher(
                new DefaultPlexusCipher(),
                Map.of(),
                SettingsSecurity.write(dir, master).toString()));
    }

    @Test
    void anEncryptedProxyPasswordIsDecryptedBeforeItIsUsed(@TempDir Path dir) throws Exception {
        String master = "PLANTED-master-password";
        Proxy corp = proxy("corp", true, "https", null);
        corp.setPassword(new DefaultPlexusCipher().encryptAndDecorate("PLANTED-proxy-password", master));

        List<Proxy> decrypted = MavenProxies.decrypt(List.of(corp), decrypter(dir, master));
        ProxyServer chosen = MavenProxies.from(decrypted, Map.of())
                .forTarget(URI.create("https://updates.example.com/"))
                .orElseThrow();

        assertEquals(Optional.of("PLANTED-proxy-password"), chosen.password());
    }

    @Test
    void aProxyPasswordThatCannotBeDecryptedFailsTheBuildWithoutShowingIt(@TempDir Path dir) throws Exception {
        Proxy corp = proxy("corp", true, "https", null);
        corp.setPassword(new DefaultPlexusCipher().encryptAndDecorate("PLANTED-proxy-password", "another master"));

        MojoFailureException e = MavenFailures.of(assertThrows(
                UserProblemException.class,
                () -> MavenProxies.decrypt(List.of(corp), decrypter(dir, "PLANTED-master-password"))));
        assertTrue(e.getMessage().contains("settings-security.xml"), e.getMessage());
        assertFalse(e.getMessage().contains("PLANTED"), e.getMessage());
    }

    @Test
    void aServerPasswordGoesThroughTheSameDecryptionAndTheSameRefusal(@TempDir Path dir) throws Exception {
        String master = "PLANTED-master-password";
        Server server = new Server();
        server.setId("www");
        server.setPassword(new DefaultPlexusCipher().encryptAndDecorate("PLANTED-server-password", master));

        assertEquals(
                "PLANTED-server-password",
                SettingsSecrets.decrypted(
                                decrypter(dir, master),
                                new DefaultSettingsDecryptionRequest(server),
                                "the password of server 'www'")
                        .getServer()
                        .getPassword());
        MojoFailureException e = MavenFailures.of(assertThrows(
                UserProblemException.class,
                () -> SettingsSecrets.decrypted(
                        decrypter(dir, "another master"),
                        new DefaultSettingsDecryptionRequest(server),
                        "the password of server 'www'")));
        assertTrue(e.getMessage().startsWith("Cannot decrypt the password of server 'www': "), e.getMessage());
        assertFalse(e.getMessage().contains("PLANTED"), e.getMessage());
    }

    @Test
    void withoutSettingsProxiesTheEnvironmentsApply() throws Exception {
        ProxySettings settings = MavenProxies.from(
                List.of(proxy("off", false, "https", null)), Map.of("HTTPS_PROXY", "http://env.example:1"));
        assertEquals(
                "HTTPS_PROXY",
                settings.forTarget(URI.create("https://updates.example.com/"))
                        .orElseThrow()
                        .id());
        assertEquals(ProxySettings.NONE, MavenProxies.from(null, Map.of()));
    }

    @Test
    void aBadEnvironmentVariableFailsTheBuildWithoutShowingItsValue() {
        MojoFailureException e = MavenFailures.of(assertThrows(
                UserProblemException.class,
                () -> MavenProxies.from(
                        List.of(), Map.of("https_proxy", "ftp://me:PLANTED-env-password@proxy.example"))));
        assertFalse(e.getMessage().contains("PLANTED"), e.getMessage());
        assertFalse(e.getMessage().contains("proxy.example"), e.getMessage());
    }
}
