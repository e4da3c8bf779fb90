// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.guard;

import io.github.releasechannels.model.ChannelChange;
import java.util.List;

/**
 * What a publish changes for agents, channel by channel and for the Managed Updates v2 versions, compared with what
 * they get now, and the downgrades among those changes.
 *
 * @param origin     where the current state was read, e.g. {@code published, per the target's release-channels.json}
 * @param changes    every channel, in {@link ChannelChange#between} order
 * @param rollout    every {@code managed_updates} version old → new; empty when none is declared or none was
 *                   recorded where the current state was read
 * @param downgrades the channels and v2 versions that go down, allowed or not
 */
public record ChannelPlan(
        String origin, List<ChannelChange> changes, List<RolloutChange> rollout, List<Downgrade> downgrades) {

    public ChannelPlan {
        changes = List.copyOf(changes);
        rollout = List.copyOf(rollout);
        downgrades = List.copyOf(downgrades);
    }

    /** A plan of channels only. */
    public ChannelPlan(String origin, List<ChannelChange> changes, List<Downgrade> downgrades) {
        this(origin, changes, List.of(), downgrades);
    }

    public List<Downgrade> refused() {
        return downgrades.stream().filter(downgrade -> !downgrade.allowed()).toList();
    }

    public boolean changesNothing() {
        return changes.stream().allMatch(change -> change.kind() == ChannelChange.Kind.UNCHANGED)
                && rollout.stream().noneMatch(RolloutChange::changed);
    }
}
