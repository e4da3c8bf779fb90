// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.sftp;

import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.NetworkTimeout;
import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.ssh.HostKeyCheck;
import io.github.releasechannels.publish.ssh.PrivateKeys;
import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * The SSH session and SFTP channel of a store: the server's host key checked against known_hosts, only the
 * settings.xml key or password offered (nothing from {@code ~/.ssh}), every connect, login and request bounded by
 * the timeout. Not thread-safe: the store uses it under its own lock.
 */
final class SftpConnection {

    private final SftpTarget target;
    private final Optional<Credentials> credentials;
    private final HostKeyCheck hostKeys;
    private final NetworkTimeout timeout;

    private SshClient client;
    private ClientSession session;
    private SftpClient sftp;
    private List<KeyPair> keys;

    SftpConnection(
            SftpTarget target, HostKeyCheck hostKeys, Optional<Credentials> credentials, NetworkTimeout timeout) {
        this.target = target;
        this.credentials = credentials;
        this.hostKeys = hostKeys;
        this.timeout = timeout;
    }

    /** The credential source and the host key check, safe to log. */
    String describe() {
        String auth = credentials
                .map(c -> {
                    List<String> methods = new ArrayList<>();
                    c.privateKey().ifPresent(key -> methods.add("private key " + key));
                    c.password().ifPresent(password -> methods.add("password"));
                    return String.join(" or ", methods) + " from " + c.source();
                })
                .orElse("no credentials");
        return auth + "; host key checked against " + hostKeys.knownHosts();
    }

    /** The open SFTP channel, empty when there is none or its session dropped. */
    Optional<SftpClient> open() {
        if (sftp != null && sftp.isOpen() && session != null && session.isOpen() && !session.isClosing()) {
            return Optional.of(sftp);
        }
        return Optional.empty();
    }

    /** The current session, null when none is open; for telling a timeout from another failure. */
    ClientSession session() {
        return session;
    }

    /** Drops what is left of the current session and opens a new one. */
    SftpClient connect() throws IOException {
        disconnect();
        List<KeyPair> identities = keys();
        SshClient client = client();
        hostKeys.reset();
        ClientSession opened = null;
        try {
            opened = client.connect(target.user(), target.host(), target.port())
                    .verify(timeout.duration())
                    .getSession();
            identities.forEach(opened::addPublicKeyIdentity);
            credentials.flatMap(Credentials::password).ifPresent(opened::addPasswordIdentity);
            opened.auth().verify(timeout.duration());
            SftpClient opening = SftpClientFactory.instance().createSftpClient(opened);
            session = opened;
            sftp = opening;
            return opening;
        } catch (IOException e) {
            if (opened != null) {
                opened.close(true);
            }
            throw connectionFailure(opened, e);
        }
    }

    private IOException connectionFailure(ClientSession opened, IOException e) {
        String where = target.host() + ":" + target.port();
        Optional<String> rejectedHostKey = hostKeys.rejection();
        if (rejectedHostKey.isPresent()) {
            return new TargetException(rejectedHostKey.get());
        }
        if (hasDisconnectCode(e, SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE)) {
            return new TargetException("Authentication as '" + target.user() + "' on " + where + " failed with "
                    + authDescription() + ". Check the user, the <password> or <privateKey> of the settings.xml "
                    + "server, and that the key is in the server's authorized_keys.");
        }
        if (SftpErrors.isTimeout(opened, e)) {
            return new IOException(
                    "Opening an SFTP session on " + where + " " + timeout.timedOut() + " (" + e.getMessage() + ")", e);
        }
        return new IOException("Cannot open an SFTP session on " + where + ": " + e.getMessage(), e);
    }

    private static boolean hasDisconnectCode(Throwable e, int code) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SshException ssh && ssh.getDisconnectCode() == code) {
                return true;
            }
        }
        return false;
    }

    private String authDescription() {
        return credentials
                .map(c -> (c.privateKey().isPresent()
                                ? "the private key " + c.privateKey().get()
                                : "")
                        + (c.privateKey().isPresent() && c.password().isPresent() ? " and " : "")
                        + (c.password().isPresent() ? "the password" : "") + " from " + c.source())
                .orElse("no credentials");
    }

    private List<KeyPair> keys() throws TargetException {
        if (keys == null) {
            keys = credentials.isPresent() ? PrivateKeys.load(credentials.get()) : List.of();
        }
        return keys;
    }

    private SshClient client() throws IOException {
        if (client == null) {
            SshClient created = SshClient.setUpDefaultClient();
            created.setServerKeyVerifier(hostKeys.verifier(target.host(), target.port()));
            // Only the settings.xml credentials and nothing from ~/.ssh/config or ~/.ssh/id_*: what describe() says.
            created.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
            created.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
            created.setSignatureFactories(preferKnownKeyTypes(created.getSignatureFactories()));
            Duration limit = timeout.duration();
            CoreModuleProperties.IO_CONNECT_TIMEOUT.set(created, limit);
            CoreModuleProperties.AUTH_TIMEOUT.set(created, limit);
            SftpModuleProperties.SFTP_CHANNEL_OPEN_TIMEOUT.set(created, limit);
            // How long one SFTP request waits for its answer (and the session may sit idle). Each request is small
            // (a site file of a few bytes, a 32 KiB chunk at most, a rename), so it gets the same bound as a
            // connect; the four times as long used before had no reason beyond caution.
            CoreModuleProperties.IDLE_TIMEOUT.set(created, limit);
            created.start();
            client = created;
        }
        return client;
    }

    /** The client's host key algorithms, those known_hosts lists for this host first (as OpenSSH orders them). */
    private List<NamedFactory<Signature>> preferKnownKeyTypes(List<NamedFactory<Signature>> factories)
            throws IOException {
        Set<String> known = hostKeys.knownKeyTypes(target.host(), target.port());
        Predicate<NamedFactory<Signature>> isKnown =
                factory -> known.contains(KeyUtils.getCanonicalKeyType(factory.getName()));
        List<NamedFactory<Signature>> ordered = new ArrayList<>(factories);
        ordered.sort(Comparator.comparing(factory -> !isKnown.test(factory)));
        return ordered;
    }

    void disconnect() {
        try {
            if (sftp != null) {
                sftp.close();
            }
        } catch (IOException e) {
            // The session is being replaced or closed; the old channel's state does not matter.
        } finally {
            sftp = null;
            if (session != null) {
                session.close(true);
                session = null;
            }
        }
    }

    void close() {
        disconnect();
        if (client != null) {
            client.stop();
            client = null;
        }
    }
}
