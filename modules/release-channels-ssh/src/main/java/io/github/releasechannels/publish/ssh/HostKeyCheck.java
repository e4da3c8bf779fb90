// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.ssh;

import io.github.releasechannels.publish.TargetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * The one host key rule of SFTP and git+ssh: strict checking against one known_hosts file (hashed entries and
 * {@code [host]:port} entries included). A host that is not listed, that presents another key than the ones listed
 * for it, or whose key is marked {@code @revoked} is refused, and why, with the server's fingerprint and how to fix it, is
 * kept for the error message. Nothing is ever added to the file, and no ssh configuration can relax the check.
 */
public final class HostKeyCheck {

    /** The port OpenSSH leaves out of known_hosts names. */
    public static final int DEFAULT_PORT = 22;

    private static final String REVOKED = "revoked";

    private final Path knownHosts;
    private final AtomicReference<String> rejection = new AtomicReference<>();

    public HostKeyCheck(Path knownHosts) {
        this.knownHosts = knownHosts;
    }

    public Path knownHosts() {
        return knownHosts;
    }

    /** How OpenSSH names a host in known_hosts and on the command line: {@code [host]:port} unless port 22. */
    public static String knownHostsName(String host, int port) {
        return port == DEFAULT_PORT ? host : "[" + host + "]:" + port;
    }

    /**
     * Whether {@code presented} is listed for the host; when it is not, why is kept for {@link #rejection()}.
     *
     * @param host    the host as the user named it, first in messages
     * @param aliases other names of the same host to look for (e.g. the address connected to)
     */
    public boolean accept(String host, Collection<String> aliases, int port, PublicKey presented) {
        String name = knownHostsName(host, port);
        List<KnownHostEntry> entries;
        try {
            entries = entriesFor(host, aliases, port);
        } catch (TargetException e) {
            rejection.set(e.getMessage());
            return false;
        }
        PublicKey listedOther = null;
        boolean listed = false;
        for (KnownHostEntry entry : entries) {
            Optional<PublicKey> key = resolve(entry);
            if (key.isEmpty()) {
                continue;
            }
            boolean same = KeyUtils.compareKeys(key.get(), presented);
            if (same && REVOKED.equals(entry.getMarker())) {
                rejection.set("The SSH host key " + describe(presented) + " of " + name + " is marked @revoked in "
                        + knownHosts + ". Nothing was published.");
                return false;
            }
            listed |= same && entry.getMarker() == null;
            boolean sameType = KeyUtils.getKeyType(key.get()).equals(KeyUtils.getKeyType(presented));
            if (!same && entry.getMarker() == null && (listedOther == null || sameType)) {
                listedOther = key.get();
            }
        }
        if (listed) {
            return true;
        }
        // Any other key listed for the host makes this one a change, as OpenSSH and MINA SSHD see it.
        rejection.set(
                listedOther != null
                        ? changedKeyMessage(host, port, listedOther, presented)
                        : unknownHostMessage(host, port, presented));
        return false;
    }

    /** A verifier for MINA SSHD's client, for the host as the user named it. */
    public ServerKeyVerifier verifier(String host, int port) {
        return (session, address, key) -> accept(host, List.of(), port, key);
    }

    /** Why the last connection's host key was refused, if it was. */
    public Optional<String> rejection() {
        return Optional.ofNullable(rejection.get());
    }

    /** Forgets the last refusal, before a new connection. */
    public void reset() {
        rejection.set(null);
    }

    /** The keys listed for the host and not revoked; a missing file lists none. */
    public List<PublicKey> listedKeys(String host, Collection<String> aliases, int port) throws TargetException {
        List<PublicKey> keys = new ArrayList<>();
        for (KnownHostEntry entry : entriesFor(host, aliases, port)) {
            if (entry.getMarker() == null) {
                resolve(entry).ifPresent(keys::add);
            }
        }
        return keys;
    }

    /**
     * The key types known_hosts lists for this host, so the client can ask the server for one of those first:
     * a server usually has several host keys and known_hosts often holds only one of them.
     */
    public Set<String> knownKeyTypes(String host, int port) throws TargetException {
        Set<String> types = new LinkedHashSet<>();
        for (KnownHostEntry entry : entriesFor(host, List.of(), port)) {
            if (entry.getKeyEntry() != null && entry.getMarker() == null) {
                types.add(KeyUtils.getCanonicalKeyType(entry.getKeyEntry().getKeyType()));
            }
        }
        return types;
    }

    private List<KnownHostEntry> entriesFor(String host, Collection<String> aliases, int port) throws TargetException {
        if (!Files.isRegularFile(knownHosts)) {
            return List.of();
        }
        List<KnownHostEntry> all;
        try {
            all = KnownHostEntry.readKnownHostEntries(knownHosts);
        } catch (IOException | RuntimeException e) {
            throw new TargetException(
                    "Cannot read the known_hosts file " + knownHosts + " (" + e.getMessage()
                            + "); fix it or set releaseChannels.knownHosts to another file",
                    e);
        }
        Set<String> names = new LinkedHashSet<>();
        names.add(host);
        names.addAll(aliases);
        return all.stream()
                .filter(entry -> names.stream().anyMatch(name -> entry.isHostMatch(name, port)))
                .toList();
    }

    /** The entry's key; empty for a line this parser cannot turn into a key (such a line never accepts). */
    private static Optional<PublicKey> resolve(KnownHostEntry entry) {
        if (entry.getKeyEntry() == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(entry.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.IGNORING));
        } catch (IOException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private String unknownHostMessage(String host, int port, PublicKey key) {
        return "The SSH host key of " + knownHostsName(host, port) + " is not in " + knownHosts + " (the server "
                + "presented " + describe(key) + "). Nothing was published; the key is never accepted blindly. "
                + "Compare this fingerprint with the one the server's administrator sees (on the server: "
                + "ssh-keygen -lf /etc/ssh/ssh_host_" + shortType(key) + "_key.pub), then add the key: "
                + addCommand(host, port) + " (or set releaseChannels.knownHosts to a known_hosts file that lists "
                + "it).";
    }

    private String changedKeyMessage(String host, int port, PublicKey expected, PublicKey actual) {
        String name = knownHostsName(host, port);
        return "The SSH host key of " + name + " does NOT match " + knownHosts + ": it lists "
                + describe(expected) + " but the server presented " + describe(actual) + ". Nothing was published. "
                + "This is what a man-in-the-middle attack looks like, or the server was reinstalled. Confirm the "
                + "new fingerprint with the server's administrator out-of-band; only then replace the entry: "
                + "ssh-keygen -R '" + name + "' -f " + knownHosts + " && " + addCommand(host, port) + ".";
    }

    private String addCommand(String host, int port) {
        return "ssh-keyscan -p " + port + " " + host + " >> " + knownHosts;
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
