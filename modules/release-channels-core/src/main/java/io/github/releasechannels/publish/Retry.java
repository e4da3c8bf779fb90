// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * Retries transient target failures with exponential backoff. The classification is by type, decided where the
 * failure is understood (each store, the git publisher): a {@link TargetException} is deterministic (a refused
 * credential, a missing bucket, a path outside the target, an unreadable manifest, a 403 or 404 that will not
 * change) and fails at once with its own advice; any other {@link IOException} (a dropped connection, a timeout, a
 * 5xx or throttling answer) is retried.
 */
public final class Retry {

    /** One operation against a target. */
    @FunctionalInterface
    public interface Operation<T> {
        T run() throws IOException;
    }

    /** Waits between attempts; tests replace it to run without sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Sleeper sleeper;

    public Retry(int maxAttempts, Duration initialDelay, Duration maxDelay, Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.sleeper = sleeper;
    }

    /** Four attempts, waiting 0.5 s, 1 s and 2 s between them. */
    public static Retry defaults() {
        return new Retry(
                4, Duration.ofMillis(500), Duration.ofSeconds(8), duration -> Thread.sleep(duration.toMillis()));
    }

    public <T> T run(String what, PublishLog log, Operation<T> operation) throws IOException {
        Duration delay = initialDelay;
        for (int attempt = 1; ; attempt++) {
            try {
                return operation.run();
            } catch (TargetException e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= maxAttempts) {
                    throw new IOException(
                            "gave up after " + attempt + (attempt == 1 ? " attempt" : " attempts") + " to " + what
                                    + ": " + e.getMessage(),
                            e);
                }
                log.warn("Could not " + what + " (" + e.getMessage() + "); retrying in " + delay.toMillis() + " ms");
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting to retry: " + what);
                }
                delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
            }
        }
    }
}
