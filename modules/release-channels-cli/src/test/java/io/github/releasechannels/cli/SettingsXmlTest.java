// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.proxy.ProxyServer;
import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.PublishLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsXmlTest {

    @TempDir
    Path directory;

    /**
     * Made with Maven 3.9.11: {@code mvn --encrypt-master-password master-Passw0rd}, then with that master password
     * in settings-security.xml, {@code mvn --encrypt-password deploy-s3cret} and {@code proxy-s3cret}.
     */
    private static final String MASTER_ENCRYPTED = "{TOZzoslXf+YHWOHKp5DZDcGVtesydi61OjEYUNkJZpE=}";

    private static final String DEPLOY_ENCRYPTED = "{vbaCM8bO0/wH0dUJnZC8h5eYdvvzz8rM2MsuKrHUE7M=}";
    private static final String PROXY_ENCRYPTED = "{DFzHG0Md4WcHlEPD81I7nMpC1h8Z3YpMrSNA4pgI3Gc=}";

    private Path security() {
        return directory.resolve("settings-security.xml");
    }

    private void masterPassword(String encrypted) throws IOException {
        Files.writeString(security(), "<settingsSecurity><master>" + encrypted + "</master></settingsSecurity>\n");
    }

    private SettingsXml settingsXml(Path file, Map<String, String> environment) {
        return new SettingsXml(file, true, environment, PublishLog.SILENT, security());
    }

    private Path settings(String servers) throws IOException {
        return Files.writeString(
                directory.resolve("settings.xml"),
                "<?xml version=\"1.0\"?>\n<settings>\n  <servers>\n" + servers + "  </servers>\n</settings>\n");
    }

    @Test
    void readsAPlainServerAndExpandsEnvironmentVariables() throws Exception {
        Path file = settings("<server><id>other</id><username>no</username></server>\n"
                + "<server><id>site</id><username>deployer</username><password>${env.SITE_TOKEN}</password>"
                + "</server>\n");

        Optional<Credentials> credentials =
                settingsXml(file, Map.of("SITE_TOKEN", "s3cret")).of("site");

        assertEquals(Optional.of("deployer"), credentials.orElseThrow().username());
        assertEquals(Optional.of("s3cret"), credentials.orElseThrow().password());
        assertFalse(credentials.orElseThrow().toString().contains("s3cret"));
    }

    @Test
    void noServerOfThatIdAndNoDefaultFileMeanNone() throws Exception {
        Path file = settings("<server><id>other</id></server>\n");

        assertTrue(settingsXml(file, Map.of()).of("site").isEmpty());
        assertTrue(new SettingsXml(directory.resolve("missing.xml"), false, Map.of(), PublishLog.SILENT, security())
                .of("site")
                .isEmpty());
    }

    @Test
    void decryptsPasswordsThatMavenEncryptedWithTheMasterPasswordOfSettingsSecurity() throws Exception {
        Path file = settings("<server><id>site</id><username>deployer</username><password>" + DEPLOY_ENCRYPTED
                + "</password><passphrase>" + PROXY_ENCRYPTED + "</passphrase></server>\n");
        masterPassword(MASTER_ENCRYPTED);

        Credentials credentials = settingsXml(file, Map.of()).of("site").orElseThrow();

        assertEquals(Optional.of("deploy-s3cret"), credentials.password());
        assertEquals(Optional.of("proxy-s3cret"), credentials.passphrase());
        assertEquals(Optional.of("deployer"), credentials.username());
    }

    @Test
    void anEncryptedPasswordTheMasterPasswordDoesNotOpenFailsWithoutQuotingIt() throws Exception {
        Path file = settings("<server><id>site</id><password>" + DEPLOY_ENCRYPTED + "</password></server>\n");
        // Another master password (mvn --encrypt-master-password another-master): the value fails its padding.
        masterPassword("{RwQeZD8RNJYHJlBpASSwfLABg7GLrIb3TyzSo9f/K9Q=}");

        UserProblemException wrongMaster = assertThrows(
                UserProblemException.class, () -> settingsXml(file, Map.of()).of("site"));
        Files.delete(security());
        UserProblemException noMaster = assertThrows(
                UserProblemException.class, () -> settingsXml(file, Map.of()).of("site"));

        for (UserProblemException problem : List.of(wrongMaster, noMaster)) {
            assertTrue(problem.getMessage().contains("password of settings.xml server 'site'"), problem.getMessage());
            assertTrue(problem.getMessage().contains(security().toString()), problem.getMessage());
            assertFalse(problem.getMessage().contains(DEPLOY_ENCRYPTED.substring(1, 20)), problem.getMessage());
            assertFalse(problem.getMessage().contains("deploy-s3cret"), problem.getMessage());
            assertEquals(null, problem.getCause());
        }
    }

    @Test
    void readsTheActiveHttpProxiesWithTheirNonProxyHostsAndDecryptedPasswords() throws Exception {
        masterPassword(MASTER_ENCRYPTED);
        Path file = Files.writeString(directory.resolve("settings.xml"), """
                <settings>
                  <proxies>
                    <proxy><id>off</id><active>false</active><host>off.example.com</host><port>1</port></proxy>
                    <proxy><id>socks</id><protocol>socks5</protocol><host>socks.example.com</host><port>2</port></proxy>
                    <proxy>
                      <id>corp</id><protocol>https</protocol><host>proxy.example.com</host><port>3128</port>
                      <username>${env.PROXY_USER}</username><password>@PASSWORD@</password>
                      <nonProxyHosts>localhost|*.internal.example.com</nonProxyHosts>
                    </proxy>
                  </proxies>
                </settings>
                """.replace("@PASSWORD@", PROXY_ENCRYPTED));

        List<ProxyServer> proxies =
                settingsXml(file, Map.of("PROXY_USER", "ops")).proxies();

        assertEquals(1, proxies.size(), proxies::toString);
        ProxyServer corp = proxies.get(0);
        assertEquals("corp", corp.id());
        assertEquals("https", corp.protocol());
        assertEquals("proxy.example.com", corp.host());
        assertEquals(3128, corp.port());
        assertEquals(Optional.of("ops"), corp.username());
        assertEquals(Optional.of("proxy-s3cret"), corp.password());
        assertTrue(corp.bypasses("updates.internal.example.com"));
        assertFalse(corp.bypasses("updates.example.com"));
        assertFalse(corp.toString().contains("proxy-s3cret"));
    }

    @Test
    void aProxyWithoutAHostOrAGoodPortIsAProblemAndNoFileMeansNoProxies() throws Exception {
        Path file = Files.writeString(
                directory.resolve("settings.xml"),
                "<settings><proxies><proxy><id>corp</id><port>99999</port></proxy></proxies></settings>");

        UserProblemException problem = assertThrows(
                UserProblemException.class, () -> settingsXml(file, Map.of()).proxies());

        assertTrue(problem.getMessage().contains("settings.xml proxy 'corp'"), problem.getMessage());
        assertTrue(problem.getMessage().contains("port '99999'"), problem.getMessage());
        assertEquals(
                List.of(),
                new SettingsXml(directory.resolve("none.xml"), false, Map.of(), PublishLog.SILENT, security())
                        .proxies());
    }

    @Test
    void badXmlNamesItsLineAndAGivenMissingFileIsAProblem() throws Exception {
        Path file = Files.writeString(directory.resolve("settings.xml"), "<settings>\n  <servers>\n</settings>\n");

        UserProblemException bad = assertThrows(
                UserProblemException.class, () -> settingsXml(file, Map.of()).of("site"));
        UserProblemException missing = assertThrows(
                UserProblemException.class,
                () -> new SettingsXml(directory.resolve("none.xml"), true, Map.of(), PublishLog.SILENT, security())
                        .of("site"));

        assertTrue(bad.getMessage().startsWith(file + ":3:"), bad.getMessage());
        assertTrue(missing.getMessage().contains("--settings"), missing.getMessage());
    }

    @Test
    void refusesADoctype() throws Exception {
        Path file = Files.writeString(
                directory.resolve("settings.xml"),
                "<?xml version=\"1.0\"?>\n"
                        + "<!DOCTYPE settings [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<settings/>\n");

        assertThrows(
                UserProblemException.class, () -> settingsXml(file, Map.of()).of("site"));
    }
}
