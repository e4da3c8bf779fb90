// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * A server's request log read from where the last read stopped up to a marker request: the marker is sent after the
 * measured run and is logged after all of its requests, so waiting for it makes sure none is missed.
 */
final class RequestLog {

    private final Path file;
    /** Turns a log line into {@code METHOD PATH QUERY STATUS COPY-SOURCE}, or null for a line that is no request. */
    private final Function<String, String> normalise;

    private long readUpTo;

    RequestLog(Path file, Function<String, String> normalise) {
        this.file = file;
        this.normalise = normalise;
    }

    RequestCounts drain(S3Server server) throws IOException, InterruptedException {
        String marker = "/" + S3Server.MARKER_BUCKET + "/.marker-" + UUID.randomUUID();
        server.status("HEAD", marker);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            byte[] all = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            String fresh = new String(all, (int) readUpTo, all.length - (int) readUpTo, StandardCharsets.UTF_8);
            int end = fresh.indexOf(marker);
            if (end >= 0) {
                int lineEnd = fresh.indexOf('\n', end);
                if (lineEnd >= 0) {
                    readUpTo += fresh.substring(0, lineEnd + 1).getBytes(StandardCharsets.UTF_8).length;
                    List<String> lines = fresh.substring(0, fresh.lastIndexOf('\n', end) + 1)
                            .lines()
                            .map(normalise)
                            .filter(line -> line != null)
                            .toList();
                    return RequestCounts.of(lines);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the marker request never reached the server's log " + file);
            }
            Thread.sleep(20);
        }
    }
}
