// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.model.ChannelState;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.PublishRefusedException;
import io.github.releasechannels.publish.PublishRequest;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.file.DirectoryStore;
import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.testing.RecordingLog;
import io.github.releasechannels.testing.TestSites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Managed Updates v2 versions under the downgrade guard, on a real publish to a directory target: the manifest
 * records them, a lower one is refused like a channel's, on the line that declares it.
 */
class RolloutDowngradeGuardTest {

    @TempDir
    Path target;

    private final RecordingLog log = new RecordingLog();
    private final List<ChannelPlan> plans = new ArrayList<>();

    private static String channels(String start, String target, String extra) {
        return "channels:\n  current:\n    version: 17.2.1\nmanaged_updates:\n  mode: enabled\n  start_version: "
                + start + "\n  target_version: " + target + "\n" + extra;
    }

    private void publish(String yaml, boolean allowAll) throws Exception {
        publish(yaml, allowAll, CurrentVersions.UNKNOWN);
    }

    private void publish(String yaml, boolean allowAll, CurrentVersions live) throws Exception {
        Site site = TestSites.render(yaml);
        try (PublishPipeline publisher = PublishPipeline.forStore(new DirectoryStore(target), Retry.defaults())) {
            publisher.publish(
                    site,
                    new PublishRequest(
                            false,
                            HeaderPolicy.defaults(),
                            new DowngradeGuard(allowAll, live, "https://updates.example.com", log, plans::add),
                            log));
        }
    }

    private Manifest manifest() throws Exception {
        return Manifest.parse(Files.readAllBytes(target.resolve("release-channels.json")));
    }

    @Test
    void theManifestRecordsThePublishedVersionsOfTheTopLevelSectionAsItsDefaultCluster() throws Exception {
        publish(channels("17.2.0", "17.2.1", "  tools:\n    mode: enabled\n    target_version: 17.2.1\n"), false);

        assertEquals(
                Map.of(
                        "default",
                        new Manifest.RolloutVersions(
                                Optional.of("17.2.0"), Optional.of("17.2.1"), Optional.of("17.2.1"))),
                manifest().rollouts());
        assertTrue(Files.readString(target.resolve("release-channels.json"))
                .contains("\"managed_updates_versions\": "
                        + "{\"default\": {\"start_version\": \"17.2.0\", \"target_version\": \"17.2.1\", "
                        + "\"tools_target_version\": \"17.2.1\"}},"));
    }

    private static String twoClusters(String staging, String production, String extra) {
        return "channels:\n  canary:\n    version: " + staging + "\n  current:\n    version: " + production + "\n"
                + "clusters:\n"
                + "  staging:\n    managed_updates: {mode: enabled, start_version: 17.0.0, follows: canary}\n"
                + "  production:\n    managed_updates: {mode: enabled, start_version: 17.0.0, follows: current"
                + extra + "}\n";
    }

    @Test
    void eachClusterIsRecordedAndGuardedUnderItsOwnName() throws Exception {
        publish(twoClusters("17.3.0", "17.2.1", ""), false);
        assertEquals(
                Map.of(
                        "staging",
                                new Manifest.RolloutVersions(
                                        Optional.of("17.0.0"), Optional.of("17.3.0"), Optional.empty()),
                        "production",
                                new Manifest.RolloutVersions(
                                        Optional.of("17.0.0"), Optional.of("17.2.1"), Optional.empty())),
                manifest().rollouts());

        // Staging goes up while production goes down (with the channel it follows): production's is refused, named by
        // its cluster, at the version it follows.
        PublishRefusedException e =
                assertThrows(PublishRefusedException.class, () -> publish(twoClusters("17.3.1", "17.2.0", ""), false));
        assertTrue(
                e.reasons()
                        .contains("clusters.production.managed_updates target_version goes down from 17.2.1 "
                                + "(published, per the target's release-channels.json) to 17.2.0 (channels.yaml:5:14): every v2 "
                                + "agent would be told to run 17.2.0. If that is intended, add 'allow_downgrade: true' to "
                                + "'clusters.production.managed_updates' in channels.yaml, or allow it for this run only with "
                                + "-DreleaseChannels.allowDowngrade=true."),
                e.reasons()::toString);
        assertEquals(
                Optional.of("17.2.1"), manifest().rollouts().get("production").targetVersion(), "nothing published");
        assertEquals(
                List.of(
                        "clusters.staging.managed_updates start_version: unchanged (17.0.0)",
                        "clusters.staging.managed_updates target_version: 17.3.0 → 17.3.1",
                        "clusters.production.managed_updates start_version: unchanged (17.0.0)",
                        "clusters.production.managed_updates target_version: 17.2.1 → 17.2.0"),
                plans.get(plans.size() - 1).rollout().stream()
                        .map(RolloutChange::describe)
                        .toList());

        // The channel it follows goes down too, allowed on the channel; the cluster's own allowance lets its through.
        publish(
                twoClusters("17.3.1", "17.2.0", ", allow_downgrade: true")
                        .replace("version: 17.2.0\n", "version: 17.2.0\n    allow_downgrade: true\n"),
                false);
        assertEquals(
                Optional.of("17.2.0"), manifest().rollouts().get("production").targetVersion());
        assertTrue(
                log.lines().stream()
                        .anyMatch(line -> line.endsWith(
                                "allowed by 'allow_downgrade: true' in " + "clusters.production.managed_updates")),
                log.lines()::toString);
    }

    @Test
    void aLowerTargetIsRefusedOnItsLineWithTheWaysToAllowIt() throws Exception {
        publish(channels("17.2.0", "17.2.1", ""), false);

        PublishRefusedException e =
                assertThrows(PublishRefusedException.class, () -> publish(channels("17.2.0", "17.0.0", ""), false));

        assertEquals(
                List.of("managed_updates target_version goes down from 17.2.1 (published, per the target's "
                        + "release-channels.json) to 17.0.0 (channels.yaml:7:19): every v2 agent would be told to run "
                        + "17.0.0. If that is intended, add 'allow_downgrade: true' to 'managed_updates' in channels.yaml, or "
                        + "allow it for this run only with -DreleaseChannels.allowDowngrade=true."),
                e.reasons());
        assertEquals(Optional.of("17.2.1"), manifest().rollouts().get("default").targetVersion(), "nothing published");
        ChannelPlan plan = plans.get(plans.size() - 1);
        assertEquals(
                List.of(
                        "managed_updates start_version: unchanged (17.2.0)",
                        "managed_updates target_version: 17.2.1 → 17.0.0"),
                plan.rollout().stream().map(RolloutChange::describe).toList());
    }

    @Test
    void aLowerStartOrToolsVersionIsRefusedToo() throws Exception {
        String tools = "  tools:\n    mode: enabled\n    target_version: %s\n";
        publish(channels("17.2.0", "17.2.1", tools.formatted("17.2.1")), false);

        PublishRefusedException e = assertThrows(
                PublishRefusedException.class,
                () -> publish(channels("17.1.0", "17.2.1", tools.formatted("16.4.0")), false));

        assertEquals(2, e.reasons().size(), e.getMessage());
        assertTrue(
                e.reasons()
                        .get(0)
                        .startsWith("managed_updates start_version goes down from 17.2.0 (published, per "
                                + "the target's release-channels.json) to 17.1.0 (channels.yaml:6:18): new agents would install "
                                + "17.1.0."),
                e.reasons().get(0));
        assertTrue(
                e.reasons()
                        .get(1)
                        .startsWith("managed_updates tools.target_version goes down from 17.2.1 "
                                + "(published, per the target's release-channels.json) to 16.4.0 (channels.yaml:10:21): tsh and tctl "
                                + "would update themselves down to 16.4.0."),
                e.reasons().get(1));
    }

    @Test
    void allowDowngradeInTheSectionOrForTheRunLetsItThroughWithAWarning() throws Exception {
        publish(channels("17.2.0", "17.2.1", ""), false);

        publish(channels("17.0.0", "17.0.0", "  allow_downgrade: true\n"), false);
        assertEquals(Optional.of("17.0.0"), manifest().rollouts().get("default").targetVersion());
        assertTrue(
                log.lines()
                        .contains("WARN managed_updates target_version goes down from 17.2.1 (published, per "
                                + "the target's release-channels.json) to 17.0.0 (channels.yaml:7:19); allowed by 'allow_downgrade: "
                                + "true' in managed_updates"),
                log.lines()::toString);

        publish(channels("16.0.0", "16.0.0", ""), true);
        assertEquals(Optional.of("16.0.0"), manifest().rollouts().get("default").targetVersion());
    }

    @Test
    void aTargetThatFollowsAChannelIsRefusedOnThatChannelsVersionLine() throws Exception {
        String yaml = "channels:\n  current:\n    version: %s\n    allow_downgrade: true\nmanaged_updates:\n"
                + "  mode: enabled\n  start_version: 17.0.0\n  follows: current\n";
        publish(yaml.formatted("17.2.1"), false);

        PublishRefusedException e =
                assertThrows(PublishRefusedException.class, () -> publish(yaml.formatted("17.2.0"), false));

        assertEquals(1, e.reasons().size(), "the channel's own downgrade is allowed: " + e.getMessage());
        assertTrue(
                e.reasons()
                        .get(0)
                        .startsWith("managed_updates target_version goes down from 17.2.1 (published, "
                                + "per the target's release-channels.json) to 17.2.0 (channels.yaml:3:14)"),
                e.reasons().get(0));
    }

    @Test
    void aManifestWithoutTheRecordComparesNothingAndSaysSoOnce() throws Exception {
        publish("channels:\n  current:\n    version: 17.2.1\n", false);
        String yaml = channels("17.2.0", "17.2.1", "");

        publish(yaml, false);
        // Recorded now: compared, and refused.
        assertThrows(PublishRefusedException.class, () -> publish(channels("17.1.0", "17.1.0", ""), false));
        long said = log.lines().stream()
                .filter(line -> line.contains("No managed_updates versions are recorded"))
                .count();

        assertEquals(1, said, log.lines()::toString);
        assertTrue(
                log.lines()
                        .contains(
                                "INFO No managed_updates versions are recorded in the target's "
                                        + "release-channels.json (a first v2 publish, a manifest of an older plugin, or none to read): the "
                                        + "v2 versions are not compared for a downgrade this time; the next publish records them."),
                log.lines()::toString);
    }

    @Test
    void aManifestOfAnOlderPluginIsComparedByItsManagedUpdatesSection() throws Exception {
        publish(channels("17.2.0", "17.2.1", ""), false);
        Path manifest = target.resolve("release-channels.json");
        String older = Files.readString(manifest).replaceAll("  \"managed_updates_versions\": \\{[^\\n]*\\},\\n", "");
        Files.writeString(manifest, older);
        assertEquals(Optional.of("17.2.1"), manifest().rollouts().get("default").targetVersion());

        assertThrows(PublishRefusedException.class, () -> publish(channels("17.2.0", "17.0.0", ""), false));
    }

    @Test
    void withoutAManifestTheLiveSitesRecordIsCompared() throws Exception {
        CurrentVersions live = new CurrentVersions() {
            @Override
            public Map<String, ChannelState> of(Collection<String> channels) {
                return Map.of();
            }

            @Override
            public Map<String, Manifest.RolloutVersions> rollouts() {
                return Map.of(
                        "default",
                        new Manifest.RolloutVersions(Optional.of("17.2.0"), Optional.of("17.2.1"), Optional.empty()));
            }
        };

        PublishRefusedException e = assertThrows(
                PublishRefusedException.class, () -> publish(channels("17.2.0", "17.0.0", ""), false, live));

        assertTrue(
                e.getMessage()
                        .startsWith("managed_updates target_version goes down from 17.2.1 (published, per "
                                + "the release-channels.json served at https://updates.example.com) to 17.0.0"),
                e.getMessage());
    }
}
