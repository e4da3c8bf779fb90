// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import static io.github.releasechannels.publish.git.GitTestSupport.TWO_CHANNELS;
import static io.github.releasechannels.publish.git.GitTestSupport.request;
import static io.github.releasechannels.publish.git.GitTestSupport.site;
import static io.github.releasechannels.publish.git.GitTestSupport.tip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.testing.RealServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code git+ssh://} to a real SSH git server, with a passphrase-protected key and a strict known_hosts file. */
@RealServer
class GitSshPublisherTest extends GitPublisherContract {

    static final String PASSPHRASE = "planted-PASSPHRASE-4711";

    @TempDir
    Path remoteDir;

    private Repository remote;
    private GitSshServer server;
    private Path privateKey;
    private Path knownHosts;

    @BeforeEach
    void startServer() throws Exception {
        remote = GitTestSupport.bareRepository(remoteDir.resolve("pages.git"));
        KeyPair clientKey = GitSshServer.ecKeyPair();
        privateKey = remoteDir.resolve("id_ecdsa");
        GitSshServer.writePrivateKey(clientKey, PASSPHRASE, privateKey);
        server = new GitSshServer(remote, clientKey.getPublic());
        knownHosts = remoteDir.resolve("known_hosts");
        server.writeKnownHosts(knownHosts, server.hostKey());
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
        remote.close();
    }

    @Override
    Repository remote() {
        return remote;
    }

    @Override
    String target() {
        return server.target();
    }

    @Override
    TargetSettings settings(Map<String, String> options) throws InvalidTargetException {
        Map<String, String> withKnownHosts = new HashMap<>(options);
        withKnownHosts.put("knownHosts", knownHosts.toString());
        return GitTestSupport.settings(
                work,
                withKnownHosts,
                Map.of(),
                Optional.of(new Credentials(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(privateKey),
                        Optional.of(PASSPHRASE),
                        "settings.xml server 'pages'")));
    }

    @Override
    void failNextPush(PublishPipeline publisher) {
        GitTestSupport.beforePush(publisher, attempt -> {
            throw new TargetException("connection lost (simulated)");
        });
    }

    @Override
    void publishConcurrentlyDuringNextPush(PublishPipeline publisher, Map<String, String> files) {
        GitTestSupport.beforePush(publisher, attempt -> {
            if (attempt == 1) {
                try {
                    GitTestSupport.commitOnBranch(remote, BRANCH, files, "Concurrent publish");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    @Test
    void describeNamesTheKeyAndKnownHostsButNoPassphrase() throws Exception {
        try (PublishPipeline publisher = GitTestSupport.publisher(target(), settings(Map.of()))) {
            assertTrue(
                    publisher.describe().contains("SSH key " + privateKey + " from settings.xml server 'pages'"),
                    publisher.describe());
            assertTrue(publisher.describe().contains(knownHosts.toString()), publisher.describe());
            assertFalse(publisher.describe().contains(PASSPHRASE));
        }
    }

    @Test
    void ed25519HostKeyAndEd25519ClientKeyWork() throws Exception {
        KeyPair clientKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        Path ed25519Key = remoteDir.resolve("id_ed25519");
        GitSshServer.writePrivateKey(clientKey, PASSPHRASE, ed25519Key);
        try (Repository ed25519Remote = GitTestSupport.bareRepository(remoteDir.resolve("ed25519/pages.git"));
                GitSshServer ed25519Server = new GitSshServer(
                        ed25519Remote,
                        clientKey.getPublic(),
                        KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256))) {
            assertEquals(KeyPairProvider.SSH_ED25519, KeyUtils.getKeyType(ed25519Server.hostKey()));
            Path ed25519KnownHosts = remoteDir.resolve("known_hosts_ed25519");
            ed25519Server.writeKnownHosts(ed25519KnownHosts, ed25519Server.hostKey());
            TargetSettings settings = GitTestSupport.settings(
                    work,
                    Map.of("knownHosts", ed25519KnownHosts.toString()),
                    Map.of(),
                    Optional.of(new Credentials(
                            Optional.empty(),
                            Optional.empty(),
                            Optional.of(ed25519Key),
                            Optional.of(PASSPHRASE),
                            "settings.xml server 'pages'")));

            try (PublishPipeline publisher = GitTestSupport.publisher(ed25519Server.target(), settings)) {
                publisher.publish(site(TWO_CHANNELS), request(log));
            }

            assertTrue(tip(ed25519Remote, BRANCH).isPresent(), "pushed over ssh-ed25519");
        }
    }

    @Test
    void aServerWhoseHostKeyIsNotInKnownHostsIsRefused() throws Exception {
        server.writeKnownHosts(knownHosts, GitSshServer.ecKeyPair().getPublic());
        try (PublishPipeline publisher = GitTestSupport.publisher(target(), settings(Map.of()))) {
            TargetException error =
                    assertThrows(TargetException.class, () -> publisher.publish(site(TWO_CHANNELS), request(log)));
            assertTrue(error.getMessage().contains("known_hosts"), error.getMessage());
            assertFalse(error.getMessage().contains(PASSPHRASE));
        }
        assertTrue(tip(remote, BRANCH).isEmpty());
        log.lines().forEach(line -> assertFalse(line.contains(PASSPHRASE), line));
    }

    @Test
    void anUnknownHostKeyIsRefusedInTheWordsOfSftpWithItsFingerprintAndHowToAddIt() throws Exception {
        Files.writeString(knownHosts, "");
        try (PublishPipeline publisher = GitTestSupport.publisher(target(), settings(Map.of()))) {
            TargetException error =
                    assertThrows(TargetException.class, () -> publisher.publish(site(TWO_CHANNELS), request(log)));
            String port = target().replaceAll(".*127\\.0\\.0\\.1:([0-9]+)/.*", "$1");
            assertTrue(
                    error.getMessage()
                            .startsWith("The SSH host key of [127.0.0.1]:" + port + " is not in " + knownHosts),
                    error.getMessage());
            assertTrue(error.getMessage().contains(KeyUtils.getFingerPrint(server.hostKey())), error.getMessage());
            assertTrue(
                    error.getMessage().contains("ssh-keyscan -p " + port + " 127.0.0.1 >> " + knownHosts),
                    error.getMessage());
        }
        assertTrue(tip(remote, BRANCH).isEmpty());
    }

    @Test
    void aChangedHostKeyIsRefusedAsAPossibleAttackNamingBothFingerprints() throws Exception {
        PublicKey listed = GitSshServer.ecKeyPair().getPublic();
        server.writeKnownHosts(knownHosts, listed);
        try (PublishPipeline publisher = GitTestSupport.publisher(target(), settings(Map.of()))) {
            TargetException error =
                    assertThrows(TargetException.class, () -> publisher.publish(site(TWO_CHANNELS), request(log)));
            assertTrue(error.getMessage().contains("does NOT match"), error.getMessage());
            assertTrue(error.getMessage().contains(KeyUtils.getFingerPrint(listed)), error.getMessage());
            assertTrue(error.getMessage().contains(KeyUtils.getFingerPrint(server.hostKey())), error.getMessage());
        }
    }

    @Test
    void aWrongPassphraseIsReportedAsSftpReportsItWithoutQuotingTheKey() throws Exception {
        TargetSettings wrong = GitTestSupport.settings(
                work,
                Map.of("knownHosts", knownHosts.toString()),
                Map.of(),
                Optional.of(new Credentials(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(privateKey),
                        Optional.of("not-the-" + PASSPHRASE),
                        "settings.xml server 'pages'")));

        TargetException error = assertThrows(
                TargetException.class,
                () -> GitTestSupport.publisher(target(), wrong).close());

        assertTrue(
                error.getMessage()
                        .startsWith("Cannot read the SSH private key " + privateKey
                                + " named by settings.xml server 'pages'"),
                error.getMessage());
        assertTrue(error.getMessage().contains("that the server's <passphrase> is right"), error.getMessage());
        assertFalse(error.getMessage().contains(PASSPHRASE), error.getMessage());
        assertFalse(
                error.getMessage()
                        .contains(Files.readString(privateKey)
                                .lines()
                                .skip(1)
                                .findFirst()
                                .orElseThrow()),
                error.getMessage());
    }
}
