package io.github.releasechannels.publish.sftp;

import io.github.releasechannels.publish.TargetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * Strict host key checking against a known_hosts file (hashed entries and {@code [host]:port} entries included): a
 * host that is not listed, or that presents a different key, is refused, and the reason with the server's
 * fingerprint is kept for the error message. Nothing is ever added to the file.
 */
final class HostKeyCheck {

    private final SftpTarget target;
    private final Path knownHosts;
    private final AtomicReference<String> rejection = new AtomicReference<>();

    HostKeyCheck(SftpTarget target, Path knownHosts) {
        this.target = target;
        this.knownHosts = knownHosts;
    }

    Path knownHosts() {
        return knownHosts;
    }

    ServerKeyVerifier verifier() {
        ServerKeyVerifier rejectUnknown = (session, address, key) -> {
            rejection.set(unknownHostMessage(key));
            return false;
        };
        KnownHostsServerKeyVerifier verifier = new KnownHostsServerKeyVerifier(rejectUnknown, knownHosts) {
            @Override
            protected void handleRevokedKey(ClientSession session, java.net.SocketAddress address, PublicKey key) {
                rejection.set("The SSH host key " + describe(key) + " of " + target.knownHostsName()
                        + " is marked @revoked in " + knownHosts + ". Nothing was published.");
            }
        };
        verifier.setModifiedServerKeyAcceptor((session, address, entry, expected, actual) -> {
            rejection.set(changedKeyMessage(expected, actual));
            return false;
        });
        return verifier;
    }

    /** Why the last connection's host key was refused, if it was. */
    Optional<String> rejection() {
        return Optional.ofNullable(rejection.get());
    }

    void reset() {
        rejection.set(null);
    }

    /**
     * The key types known_hosts lists for this host, so the client can ask the server for one of those first:
     * a server usually has several host keys and known_hosts often holds only one of them.
     */
    Set<String> knownKeyTypes() throws TargetException {
        Set<String> types = new LinkedHashSet<>();
        if (!Files.isRegularFile(knownHosts)) {
            return types;
        }
        try {
            for (KnownHostEntry entry : KnownHostEntry.readKnownHostEntries(knownHosts)) {
                if (entry.getKeyEntry() != null && entry.getMarker() == null
                        && entry.isHostMatch(target.host(), target.port())) {
                    types.add(KeyUtils.getCanonicalKeyType(entry.getKeyEntry().getKeyType()));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new TargetException("Cannot read the known_hosts file " + knownHosts + " (" + e.getMessage()
                    + "); fix it or set releaseChannels.knownHosts to another file", e);
        }
        return types;
    }

    private String unknownHostMessage(PublicKey key) {
        return "The SSH host key of " + target.knownHostsName() + " is not in " + knownHosts + " (the server "
                + "presented " + describe(key) + "). Nothing was published; the key is never accepted blindly. "
                + "Compare this fingerprint with the one the server's administrator sees (on the server: "
                + "ssh-keygen -lf /etc/ssh/ssh_host_" + shortType(key) + "_key.pub), then add the key: "
                + addCommand() + " (or set releaseChannels.knownHosts to a known_hosts file that lists it).";
    }

    private String changedKeyMessage(PublicKey expected, PublicKey actual) {
        return "The SSH host key of " + target.knownHostsName() + " does NOT match " + knownHosts + ": it lists "
                + describe(expected) + " but the server presented " + describe(actual) + ". Nothing was published. "
                + "This is what a man-in-the-middle attack looks like, or the server was reinstalled. Confirm the "
                + "new fingerprint with the server's administrator out-of-band; only then replace the entry: "
                + "ssh-keygen -R '" + target.knownHostsName() + "' -f " + knownHosts + " && " + addCommand() + ".";
    }

    private String addCommand() {
        return "ssh-keyscan -p " + target.port() + " " + target.host() + " >> " + knownHosts;
    }

    private static String describe(PublicKey key) {
        return KeyUtils.getKeyType(key) + " key " + KeyUtils.getFingerPrint(key);
    }

    /** The host key file infix OpenSSH uses for the key's type: ed25519, ecdsa or rsa. */
    private static String shortType(PublicKey key) {
        String type = KeyUtils.getKeyType(key);
        return type.contains("ed25519") ? "ed25519" : type.startsWith("ecdsa") ? "ecdsa" : "rsa";
    }
}
