package io.github.releasechannels.publish.sftp;

import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.NetworkTimeout;
import io.github.releasechannels.publish.PublishLock;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.PublisherFactory;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.TargetSettings;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code sftp://deploy@www.example.com/var/www/teleport-updates}: a web server's docroot over SFTP, with the host
 * key checked against known_hosts ({@code releaseChannels.knownHosts}) and a key or password from the settings.xml
 * server.
 */
public final class SftpPublisherFactory implements PublisherFactory {

    static final String KNOWN_HOSTS_OPTION = "knownHosts";

    @Override
    public List<String> schemes() {
        return List.of("sftp");
    }

    @Override
    public String example() {
        return "sftp://deploy@www.example.com/var/www/teleport-updates";
    }

    @Override
    public Publisher create(String target, TargetSettings settings) throws InvalidTargetException {
        SftpTarget parsed = SftpTarget.parse(target, settings.credentials());
        NetworkTimeout timeout = NetworkTimeout.of(settings);
        boolean hasSecret = settings.credentials()
                .filter(c -> c.privateKey().isPresent() || c.password().isPresent()).isPresent();
        if (!hasSecret) {
            throw new InvalidTargetException(target, "releaseChannels.target '" + target + "' needs credentials: "
                    + "set releaseChannels.serverId to a settings.xml <server> with a <privateKey> (and "
                    + "<passphrase> if it is encrypted) or a <password>.");
        }
        SftpStore store = new SftpStore(parsed, knownHosts(settings), settings.credentials(), timeout);
        return PublishPipeline.forStore(store, settings.retry(), PublishLock.Policy.from(settings),
                PublishPipeline.parallelism(settings));
    }

    static Path knownHosts(TargetSettings settings) throws InvalidTargetException {
        String value = settings.option(KNOWN_HOSTS_OPTION)
                .orElse(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts").toString());
        try {
            return Path.of(value).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new InvalidTargetException(value, "releaseChannels.knownHosts '" + value + "' is not a valid "
                    + "path; give the known_hosts file, e.g. ~/.ssh/known_hosts written out in full");
        }
    }
}
