// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.model;

import io.github.releasechannels.text.LogText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one channel changes for its agents between what is published and a configuration: the plan shown by a dry
 * run, a deploy, a pull request's check and a publish commit's message.
 *
 * @param name     the channel; a removed one is named by the target's manifest, so it is kept escaped
 *                 ({@link LogText#escape})
 * @param before   what agents get now; empty for a channel that is added
 * @param after    what they will get; empty for a channel that is removed
 * @param location where the channel is declared; empty for a removed one
 */
public record ChannelChange(
        String name, Optional<ChannelState> before, Optional<ChannelState> after, Optional<SourceLocation> location) {

    /** The kind of change. */
    public enum Kind {
        ADDED,
        REMOVED,
        CHANGED,
        UNCHANGED
    }

    public ChannelChange {
        name = LogText.escape(name);
        if (before.isEmpty() && after.isEmpty()) {
            throw new IllegalArgumentException("channel '" + name + "' neither before nor after");
        }
    }

    /**
     * Every channel of {@code after} in name order, then every channel only {@code before} has, in name order.
     *
     * @param before what is published now, by channel name
     */
    public static List<ChannelChange> between(Map<String, ChannelState> before, ChannelsConfig after) {
        List<ChannelChange> changes = new ArrayList<>(after.channels().size() + 1);
        // One lookup per channel, no copy of the published map: on a large site most channels are in both.
        int published = 0;
        for (Channel channel : after.channels()) {
            ChannelState was = before.get(channel.name());
            if (was != null) {
                published++;
            }
            changes.add(new ChannelChange(
                    channel.name(),
                    Optional.ofNullable(was),
                    Optional.of(ChannelState.of(channel)),
                    Optional.of(channel.location())));
        }
        if (published < before.size()) {
            Set<String> kept = new HashSet<>(after.channels().size() * 2);
            after.channels().forEach(channel -> kept.add(channel.name()));
            // Few, if any: sorted here rather than the whole map kept sorted.
            before.keySet().stream()
                    .filter(name -> !kept.contains(name))
                    .sorted()
                    .forEach(name -> changes.add(new ChannelChange(
                            name, Optional.of(before.get(name)), Optional.empty(), Optional.empty())));
        }
        return List.copyOf(changes);
    }

    public Kind kind() {
        if (before.isEmpty()) {
            return Kind.ADDED;
        }
        if (after.isEmpty()) {
            return Kind.REMOVED;
        }
        return before.equals(after) ? Kind.UNCHANGED : Kind.CHANGED;
    }

    /**
     * The one wording of a change, everywhere it is shown: {@code current: version 14.2.1 → 14.2.2, critical no →
     * yes}, {@code canary: added (14.3.0)}, {@code edge: removed (was 16.0.0)}, {@code stable: unchanged (14.3.0)}.
     */
    public String describe() {
        return name + ": " + describeChange();
    }

    /** {@link #describe()} without the channel name. */
    public String describeChange() {
        return switch (kind()) {
            case ADDED -> "added (" + after.orElseThrow().version() + critical(after.orElseThrow()) + ")";
            case REMOVED -> "removed (was " + before.orElseThrow().version() + critical(before.orElseThrow()) + ")";
            case UNCHANGED -> "unchanged (" + after.orElseThrow().version() + critical(after.orElseThrow()) + ")";
            case CHANGED -> {
                ChannelState old = before.orElseThrow();
                ChannelState now = after.orElseThrow();
                List<String> parts = new ArrayList<>();
                if (!old.version().equals(now.version())) {
                    parts.add("version " + old.version() + " → " + now.version());
                }
                if (old.critical() != now.critical()) {
                    parts.add("critical " + yesNo(old.critical()) + " → " + yesNo(now.critical()));
                }
                yield String.join(", ", parts);
            }
        };
    }

    private static String critical(ChannelState state) {
        return state.critical() ? ", critical" : "";
    }

    public static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
