package io.github.releasechannels.model;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The validated content of a {@code channels.yaml}: every channel, sorted by name, the optional maintenance
 * window (Managed Updates v1), the optional {@code managed_updates} section (v2) and the freezes, in file order.
 */
public record ChannelsConfig(List<Channel> channels, Optional<MaintenanceWindow> maintenance,
        Optional<ManagedUpdates> managedUpdates, List<Freeze> freezes) {

    public ChannelsConfig {
        channels = channels.stream().sorted(Comparator.comparing(Channel::name)).toList();
        freezes = List.copyOf(freezes);
    }

    /** A configuration without freezes. */
    public ChannelsConfig(List<Channel> channels, Optional<MaintenanceWindow> maintenance,
            Optional<ManagedUpdates> managedUpdates) {
        this(channels, maintenance, managedUpdates, List.of());
    }

    /** The channel called {@code name}, if declared. */
    public Optional<Channel> channel(String name) {
        return channels.stream().filter(channel -> channel.name().equals(name)).findFirst();
    }

    /** A configuration without Managed Updates v2. */
    public ChannelsConfig(List<Channel> channels, Optional<MaintenanceWindow> maintenance) {
        this(channels, maintenance, Optional.empty());
    }
}
