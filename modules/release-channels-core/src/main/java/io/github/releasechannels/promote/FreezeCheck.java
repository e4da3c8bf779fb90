// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import io.github.releasechannels.model.ChannelChange;
import io.github.releasechannels.model.ChannelState;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Freeze;
import io.github.releasechannels.model.SourceLocation;
import io.github.releasechannels.model.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The hand changes a freeze stops: each channel whose version changes, or that is removed, while a freeze of the
 * new file applies. A critical channel's change goes through with a warning (the fix that must reach agents now); a
 * channel that is added is not stopped, as no agent follows it yet. For {@code check} and {@code deploy}.
 */
public final class FreezeCheck {

    private FreezeCheck() {}

    /**
     * A change made during a freeze.
     *
     * @param change   the change, old and new
     * @param freeze   the freeze that applies (the first declared, when several do)
     * @param until    when changes are allowed again (after this freeze and any that follows it); empty when never
     *                 (every weekday frozen)
     * @param critical whether the channel is critical: then the change is allowed, with a warning
     */
    public record FrozenChange(ChannelChange change, Freeze freeze, Optional<Instant> until, boolean critical) {

        public FrozenChange {
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(freeze, "freeze");
        }

        /** Where the channel is declared, or the freeze for a removed channel. */
        public SourceLocation location() {
            return change.location().orElse(freeze.location());
        }

        /**
         * {@code current: version 17.2.1 → 17.3.0 during the freeze 'year-end change freeze' (channels.yaml:21);
         * changes are allowed again from 2027-01-04 00:00 UTC}.
         */
        public String describe() {
            return change.describe() + " during the freeze " + freeze.describe()
                    + until.map(end -> "; changes are allowed again from " + UtcTime.due(end))
                            .orElse("; every day is frozen")
                    + (critical ? "; allowed, as the channel is critical" : "");
        }

        /** How to get the change through, for a change that is refused. */
        public String fix() {
            return "wait until the freeze ends, or set 'critical: true' on the channel if this change must reach "
                    + "its agents now";
        }
    }

    /**
     * The changes from {@code before} to {@code after} that a freeze of {@code after} covers at {@code at}.
     *
     * @param before what each channel holds now (from git or the target), by name
     */
    public static List<FrozenChange> check(Map<String, ChannelState> before, ChannelsConfig after, Instant at) {
        return check(ChannelChange.between(before, after), after, at);
    }

    /**
     * The changes of {@code changes} (from what each channel holds now to {@code after}, such as a publish plan's)
     * that a freeze of {@code after} covers at {@code at}.
     */
    public static List<FrozenChange> check(List<ChannelChange> changes, ChannelsConfig after, Instant at) {
        List<Freeze> freezes = Freeze.covering(after.freezes(), at);
        List<FrozenChange> frozen = new ArrayList<>();
        if (freezes.isEmpty()) {
            return frozen;
        }
        Freeze freeze = freezes.get(0);
        for (ChannelChange change : changes) {
            boolean removed = change.kind() == ChannelChange.Kind.REMOVED;
            boolean versionChanged = change.kind() == ChannelChange.Kind.CHANGED
                    && !sameVersion(
                            change.before().orElseThrow().version(),
                            change.after().orElseThrow().version());
            if (removed || versionChanged) {
                boolean critical = change.after().map(ChannelState::critical).orElse(false);
                frozen.add(new FrozenChange(change, freeze, Freeze.firstOpen(after.freezes(), at), critical));
            }
        }
        return frozen;
    }

    /** Whether two recorded versions are one version ({@code v17.2.1} and {@code 17.2.1} are). */
    private static boolean sameVersion(String one, String other) {
        Optional<Version> parsed = Version.parse(one);
        return parsed.isPresent() ? parsed.equals(Version.parse(other)) : one.equals(other);
    }
}
