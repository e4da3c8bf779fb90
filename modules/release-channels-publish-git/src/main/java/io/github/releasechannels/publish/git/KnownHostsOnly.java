// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.ssh.HostKeyCheck;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

/**
 * JGit's view of the one host key rule ({@link HostKeyCheck}), which SFTP uses too: JGit's SSH transport runs on the
 * same Apache MINA SSHD, but asks a {@link ServerKeyDatabase} instead of taking MINA's verifier, so this adapts
 * one to the other. Unknown, changed and revoked keys are refused, nothing is ever added to the file, and the
 * user's ssh configuration cannot relax the check.
 */
final class KnownHostsOnly implements ServerKeyDatabase {

    private final HostKeyCheck check;

    KnownHostsOnly(HostKeyCheck check) {
        this.check = check;
    }

    @Override
    public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
        Host host = Host.of(connectAddress, remoteAddress);
        try {
            return check.listedKeys(host.name(), host.aliases(), remoteAddress.getPort());
        } catch (TargetException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean accept(
            String connectAddress,
            InetSocketAddress remoteAddress,
            PublicKey serverKey,
            Configuration config,
            CredentialsProvider provider) {
        Host host = Host.of(connectAddress, remoteAddress);
        return check.accept(host.name(), host.aliases(), remoteAddress.getPort(), serverKey);
    }

    /** The host as the URL named it ({@code host} or {@code [host]:port} from JGit) and the address reached. */
    private record Host(String name, List<String> aliases) {

        static Host of(String connectAddress, InetSocketAddress remoteAddress) {
            String address = connectAddress == null ? "" : connectAddress;
            String name;
            if (address.startsWith("[") && address.contains("]")) {
                name = address.substring(1, address.indexOf(']'));
            } else if (address.indexOf(':') > 0 && address.indexOf(':') == address.lastIndexOf(':')) {
                name = address.substring(0, address.indexOf(':'));
            } else {
                name = address;
            }
            List<String> aliases = new ArrayList<>();
            aliases.add(remoteAddress.getHostString());
            return name.isEmpty() ? new Host(remoteAddress.getHostString(), List.of()) : new Host(name, aliases);
        }
    }
}
