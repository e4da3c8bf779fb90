// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import static io.github.releasechannels.promote.GitHistory.channels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history reader's memory does not grow with the history's length: it walks a history many times larger than
 * its heap, in a JVM of its own with a small heap.
 */
class ChannelHistoryMemoryTest {

    /** Each revision's size: the history holds {@link #COMMITS} of them, over twice the child's heap. */
    private static final int FILE_BYTES = 1024 * 1024;

    private static final int COMMITS = 80;
    private static final String HEAP = "-Xmx32m";

    @TempDir
    Path temp;

    @Test
    void readingALongHistoryKeepsOnlyABoundedPartOfItInMemory() throws Exception {
        Path directory = temp.resolve("repo");
        ObjectId first;
        try (GitHistory git = GitHistory.init(directory)) {
            // A long comment makes each revision large; every commit bumps 'fleet', so each older revision is derived
            // from the newer one, and 'canary' never changes, so the walk reads every revision.
            String padding = ("# " + "x".repeat(77) + "\n").repeat(FILE_BYTES / 80);
            Instant time = Instant.parse("2026-01-01T00:00:00Z");
            first = git.commit(time, channels("canary", "17.3.0", "fleet", "1.0.0") + padding);
            ObjectId commit = first;
            for (int i = 1; i < COMMITS; i++) {
                commit = git.commit(
                        time.plus(Duration.ofHours(i)),
                        channels("canary", "17.3.0", "fleet", "1.0." + i) + padding,
                        commit);
            }
            git.head(commit);
        }
        Path log = temp.resolve("read.log");
        Process read = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        HEAP,
                        "-cp",
                        System.getProperty("java.class.path"),
                        HistoryReadMain.class.getName(),
                        directory.toString(),
                        "canary",
                        "17.3.0")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(read.waitFor(300, TimeUnit.SECONDS), "the read did not end");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, read.exitValue(), output);
        assertTrue(output.contains("start: " + first.name()), output);
    }
}
