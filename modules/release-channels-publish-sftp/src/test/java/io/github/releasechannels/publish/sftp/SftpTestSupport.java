// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.sftp;

import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.PublishGuard;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.publish.PublishReport;
import io.github.releasechannels.publish.PublishRequest;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.TargetOptions;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.publish.ssh.SshOptions;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Sites from channels.yaml text, credentials, and a publish through the sftp factory as the Mojo does it. */
final class SftpTestSupport {

    private SftpTestSupport() {}

    static Site site(String channelsYaml) throws Exception {
        return new SiteRenderer()
                .render(
                        new ChannelsFileParser().parse(channelsYaml.getBytes(StandardCharsets.UTF_8), "channels.yaml"),
                        Source.untracked("channels.yaml"));
    }

    static Credentials password(String password) {
        return new Credentials(
                Optional.empty(),
                Optional.of(password),
                Optional.empty(),
                Optional.empty(),
                "settings.xml server 'www'");
    }

    static Credentials privateKey(Path key, String passphrase) {
        return new Credentials(
                Optional.empty(),
                Optional.empty(),
                Optional.of(key),
                Optional.of(passphrase),
                "settings.xml server 'www'");
    }

    static Retry attempts(int attempts) {
        return new Retry(attempts, Duration.ofMillis(1), Duration.ofMillis(1), duration -> {});
    }

    static TargetSettings settings(Credentials credentials, Path knownHosts, Retry retry, Path work)
            throws InvalidTargetException {
        return new TargetSettings(
                Optional.of(credentials),
                TargetOptions.parse(Map.of(SshOptions.KNOWN_HOSTS, knownHosts.toString())),
                Map.of(),
                work,
                retry);
    }

    static PublishReport publish(String uri, TargetSettings settings, Site site, boolean dryRun, PublishLog log)
            throws Exception {
        try (Publisher publisher = new SftpPublisherFactory().create(uri, settings)) {
            return publisher.publish(site, new PublishRequest(dryRun, HeaderPolicy.defaults(), PublishGuard.NONE, log));
        }
    }
}
