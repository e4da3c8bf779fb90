// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real SSH git server on a free loopback port (Apache MINA sshd serving JGit's upload-pack and receive-pack for
 * {@code /pages.git}). It accepts one user's public key only; its host key is fresh for every server (P-256 unless
 * given).
 */
final class GitSshServer implements AutoCloseable {

    static final String USER = "git";

    private final SshServer server;
    private final KeyPair hostKey;

    GitSshServer(Repository repository, PublicKey clientKey) throws Exception {
        this(repository, clientKey, ecKeyPair());
    }

    GitSshServer(Repository repository, PublicKey clientKey, KeyPair hostKey) throws Exception {
        this.hostKey = hostKey;
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator(
                (user, key, session) -> USER.equals(user) && KeyUtils.compareKeys(key, clientKey));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory((channel, command) -> new GitCommand(repository, command));
        server.start();
    }

    static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    /** Writes {@code key} as an OpenSSH private key file, encrypted when {@code passphrase} is set. */
    static void writePrivateKey(KeyPair key, String passphrase, Path file) throws Exception {
        OpenSSHKeyEncryptionContext encryption = null;
        if (passphrase != null) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setPassword(passphrase);
            encryption.setCipherName("AES");
            encryption.setCipherMode("CTR");
            encryption.setCipherType("256");
            // One bcrypt round instead of ssh-keygen's 16: the file is encrypted and read the same way, and each
            // test that writes it and each publish that reads it does not pay seconds of key derivation.
            encryption.setKdfRounds(1);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test", encryption, out);
        }
    }

    /** A known_hosts file listing {@code key} as this server's host key. */
    void writeKnownHosts(Path file, PublicKey key) throws IOException {
        Files.writeString(
                file,
                "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(key) + "\n",
                StandardCharsets.US_ASCII);
    }

    PublicKey hostKey() {
        return hostKey.getPublic();
    }

    String target() {
        return "git+ssh://" + USER + "@127.0.0.1:" + server.getPort() + "/pages.git";
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** {@code git-upload-pack '/pages.git'} or {@code git-receive-pack '/pages.git'} on the one repository. */
    private static final class GitCommand implements Command {
        private final Repository repository;
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        GitCommand(Repository repository, String command) {
            this.repository = repository;
            this.command = command;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            Thread thread = new Thread(this::serve, "git-ssh " + command);
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            List<String> words = List.of(command.split(" ", 2));
            try {
                if (words.size() != 2 || !words.get(1).replace("'", "").equals("/pages.git")) {
                    err.write(("no such repository: " + command + "\n").getBytes(StandardCharsets.UTF_8));
                    err.flush();
                    exit.onExit(1);
                } else if (words.get(0).equals("git-upload-pack")) {
                    new UploadPack(repository).upload(in, out, err);
                    exit.onExit(0);
                } else if (words.get(0).equals("git-receive-pack")) {
                    new ReceivePack(repository).receive(in, out, err);
                    exit.onExit(0);
                } else {
                    exit.onExit(127, "unknown command " + words.get(0));
                }
            } catch (IOException | RuntimeException e) {
                exit.onExit(1, String.valueOf(e.getMessage()));
            }
        }

        @Override
        public void destroy(ChannelSession channel) {}

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }
    }
}
