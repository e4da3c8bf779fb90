// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.NetworkTimeout;
import io.github.releasechannels.publish.OptionsKind;
import io.github.releasechannels.publish.PublishLock;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.PublisherFactory;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.publish.ssh.SshOptions;
import io.github.releasechannels.site.SiteFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code git+https://github.com/acme/teleport-updates.git#gh-pages}, {@code git+ssh://git@host/repo.git} and
 * {@code git+file:///srv/git/pages.git}: a branch of a git repository (default {@code gh-pages}).
 * {@code git+http} is accepted only for localhost, so a token never travels unencrypted.
 */
public final class GitPublisherFactory implements PublisherFactory {

    static final String EXAMPLE = "git+https://github.com/acme/teleport-updates.git#gh-pages";

    @Override
    public List<String> schemes() {
        return List.of("git+https", "git+ssh", "git+file", "git+http");
    }

    @Override
    public String example() {
        return EXAMPLE;
    }

    @Override
    public List<OptionsKind<?>> options() {
        return List.of(GitOptions.KIND, SshOptions.KIND);
    }

    @Override
    public Publisher create(String target, TargetSettings settings) throws InvalidTargetException, IOException {
        return create(target, settings, duration -> Thread.sleep(duration.toMillis()));
    }

    /** With {@code sleeper} waiting between push attempts; tests pass one that does not sleep. */
    PublishPipeline create(String target, TargetSettings settings, Retry.Sleeper sleeper)
            throws InvalidTargetException, IOException {
        GitTarget parsed =
                GitTarget.parse(target, settings.options().of(GitOptions.class).directory());
        NetworkTimeout timeout = settings.common().timeout();
        GitAuth auth = GitAuth.forTarget(parsed, settings);
        // One commit is applied at once, so parallelism and the lock do not apply.
        return new PublishPipeline(
                new GitBranchTarget(
                        parsed, auth, workRepository(settings.workDirectory(), parsed), timeout, settings.retry()),
                settings.retry(),
                PublishLock.Policy.DEFAULT,
                1,
                sleeper,
                Duration.ofSeconds(1));
    }

    /** One private repository per remote and branch, so two targets in one build never share one. */
    static Path workRepository(Path workDirectory, GitTarget target) {
        String key = target.remote() + "#" + target.branch();
        return workDirectory
                .resolve("git")
                .resolve(SiteFile.sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 16) + ".git");
    }
}
