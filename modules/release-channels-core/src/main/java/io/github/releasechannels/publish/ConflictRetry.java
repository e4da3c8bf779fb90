// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * How an atomic target's conflict (another publish committed first, nothing of this one became visible) is retried:
 * planned again on top of the other publish, the guard included, after a backoff that doubles, at most
 * {@link #ATTEMPTS} times.
 */
final class ConflictRetry {

    /** How often an atomic target's conflict is planned again before giving up. */
    static final int ATTEMPTS = 5;

    private final String target;
    private final Retry.Sleeper sleeper;
    private Duration backoff;

    ConflictRetry(String target, Retry.Sleeper sleeper, Duration firstBackoff) {
        this.target = target;
        this.sleeper = sleeper;
        this.backoff = firstBackoff;
    }

    /**
     * After {@code attempt} lost to {@code conflict}: waits before the next attempt, or gives up after the last.
     *
     * @throws ConcurrentPublishException after the last attempt
     */
    void afterConflict(int attempt, String conflict, PublishLog log) throws IOException {
        if (attempt == ATTEMPTS) {
            throw new ConcurrentPublishException(conflict + " while this one ran, " + attempt + " times in a "
                    + "row; its last write was rejected like the ones before. Nothing was forced "
                    + "and this publish changed nothing. Run the publish again from the newest commit: it "
                    + "plans from what the target holds and the downgrade guard checks it.");
        }
        log.warn(conflict + " while this one ran; planning again on top "
                + "of it, the downgrade guard included, in " + backoff.toMillis() + " ms (attempt "
                + (attempt + 1) + " of " + ATTEMPTS + ")");
        try {
            sleeper.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to publish to " + target);
        }
        backoff = backoff.multipliedBy(2);
    }
}
