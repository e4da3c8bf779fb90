package io.github.releasechannels.model;

import java.util.Objects;

/**
 * What agents on one channel are told: a version and whether the update is critical. The version is text because a
 * previous manifest or a live site may hold something that is not a version.
 */
public record ChannelState(String version, boolean critical) {

    public ChannelState {
        Objects.requireNonNull(version, "version");
    }

    public static ChannelState of(Channel channel) {
        return new ChannelState(channel.version().toString(), channel.critical());
    }
}
