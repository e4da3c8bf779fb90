package io.github.releasechannels.guard;

import io.github.releasechannels.model.SourceLocation;
import io.github.releasechannels.model.Version;
import java.util.Optional;

/**
 * A channel whose version goes down: refused unless allowed.
 *
 * @param channel   the channel
 * @param from      the version published or served now
 * @param to        the version channels.yaml declares
 * @param origin    where {@code from} was read, for messages
 * @param location  the channel's declaration in channels.yaml
 * @param allowedBy what allows it ({@code 'allow_downgrade: true' on the channel}, {@code -D...}); empty: refused
 */
public record Downgrade(String channel, Version from, Version to, String origin, SourceLocation location,
        Optional<String> allowedBy) {

    public boolean allowed() {
        return allowedBy.isPresent();
    }

    /** What happens, without the location: {@code channel 'current' goes down from 14.2.1 (origin) to 14.2.0}. */
    public String message() {
        return "channel '" + channel + "' goes down from " + from + " (" + origin + ") to " + to;
    }

    /** How to allow it, or what allowed it. */
    public String fix() {
        return allowedBy.map(by -> "allowed by " + by)
                .orElse("every agent on it would downgrade. If that is intended, add 'allow_downgrade: true' to "
                        + "channel '" + channel + "' in channels.yaml, or allow it for this run only with -D"
                        + DowngradeGuard.ALLOW_PROPERTY + "=true.");
    }

    /** The log line and refusal reason: the message, the declaration, and the fix. */
    @Override
    public String toString() {
        return message() + " (" + location + ")" + (allowed() ? "; " : ": ") + fix();
    }
}
