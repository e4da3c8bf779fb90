// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.guard;

import io.github.releasechannels.model.SourceLocation;
import io.github.releasechannels.model.Version;
import java.util.Optional;

/**
 * A channel, or a Managed Updates v2 version, that goes down: refused unless allowed.
 *
 * @param channel   the channel; empty for a {@code managed_updates} version
 * @param setting   what goes down: {@code version} for a channel, else e.g. {@code managed_updates target_version}
 * @param from      the version published or served now
 * @param to        the version channels.yaml declares
 * @param origin    where {@code from} was read, for messages
 * @param location  where channels.yaml writes {@code to}: the line a pull request changes
 * @param allowedBy what allows it ({@code 'allow_downgrade: true' on the channel}, {@code -D...}); empty: refused
 */
public record Downgrade(
        Optional<String> channel,
        String setting,
        Version from,
        Version to,
        String origin,
        SourceLocation location,
        Optional<String> allowedBy) {

    /** A channel's version going down. */
    public static Downgrade ofChannel(
            String channel,
            Version from,
            Version to,
            String origin,
            SourceLocation location,
            Optional<String> allowedBy) {
        return new Downgrade(Optional.of(channel), "version", from, to, origin, location, allowedBy);
    }

    /** A {@code managed_updates} version going down, e.g. {@link RolloutChange#subject()}. */
    public static Downgrade ofRollout(
            String setting,
            Version from,
            Version to,
            String origin,
            SourceLocation location,
            Optional<String> allowedBy) {
        return new Downgrade(Optional.empty(), setting, from, to, origin, location, allowedBy);
    }

    public boolean allowed() {
        return allowedBy.isPresent();
    }

    /** {@code channel 'current'} or {@code managed_updates target_version}. */
    public String subject() {
        return channel.map(name -> "channel '" + name + "'").orElse(setting);
    }

    /** What happens, without the location: {@code channel 'current' goes down from 14.2.1 (origin) to 14.2.0}. */
    public String message() {
        return subject() + " goes down from " + from + " (" + origin + ") to " + to;
    }

    /** How to allow it, or what allowed it. */
    public String fix() {
        if (allowedBy.isPresent()) {
            return "allowed by " + allowedBy.get();
        }
        String forRun = ", or allow it for this run only with -D" + DowngradeGuard.ALLOW_PROPERTY + "=true.";
        if (channel.isPresent()) {
            return "every agent on it would downgrade. If that is intended, add 'allow_downgrade: true' to channel '"
                    + channel.get() + "' in channels.yaml" + forRun;
        }
        String who = setting.endsWith("tools.target_version")
                ? "tsh and tctl would update themselves down to " + to
                : setting.endsWith("start_version")
                        ? "new agents would install " + to
                        : "every v2 agent would be told to run " + to;
        // The section the setting is in: managed_updates, or clusters.<name>.managed_updates for a named cluster.
        String section = setting.substring(0, setting.indexOf(' '));
        return who + ". If that is intended, add 'allow_downgrade: true' to '" + section + "' in channels.yaml"
                + forRun;
    }

    /** The log line and refusal reason: the message, the declaration, and the fix. */
    @Override
    public String toString() {
        return message() + " (" + location + ")" + (allowed() ? "; " : ": ") + fix();
    }
}
