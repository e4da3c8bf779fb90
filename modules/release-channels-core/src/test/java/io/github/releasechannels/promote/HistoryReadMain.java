// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import io.github.releasechannels.model.Version;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;

/**
 * Reads one channel's run from a repository's history in a JVM of its own, so {@link ChannelHistoryMemoryTest} can
 * bound its heap. Usage: {@code HistoryReadMain <repository> <channel> <version>}; prints the run's start.
 */
public final class HistoryReadMain {

    private HistoryReadMain() {}

    public static void main(String[] args) throws Exception {
        try (Repository repository = Git.open(Path.of(args[0]).toFile()).getRepository()) {
            SourceRun run = new ChannelHistory(repository, GitHistory.FILE)
                    .read(Map.of(args[1], Version.parse(args[2]).orElseThrow()))
                    .run(args[1]);
            System.out.println(
                    "start: " + run.start().map(SourceRun.Start::commit).orElse("none"));
        }
    }
}
