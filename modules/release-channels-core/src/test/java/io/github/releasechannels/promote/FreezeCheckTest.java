// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.ChannelState;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.promote.FreezeCheck.FrozenChange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which hand changes a freeze stops, and which it lets through with a warning. */
class FreezeCheckTest {

    private static final Instant IN_FREEZE = Instant.parse("2026-12-22T10:00:00Z");
    private static final Instant BEFORE_FREEZE = Instant.parse("2026-12-16T10:00:00Z");
    private static final Map<String, ChannelState> BEFORE = Map.of(
            "current", new ChannelState("17.2.1", false),
            "urgent", new ChannelState("17.2.1", true),
            "same", new ChannelState("17.2.1", false),
            "flag", new ChannelState("17.2.1", false),
            "gone", new ChannelState("16.0.0", false));

    private static ChannelsConfig after() throws Exception {
        return new ChannelsFileParser().parse("""
                channels:
                  current:
                    version: 17.3.0
                  urgent:
                    version: 17.2.2
                    critical: true
                  same:
                    version: v17.2.1
                  flag:
                    version: 17.2.1
                    critical: true
                  added:
                    version: 17.3.0
                freezes:
                  - {from: 2026-12-18, until: 2027-01-02, reason: year-end change freeze}
                  - {weekdays: [Sat, Sun], reason: no weekend changes}
                """.getBytes(StandardCharsets.UTF_8), "channels.yaml");
    }

    @Test
    void aChangedOrRemovedChannelInAFreezeIsListedAndACriticalOneIsAllowed() throws Exception {
        List<FrozenChange> frozen = FreezeCheck.check(BEFORE, after(), IN_FREEZE);
        assertEquals(
                List.of(
                        "current: version 17.2.1 → 17.3.0 during the freeze 'year-end change freeze' (channels.yaml:15); "
                                + "changes are allowed again from 2027-01-04 00:00 UTC",
                        "urgent: version 17.2.1 → 17.2.2 during the freeze 'year-end change freeze' (channels.yaml:15); "
                                + "changes are allowed again from 2027-01-04 00:00 UTC; allowed, as the channel is critical",
                        "gone: removed (was 16.0.0) during the freeze 'year-end change freeze' (channels.yaml:15); changes "
                                + "are allowed again from 2027-01-04 00:00 UTC"),
                frozen.stream().map(FrozenChange::describe).toList());
        assertEquals(
                List.of(false, true, false),
                frozen.stream().map(FrozenChange::critical).toList());
        assertEquals("channels.yaml:2:3", frozen.get(0).location().toString(), "the channel's line");
        assertEquals("channels.yaml:15:5", frozen.get(2).location().toString(), "a removed channel: the freeze's");
    }

    @Test
    void aWeekdayFreezeStopsChangesOnThoseDays() throws Exception {
        List<FrozenChange> frozen = FreezeCheck.check(BEFORE, after(), Instant.parse("2026-12-12T10:00:00Z"));
        assertEquals(
                "current: version 17.2.1 → 17.3.0 during the freeze 'no weekend changes' (channels.yaml:16); "
                        + "changes are allowed again from 2026-12-14 00:00 UTC",
                frozen.get(0).describe());
    }

    @Test
    void outsideEveryFreezeNothingIsStopped() throws Exception {
        assertEquals(List.of(), FreezeCheck.check(BEFORE, after(), BEFORE_FREEZE));
    }
}
