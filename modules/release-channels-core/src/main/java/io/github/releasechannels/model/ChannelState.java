// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.model;

import io.github.releasechannels.text.LogText;
import java.util.Objects;

/**
 * What agents on one channel are told: a version and whether the update is critical. The version is text because a
 * previous manifest or a live site may hold something that is not a version; it is kept escaped
 * ({@link LogText#escape}), as every plan, log line and summary shows it.
 */
public record ChannelState(String version, boolean critical) {

    public ChannelState {
        version = LogText.escape(Objects.requireNonNull(version, "version"));
    }

    public static ChannelState of(Channel channel) {
        return new ChannelState(channel.version().toString(), channel.critical());
    }
}
