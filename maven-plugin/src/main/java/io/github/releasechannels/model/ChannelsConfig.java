package io.github.releasechannels.model;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The validated content of a {@code channels.yaml}: every channel, sorted by name, and the optional maintenance
 * window.
 */
public record ChannelsConfig(List<Channel> channels, Optional<MaintenanceWindow> maintenance) {

    public ChannelsConfig {
        channels = channels.stream().sorted(Comparator.comparing(Channel::name)).toList();
    }
}
