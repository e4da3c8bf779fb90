// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.model.ChannelState;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.PublishRefusedException;
import io.github.releasechannels.publish.PublishRequest;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.TargetState;
import io.github.releasechannels.publish.file.DirectoryStore;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.testing.RecordingLog;
import io.github.releasechannels.testing.TestSites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downgrade guard on a real publish to a directory target, which keeps the previous manifest. */
class DowngradeGuardTest {

    @TempDir
    Path target;

    private final RecordingLog log = new RecordingLog();

    /** The warnings the guard logged, without their level. */
    private List<String> warnings() {
        return log.lines().stream()
                .filter(line -> line.startsWith("WARN "))
                .map(line -> line.substring(5))
                .toList();
    }

    private static String channels(String version, String extra) {
        return "channels:\n  current:\n    version: " + version + "\n" + extra + "  canary:\n    version: 14.3.0\n";
    }

    private void publish(String yaml, boolean allowAll) throws Exception {
        Site site = TestSites.render(yaml);
        try (PublishPipeline publisher = PublishPipeline.forStore(new DirectoryStore(target), Retry.defaults())) {
            publisher.publish(
                    site,
                    new PublishRequest(
                            false,
                            HeaderPolicy.defaults(),
                            new DowngradeGuard(allowAll, CurrentVersions.UNKNOWN, "nowhere", log),
                            log));
        }
    }

    private String served() throws Exception {
        return Files.readString(target.resolve("current/version"));
    }

    @Test
    void lowerVersionIsRefusedNamingChannelBothVersionsAndTheWaysToAllowIt() throws Exception {
        publish(channels("14.2.1", ""), false);

        PublishRefusedException e =
                assertThrows(PublishRefusedException.class, () -> publish(channels("14.2.0", ""), false));

        assertEquals(1, e.reasons().size(), e.getMessage());
        String reason = e.reasons().get(0);
        assertTrue(
                reason.startsWith("channel 'current' goes down from 14.2.1 (published, per the target's "
                        + "release-channels.json) to 14.2.0 (channels.yaml:3:14)"),
                reason);
        assertTrue(reason.contains("add 'allow_downgrade: true' to channel 'current' in channels.yaml"), reason);
        assertTrue(reason.contains("-DreleaseChannels.allowDowngrade=true"), reason);
        assertEquals("14.2.1", served(), "nothing was written");
    }

    @Test
    void allowDowngradeOnTheChannelLetsItThrough() throws Exception {
        publish(channels("14.2.1", ""), false);

        publish(channels("14.2.0", "    allow_downgrade: true\n"), false);

        assertEquals("14.2.0", served());
        assertTrue(warnings().get(0).endsWith("allowed by 'allow_downgrade: true' on the channel"), log::toString);
    }

    @Test
    void allowDowngradeForOneRunLetsItThrough() throws Exception {
        publish(channels("14.2.1", ""), false);

        publish(channels("14.2.0", ""), true);

        assertEquals("14.2.0", served());
        assertTrue(warnings().get(0).endsWith("allowed by -DreleaseChannels.allowDowngrade=true"), log::toString);
    }

    @Test
    void upgradesSameVersionsAndNewChannelsPass() throws Exception {
        publish(channels("14.2.1", ""), false);
        publish(channels("14.2.1", ""), false);
        publish(channels("14.10.0", "") + "  stable/v14:\n    version: 1.0.0\n", false);

        assertEquals("14.10.0", served());
        assertTrue(warnings().isEmpty(), log::toString);
    }

    @Test
    void aPrereleaseRanksBelowItsRelease() throws Exception {
        publish(channels("15.0.0", ""), false);

        PublishRefusedException e =
                assertThrows(PublishRefusedException.class, () -> publish(channels("15.0.0-rc.1", ""), false));

        assertTrue(e.getMessage().contains("from 15.0.0 (published"), e.getMessage());
    }

    @Test
    void withoutAManifestTheLiveSiteIsAsked() throws Exception {
        Site site = TestSites.render(channels("14.2.0", ""));
        List<String> asked = new ArrayList<>();
        DowngradeGuard guard = new DowngradeGuard(
                false,
                channels -> {
                    asked.addAll(channels);
                    return Map.of("current", new ChannelState("14.2.1", false));
                },
                "https://updates.example.com",
                log);

        PublishRefusedException e =
                assertThrows(PublishRefusedException.class, () -> guard.check(site, TargetState.empty()));

        assertEquals(List.of("canary", "current"), asked);
        assertTrue(
                e.getMessage()
                        .startsWith("channel 'current' goes down from 14.2.1 (served now at "
                                + "https://updates.example.com) to 14.2.0"),
                e.getMessage());
        assertFalse(e.duringFreeze(), "a downgrade alone is no freeze refusal");
    }

    @Test
    void aChangeDuringAFreezeIsRefusedAndSaysSo() throws Exception {
        Site site = TestSites.render(channels("14.2.2", "")
                + "freezes:\n  - {weekdays: [Mon, Tue, Wed, Thu, Fri, Sat, Sun], reason: always frozen}\n");
        DowngradeGuard guard = new DowngradeGuard(
                false,
                channels -> Map.of("current", new ChannelState("14.2.1", false)),
                "https://updates.example.com",
                log,
                plan -> {},
                new FreezeGuard(false, Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC), log));

        PublishRefusedException e =
                assertThrows(PublishRefusedException.class, () -> guard.check(site, TargetState.empty()));

        assertTrue(e.duringFreeze(), e.getMessage());
        assertTrue(e.getMessage().contains("always frozen"), e.getMessage());
    }
}
