// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.model.ChannelsConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The optional per-channel key {@code allow_downgrade} of channels.yaml format 1. */
class AllowDowngradeKeyTest {

    private static ChannelsConfig parse(String yaml) throws ChannelsFileException {
        return new ChannelsFileParser().parse(yaml.getBytes(StandardCharsets.UTF_8), "channels.yaml");
    }

    @Test
    void trueAllowsAndAbsentDoesNot() throws Exception {
        ChannelsConfig config = parse("""
                channels:
                  current:
                    version: 14.2.0
                    allow_downgrade: true
                  canary:
                    version: 14.3.0
                """);

        assertFalse(config.channels().get(0).allowDowngrade(), "canary");
        assertTrue(config.channels().get(1).allowDowngrade(), "current");
    }

    @Test
    void aQuotedValueIsNotABoolean() {
        ChannelsFileException e = assertThrows(ChannelsFileException.class, () -> parse("""
                channels:
                  current:
                    version: 14.2.0
                    allow_downgrade: "yes"
                """));

        assertTrue(e.getMessage().contains("channels.yaml:4:22"), e.getMessage());
        assertTrue(
                e.getMessage().contains("'allow_downgrade' is 'yes' (a quoted string), not a boolean"), e.getMessage());
    }

    @Test
    void aMisspelledKeyGetsADidYouMean() {
        ChannelsFileException e = assertThrows(ChannelsFileException.class, () -> parse("""
                channels:
                  current:
                    version: 14.2.0
                    allow_downgrades: true
                """));

        assertTrue(e.getMessage().contains("unknown key 'allow_downgrades' in channel 'current'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'allow_downgrade'?"), e.getMessage());
        assertEquals(1, e.getMessage().split("unknown key").length - 1);
    }
}
