// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.sftp;

import static io.github.releasechannels.publish.sftp.SftpTestSupport.attempts;
import static io.github.releasechannels.publish.sftp.SftpTestSupport.password;
import static io.github.releasechannels.publish.sftp.SftpTestSupport.privateKey;
import static io.github.releasechannels.publish.sftp.SftpTestSupport.settings;
import static io.github.releasechannels.publish.sftp.SftpTestSupport.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.testing.RecordingLog;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host key checking against known_hosts, key and password authentication, and secrets kept out of every output. */
@RealServer
class SftpHostKeyAndAuthTest {

    static final String PLANTED_PASSWORD = "PLANTED-Secret-7f3b9e1d";
    static final String PLANTED_PASSPHRASE = "PLANTED-Passphrase-c41a";
    static final String MINIMAL = "channels:\n  current:\n    version: 14.2.1\n";

    @TempDir
    Path dir;

    SftpTestServer server;
    final RecordingLog log = new RecordingLog();

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private SftpTestServer start(PublicKey authorizedKey) throws Exception {
        server = SftpTestServer.start(
                Files.createDirectories(dir.resolve("root")),
                dir.resolve("host-key.ser"),
                PLANTED_PASSWORD,
                authorizedKey,
                Map.of());
        return server;
    }

    private Path knownHosts(String content) throws Exception {
        return Files.writeString(dir.resolve("known_hosts"), content);
    }

    private void publish(Credentials credentials, Path knownHosts) throws Exception {
        SftpTestSupport.publish(
                server.uri(), settings(credentials, knownHosts, attempts(2), dir), site(MINIMAL), false, log);
    }

    @Test
    void unknownHostKeyIsRejectedWithItsFingerprintAndHowToAddIt() throws Exception {
        start(null);
        Path knownHosts = knownHosts("# nothing for this host\n");

        TargetException e = assertThrows(TargetException.class, () -> publish(password(PLANTED_PASSWORD), knownHosts));

        String fingerprint = KeyUtils.getFingerPrint(server.hostKey());
        assertTrue(fingerprint.startsWith("SHA256:"), fingerprint);
        assertTrue(e.getMessage().contains(fingerprint), e.getMessage());
        assertTrue(
                e.getMessage().contains("ssh-keyscan -p " + server.port() + " 127.0.0.1 >> " + knownHosts),
                e.getMessage());
        assertEquals(List.of(), server.events());
        assertEquals("# nothing for this host\n", Files.readString(knownHosts), "known_hosts is never changed");
    }

    @Test
    void missingKnownHostsFileRejectsTheHost() throws Exception {
        start(null);

        TargetException e = assertThrows(
                TargetException.class, () -> publish(password(PLANTED_PASSWORD), dir.resolve("no-such-known_hosts")));

        assertTrue(e.getMessage().contains(KeyUtils.getFingerPrint(server.hostKey())), e.getMessage());
        assertFalse(Files.exists(dir.resolve("no-such-known_hosts")));
    }

    @Test
    void changedHostKeyIsRejected() throws Exception {
        start(null);
        PublicKey impostor = SftpTestServer.generateKeyPair("EC", 256).getPublic();
        Path knownHosts = knownHosts(server.knownHostsLine(impostor));

        TargetException e = assertThrows(TargetException.class, () -> publish(password(PLANTED_PASSWORD), knownHosts));

        assertTrue(e.getMessage().contains("does NOT match"), e.getMessage());
        assertTrue(e.getMessage().contains(KeyUtils.getFingerPrint(impostor)), e.getMessage());
        assertTrue(e.getMessage().contains(KeyUtils.getFingerPrint(server.hostKey())), e.getMessage());
        assertEquals(List.of(), server.events());
    }

    @Test
    void hashedKnownHostsEntryIsAccepted() throws Exception {
        start(null);

        publish(password(PLANTED_PASSWORD), knownHosts(server.hashedKnownHostsLine(server.hostKey())));

        assertEquals("14.2.1", Files.readString(server.site().resolve("current/version")));
    }

    @Test
    void hostKeyTypeListedInKnownHostsIsAskedForFirst() throws Exception {
        KeyPair ec = SftpTestServer.generateKeyPair("EC", 256);
        KeyPair rsa = SftpTestServer.generateKeyPair("RSA", 2048);
        server = SftpTestServer.start(
                Files.createDirectories(dir.resolve("root")),
                KeyPairProvider.wrap(ec, rsa),
                PLANTED_PASSWORD,
                null,
                Map.of());

        // Only the RSA key is known, as when known_hosts was filled by a client that negotiated RSA.
        publish(password(PLANTED_PASSWORD), knownHosts(server.knownHostsLine(rsa.getPublic())));

        assertEquals("14.2.1", Files.readString(server.site().resolve("current/version")));
    }

    @Test
    void ed25519HostKeyAndEncryptedEd25519ClientKeyWork() throws Exception {
        KeyPair host = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        KeyPair user = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        server = SftpTestServer.start(
                Files.createDirectories(dir.resolve("root")),
                KeyPairProvider.wrap(host),
                PLANTED_PASSWORD,
                user.getPublic(),
                Map.of());
        Path key = writeEncryptedPrivateKey(user, PLANTED_PASSPHRASE);

        publish(privateKey(key, PLANTED_PASSPHRASE), knownHosts(server.knownHostsLine(host.getPublic())));

        assertEquals(KeyPairProvider.SSH_ED25519, KeyUtils.getKeyType(server.hostKey()));
        assertEquals("14.2.1", Files.readString(server.site().resolve("current/version")));
    }

    @Test
    void passwordAuthenticationWorks() throws Exception {
        start(null);

        publish(password(PLANTED_PASSWORD), knownHosts(server.knownHostsLine(server.hostKey())));

        assertEquals("14.2.1", Files.readString(server.site().resolve("current/version")));
    }

    @Test
    void encryptedPrivateKeyAuthenticationWorks() throws Exception {
        KeyPair user = SftpTestServer.generateKeyPair("EC", 256);
        start(user.getPublic());
        Path key = writeEncryptedPrivateKey(user, PLANTED_PASSPHRASE);

        publish(privateKey(key, PLANTED_PASSPHRASE), knownHosts(server.knownHostsLine(server.hostKey())));

        assertEquals("14.2.1", Files.readString(server.site().resolve("current/version")));
    }

    @Test
    void keyTheServerDoesNotAuthorizeFailsAuthentication() throws Exception {
        start(SftpTestServer.generateKeyPair("EC", 256).getPublic());
        Path key = writeEncryptedPrivateKey(SftpTestServer.generateKeyPair("EC", 256), PLANTED_PASSPHRASE);

        TargetException e = assertThrows(
                TargetException.class,
                () -> publish(
                        privateKey(key, PLANTED_PASSPHRASE), knownHosts(server.knownHostsLine(server.hostKey()))));

        assertTrue(e.getMessage().contains("Authentication as 'deploy'"), e.getMessage());
        assertTrue(e.getMessage().contains("settings.xml server 'www'"), e.getMessage());
    }

    @Test
    void plantedSecretsAppearInNoLogLineExceptionMessageDescriptionOrPublishedFile() throws Exception {
        KeyPair user = SftpTestServer.generateKeyPair("EC", 256);
        start(user.getPublic());
        Path knownHosts = knownHosts(server.knownHostsLine(server.hostKey()));
        Path key = writeEncryptedPrivateKey(user, PLANTED_PASSPHRASE);
        Credentials both = new Credentials(
                Optional.empty(),
                Optional.of(PLANTED_PASSWORD),
                Optional.of(key),
                Optional.of(PLANTED_PASSPHRASE),
                "settings.xml server 'www'");

        // A successful publish, logging everything, and its description.
        try (Publisher publisher =
                new SftpPublisherFactory().create(server.uri(), settings(both, knownHosts, attempts(1), dir))) {
            assertNoSecret(publisher.describe());
        }
        publish(both, knownHosts);
        Site site = site(MINIMAL);
        for (SiteFile file : site.files()) {
            assertNoSecret(Files.readString(server.site().resolve(file.path())));
        }

        // Failures: wrong password, wrong passphrase, a password in the URI.
        Credentials wrongPassword = password(PLANTED_PASSWORD + "-wrong");
        assertNoSecretIn(assertThrows(TargetException.class, () -> publish(wrongPassword, knownHosts)));
        Credentials wrongPassphrase = privateKey(key, PLANTED_PASSPHRASE + "-wrong");
        assertNoSecretIn(assertThrows(TargetException.class, () -> publish(wrongPassphrase, knownHosts)));
        String uriWithPassword = server.uri().replace("deploy@", "deploy:" + PLANTED_PASSWORD + "@");
        assertNoSecretIn(assertThrows(
                InvalidTargetException.class,
                () -> new SftpPublisherFactory()
                        .create(uriWithPassword, settings(both, knownHosts, attempts(1), dir))));

        assertFalse(log.lines().isEmpty());
        log.lines().forEach(SftpHostKeyAndAuthTest::assertNoSecret);
    }

    private static void assertNoSecretIn(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertNoSecret(String.valueOf(t.getMessage()));
            assertNoSecret(t.toString());
            for (Throwable suppressed : t.getSuppressed()) {
                assertNoSecretIn(suppressed);
            }
        }
        if (thrown instanceof InvalidTargetException invalid) {
            assertNoSecret(invalid.target());
        }
    }

    private static void assertNoSecret(String text) {
        assertFalse(text.contains("PLANTED"), () -> "a secret leaked: " + text);
    }

    private Path writeEncryptedPrivateKey(KeyPair pair, String passphrase) throws Exception {
        OpenSSHKeyEncryptionContext encryption = new OpenSSHKeyEncryptionContext();
        encryption.setPassword(passphrase);
        encryption.setCipherName("AES");
        encryption.setCipherMode("CTR");
        encryption.setCipherType("256");
        Path file = dir.resolve("id_ecdsa-" + System.nanoTime());
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "deploy@test", encryption, out);
        }
        assertTrue(Files.readString(file, StandardCharsets.US_ASCII).contains("OPENSSH PRIVATE KEY"));
        return file;
    }
}
