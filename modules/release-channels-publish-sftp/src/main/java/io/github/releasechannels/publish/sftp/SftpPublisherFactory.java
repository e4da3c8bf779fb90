// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.sftp;

import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.NetworkTimeout;
import io.github.releasechannels.publish.OptionsKind;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.PublisherFactory;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.publish.ssh.SshOptions;
import java.util.List;

/**
 * {@code sftp://deploy@www.example.com/var/www/teleport-updates}: a web server's docroot over SFTP, with the host
 * key checked against known_hosts ({@code releaseChannels.knownHosts}) and a key or password from the settings.xml
 * server.
 */
public final class SftpPublisherFactory implements PublisherFactory {

    @Override
    public List<String> schemes() {
        return List.of("sftp");
    }

    @Override
    public String example() {
        return "sftp://deploy@www.example.com/var/www/teleport-updates";
    }

    @Override
    public List<OptionsKind<?>> options() {
        return List.of(SshOptions.KIND);
    }

    @Override
    public Publisher create(String target, TargetSettings settings) throws InvalidTargetException {
        SftpTarget parsed = SftpTarget.parse(target, settings.credentials());
        NetworkTimeout timeout = settings.common().timeout();
        boolean hasSecret = settings.credentials()
                .filter(c -> c.privateKey().isPresent() || c.password().isPresent())
                .isPresent();
        if (!hasSecret) {
            throw new InvalidTargetException(
                    target,
                    "releaseChannels.target '" + target + "' needs credentials: "
                            + "set releaseChannels.serverId to a settings.xml <server> with a <privateKey> (and "
                            + "<passphrase> if it is encrypted) or a <password>.");
        }
        SftpStore store = new SftpStore(
                parsed, settings.options().of(SshOptions.class).knownHosts(), settings.credentials(), timeout);
        return PublishPipeline.forStore(store, settings);
    }
}
