// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.TargetSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** {@code git+file://} to a bare repository on disk. */
class GitFilePublisherTest extends GitPublisherContract {

    @TempDir
    Path remoteDir;

    private Repository remote;

    @BeforeEach
    void createRemote() throws IOException {
        remote = GitTestSupport.bareRepository(remoteDir.resolve("pages.git"));
    }

    @AfterEach
    void closeRemote() {
        remote.close();
    }

    @Override
    Repository remote() {
        return remote;
    }

    @Override
    String target() {
        return "git+" + remoteDir.resolve("pages.git").toUri();
    }

    @Override
    TargetSettings settings(Map<String, String> options) throws InvalidTargetException {
        return GitTestSupport.settings(work, options, Map.of(), Optional.empty());
    }

    @Override
    void failNextPush(PublishPipeline publisher) {
        GitTestSupport.beforePush(publisher, attempt -> {
            throw new TargetException("connection lost (simulated)");
        });
    }

    @Override
    void publishConcurrentlyDuringNextPush(PublishPipeline publisher, Map<String, String> files) {
        GitTestSupport.beforePush(publisher, attempt -> {
            if (attempt == 1) {
                try {
                    GitTestSupport.commitOnBranch(remote, BRANCH, files, "Concurrent publish");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }
}
