package io.github.releasechannels.publish;

import java.net.SocketTimeoutException;
import java.nio.channels.InterruptedByTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * How long one remote operation (a connect, a login, one request and its answer) may wait on the network before it
 * counts as failed: option {@code timeoutSeconds}, 30 s unless set. A stalled operation then fails as a retryable
 * {@link java.io.IOException} instead of hanging the build, and {@link Retry} tries it again.
 */
public record NetworkTimeout(Duration duration) {

    public static final String OPTION = "timeoutSeconds";
    public static final int DEFAULT_SECONDS = 30;
    static final int MAX_SECONDS = 600;

    /** The timeout the settings ask for; the default when the option is not set. */
    public static NetworkTimeout of(TargetSettings settings) throws InvalidTargetException {
        Optional<String> value = settings.option(OPTION);
        if (value.isEmpty()) {
            return new NetworkTimeout(Duration.ofSeconds(DEFAULT_SECONDS));
        }
        int seconds;
        try {
            seconds = Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            seconds = 0;
        }
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new InvalidTargetException(value.get(), "releaseChannels." + OPTION + " '" + value.get()
                    + "' is not a whole number of seconds from 1 to " + MAX_SECONDS + "; write e.g. "
                    + DEFAULT_SECONDS + " (the default) or 120 for a slow link");
        }
        return new NetworkTimeout(Duration.ofSeconds(seconds));
    }

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
