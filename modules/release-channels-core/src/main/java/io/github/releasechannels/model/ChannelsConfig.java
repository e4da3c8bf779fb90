package io.github.releasechannels.model;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The validated content of a {@code channels.yaml}: every channel, sorted by name, the optional maintenance
 * window (Managed Updates v1) and the optional {@code managed_updates} section (v2).
 */
public record ChannelsConfig(List<Channel> channels, Optional<MaintenanceWindow> maintenance,
        Optional<ManagedUpdates> managedUpdates) {

    public ChannelsConfig {
        channels = channels.stream().sorted(Comparator.comparing(Channel::name)).toList();
    }

    /** A configuration without Managed Updates v2. */
    public ChannelsConfig(List<Channel> channels, Optional<MaintenanceWindow> maintenance) {
        this(channels, maintenance, Optional.empty());
    }
}
