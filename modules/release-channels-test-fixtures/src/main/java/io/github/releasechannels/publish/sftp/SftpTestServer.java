// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.sftp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real Apache MINA SSHD server with the SFTP subsystem on a free loopback port, serving a directory, accepting
 * one user by password and by public key, and recording every change it makes (writes, renames, removals, mkdirs, chmods)
 * relative to the site directory {@link #SITE}.
 */
final class SftpTestServer implements AutoCloseable {

    static final String USER = "deploy";
    static final String SITE = "/srv/updates";

    private final SshServer sshd;
    private final Path root;
    private final List<String> events = new ArrayList<>();
    /** Renames still allowed before the server drops the session; negative: never drop. */
    private final AtomicInteger renamesBeforeDrop = new AtomicInteger(-1);

    private SftpTestServer(SshServer sshd, Path root) {
        this.sshd = sshd;
        this.root = root;
    }

    /** A server whose host key is generated once into {@code hostKeyFile} (and reused when it exists). */
    static SftpTestServer start(
            Path root, Path hostKeyFile, String password, PublicKey authorizedKey, Map<String, Object> properties)
            throws IOException {
        return start(root, new SimpleGeneratorHostKeyProvider(hostKeyFile), password, authorizedKey, properties);
    }

    static SftpTestServer start(
            Path root,
            KeyPairProvider hostKeys,
            String password,
            PublicKey authorizedKey,
            Map<String, Object> properties)
            throws IOException {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(hostKeys);
        sshd.setPasswordAuthenticator((user, given, session) -> USER.equals(user) && password.equals(given));
        sshd.setPublickeyAuthenticator((user, key, session) ->
                USER.equals(user) && authorizedKey != null && KeyUtils.compareKeys(authorizedKey, key));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        properties.forEach((name, value) -> sshd.getProperties().put(name, value));
        SftpTestServer server = new SftpTestServer(sshd, root);
        SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder().build();
        sftp.addSftpEventListener(server.new Recorder());
        sshd.setSubsystemFactories(List.of(sftp));
        sshd.start();
        return server;
    }

    int port() {
        return sshd.getPort();
    }

    String uri() {
        return "sftp://" + USER + "@127.0.0.1:" + port() + SITE;
    }

    /** The site directory on the local disk. */
    Path site() {
        return root.resolve(SITE.substring(1));
    }

    /** The server's (first) host key. */
    PublicKey hostKey() throws Exception {
        return sshd.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
    }

    /** The OpenSSH known_hosts line for {@code key} at this server's {@code [127.0.0.1]:port}. */
    String knownHostsLine(PublicKey key) {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key) + "\n";
    }

    /** The same, with the host name hashed as {@code HashKnownHosts yes} writes it. */
    String hashedKnownHostsLine(PublicKey key) throws Exception {
        byte[] salt = new byte[20];
        new java.security.SecureRandom().nextBytes(salt);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(salt, "HmacSHA1"));
        byte[] hash = mac.doFinal(("[127.0.0.1]:" + port()).getBytes(StandardCharsets.US_ASCII));
        Base64.Encoder base64 = Base64.getEncoder();
        return "|1|" + base64.encodeToString(salt) + "|" + base64.encodeToString(hash) + " "
                + PublicKeyEntry.toString(key) + "\n";
    }

    /** Drops the client's session when it asks for the rename after {@code renames} more renames. */
    void dropSessionAfterRenames(int renames) {
        renamesBeforeDrop.set(renames);
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized void clearEvents() {
        events.clear();
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }

    static KeyPair generateKeyPair(String algorithm, int size) throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance(algorithm);
        generator.initialize(size);
        return generator.generateKeyPair();
    }

    private synchronized void record(String event) {
        events.add(event);
    }

    /** Paths relative to the site directory, as the server sees them. */
    private static String relative(Path path) {
        String text = path.toString().replace('\\', '/');
        return text.startsWith(SITE + "/") ? text.substring(SITE.length() + 1) : text;
    }

    private final class Recorder implements SftpEventListener {

        @Override
        public void written(
                ServerSession session,
                String remoteHandle,
                FileHandle localHandle,
                long offset,
                byte[] data,
                int dataOffset,
                int dataLen,
                Throwable thrown) {
            if (thrown == null) {
                record("write " + relative(localHandle.getFile()));
            }
        }

        @Override
        public void moving(ServerSession session, Path srcPath, Path dstPath, Collection<CopyOption> opts)
                throws IOException {
            if (renamesBeforeDrop.get() >= 0 && renamesBeforeDrop.getAndDecrement() == 0) {
                session.close(true);
                throw new IOException("test server dropped the session");
            }
        }

        @Override
        public void moved(
                ServerSession session, Path srcPath, Path dstPath, Collection<CopyOption> opts, Throwable thrown) {
            if (thrown == null) {
                record("rename " + relative(srcPath) + " -> " + relative(dstPath));
            }
        }

        @Override
        public void removed(ServerSession session, Path path, boolean isDirectory, Throwable thrown) {
            if (thrown == null) {
                record((isDirectory ? "rmdir " : "remove ") + relative(path));
            }
        }

        @Override
        public void modifiedAttributes(ServerSession session, Path path, Map<String, ?> attrs, Throwable thrown) {
            if (thrown == null && attrs.get("permissions") instanceof Set<?> permissions) {
                @SuppressWarnings("unchecked")
                Set<PosixFilePermission> posix = (Set<PosixFilePermission>) permissions;
                record("chmod " + PosixFilePermissions.toString(posix) + " " + relative(path));
            }
        }

        @Override
        public void created(ServerSession session, Path path, Map<String, ?> attrs, Throwable thrown) {
            if (thrown == null) {
                record("mkdir " + relative(path));
            }
        }
    }
}
