package io.github.releasechannels.guard;

import io.github.releasechannels.model.ChannelChange;
import java.util.List;

/**
 * What a publish changes for agents, channel by channel, compared with what they get now, and the downgrades among
 * those changes.
 *
 * @param origin     where the current state was read, e.g. {@code published, per the target's release-channels.json}
 * @param changes    every channel, in {@link ChannelChange#between} order
 * @param downgrades the channels that go down, allowed or not
 */
public record ChannelPlan(String origin, List<ChannelChange> changes, List<Downgrade> downgrades) {

    public ChannelPlan {
        changes = List.copyOf(changes);
        downgrades = List.copyOf(downgrades);
    }

    public List<Downgrade> refused() {
        return downgrades.stream().filter(downgrade -> !downgrade.allowed()).toList();
    }

    public boolean changesNothing() {
        return changes.stream().allMatch(change -> change.kind() == ChannelChange.Kind.UNCHANGED);
    }
}
