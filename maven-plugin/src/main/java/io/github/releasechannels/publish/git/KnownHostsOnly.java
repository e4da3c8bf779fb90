package io.github.releasechannels.publish.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

/**
 * Accepts a server only when its host key is listed for it in one known_hosts file; unknown and changed keys are
 * refused, nothing is ever added to the file, and the user's ssh configuration cannot relax the check.
 */
final class KnownHostsOnly implements ServerKeyDatabase {

    private static final String REVOKED = "revoked";

    private final Path knownHosts;

    KnownHostsOnly(Path knownHosts) {
        this.knownHosts = knownHosts;
    }

    @Override
    public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
        List<PublicKey> keys = new ArrayList<>();
        for (KnownHostEntry entry : entriesFor(connectAddress, remoteAddress)) {
            if (!REVOKED.equals(entry.getMarker())) {
                resolve(entry).ifPresent(keys::add);
            }
        }
        return keys;
    }

    @Override
    public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
            Configuration config, CredentialsProvider provider) {
        boolean listed = false;
        for (KnownHostEntry entry : entriesFor(connectAddress, remoteAddress)) {
            boolean same = resolve(entry).filter(key -> KeyUtils.compareKeys(key, serverKey)).isPresent();
            if (same && REVOKED.equals(entry.getMarker())) {
                return false;
            }
            listed |= same && entry.getMarker() == null;
        }
        return listed;
    }

    private List<KnownHostEntry> entriesFor(String connectAddress, InetSocketAddress remoteAddress) {
        List<KnownHostEntry> all;
        try {
            all = KnownHostEntry.readKnownHostEntries(knownHosts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read known_hosts file " + knownHosts, e);
        }
        Set<String> hosts = new LinkedHashSet<>();
        int port = remoteAddress.getPort();
        String address = connectAddress == null ? "" : connectAddress;
        if (address.startsWith("[") && address.contains("]")) {
            hosts.add(address.substring(1, address.indexOf(']')));
        } else if (address.indexOf(':') > 0 && address.indexOf(':') == address.lastIndexOf(':')) {
            hosts.add(address.substring(0, address.indexOf(':')));
        } else if (!address.isEmpty()) {
            hosts.add(address);
        }
        hosts.add(remoteAddress.getHostString());
        return all.stream().filter(entry -> hosts.stream().anyMatch(host -> entry.isHostMatch(host, port))).toList();
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
}
