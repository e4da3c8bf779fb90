// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.net.SocketTimeoutException;
import java.nio.channels.InterruptedByTimeoutException;
import java.time.Duration;

/**
 * How long one remote operation (a connect, a login, one request and its answer) may wait on the network before it
 * counts as failed: option {@code timeoutSeconds} ({@link CommonOptions}), 30 s unless set. A stalled operation then fails as a retryable
 * {@link java.io.IOException} instead of hanging the build, and {@link Retry} tries it again.
 */
public record NetworkTimeout(Duration duration) {

    public static final String OPTION = "timeoutSeconds";
    public static final int DEFAULT_SECONDS = 30;
    static final int MAX_SECONDS = 600;
    public static final NetworkTimeout DEFAULT = new NetworkTimeout(Duration.ofSeconds(DEFAULT_SECONDS));

    public int seconds() {
        return (int) duration.toSeconds();
    }

    /** The words failure messages use, e.g. {@code timed out after 30 s (releaseChannels.timeoutSeconds)}. */
    public String timedOut() {
        return "timed out after " + seconds() + " s (releaseChannels." + OPTION + ")";
    }

    /** Whether a socket read or connect timed out somewhere in {@code error}'s causes. */
    public static boolean isSocketTimeout(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause instanceof InterruptedByTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
