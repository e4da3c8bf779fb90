// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChannelsConfigTest {

    private static Channel channel(String name) {
        SourceLocation at = new SourceLocation("channels.yaml", 1, 1);
        return new Channel(
                name, Version.parse("17.0.0").orElseThrow(), false, false, at, at, Optional.empty(), Optional.empty());
    }

    @Test
    void everyDeclaredChannelIsFoundByNameAndNoOther() {
        // Given out of order, and with names that sort around each other: 'stable' < 'stable/v17' < 'stable2'.
        List<String> names = List.of("stable2", "canary", "stable/v17", "a", "stable", "current", "zz/last");
        List<Channel> channels = new ArrayList<>();
        names.forEach(name -> channels.add(channel(name)));
        ChannelsConfig config = new ChannelsConfig(channels, Optional.empty());
        for (String name : names) {
            assertEquals(name, config.channel(name).map(Channel::name).orElse("none"), name);
        }
        for (String absent : List.of("", "0", "b", "stable/", "stable/v1", "stable3", "zzz", "Canary")) {
            assertEquals(Optional.empty(), config.channel(absent), absent);
        }
        assertEquals(Optional.empty(), new ChannelsConfig(List.of(), Optional.empty()).channel("canary"));
    }
}
