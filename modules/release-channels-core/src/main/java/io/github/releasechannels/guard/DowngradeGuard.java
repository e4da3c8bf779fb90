// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.guard;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ChannelChange;
import io.github.releasechannels.model.ChannelState;
import io.github.releasechannels.model.ManagedUpdates;
import io.github.releasechannels.model.Version;
import io.github.releasechannels.publish.PublishGuard;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.publish.PublishRefusedException;
import io.github.releasechannels.publish.TargetState;
import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteLayout;
import io.github.releasechannels.text.LogText;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Refuses to lower a channel's version: agents follow a channel down (Teleport issue #27693), so a typo such as
 * {@code 14.2.0} for {@code 14.2.10} would downgrade a fleet. A channel may go down with {@code allow_downgrade:
 * true} in channels.yaml, or every channel for one run with {@code -DreleaseChannels.allowDowngrade=true}.
 *
 * <p>The current version is the highest of the target's manifest, the target's {@code version} files (what agents
 * already read, even when a publish was cut before the manifest or the manifest was deleted) and, when the target
 * has no manifest, {@link CurrentVersions} (the live site). Against the same current versions, the changes a freeze
 * stops are refused with the downgrades ({@link FreezeGuard}). Before refusing anything, the guard hands the whole {@link ChannelPlan} (every channel old →
 * new, the downgrades) to its listener, so the plan is shown and reported whether or not the publish goes on.
 */
public final class DowngradeGuard implements PublishGuard {

    /** The property that allows every downgrade for one run. */
    public static final String ALLOW_PROPERTY = "releaseChannels.allowDowngrade";

    private final boolean allowAll;
    private final CurrentVersions live;
    private final String liveDescription;
    private final PublishLog log;
    private final Consumer<ChannelPlan> planned;
    private final FreezeGuard freezes;
    /** The note that the v2 versions cannot be compared is given once per run, not on every replanning. */
    private boolean saidRolloutNotRecorded;

    /**
     * @param allowAll        whether {@value #ALLOW_PROPERTY} is set for this run
     * @param live            what is served now, used when the target has no manifest
     * @param liveDescription where {@code live} reads, for messages, e.g. the base URL
     * @param log             where allowed downgrades are reported
     * @param planned         receives the plan before the guard decides
     */
    public DowngradeGuard(
            boolean allowAll,
            CurrentVersions live,
            String liveDescription,
            PublishLog log,
            Consumer<ChannelPlan> planned) {
        this(allowAll, live, liveDescription, log, planned, new FreezeGuard(false, Clock.systemUTC(), log));
    }

    /** @param freezes refuses the changes of the plan a freeze stops, with the downgrades */
    public DowngradeGuard(
            boolean allowAll,
            CurrentVersions live,
            String liveDescription,
            PublishLog log,
            Consumer<ChannelPlan> planned,
            FreezeGuard freezes) {
        this.freezes = freezes;
        this.allowAll = allowAll;
        this.live = live;
        this.liveDescription = liveDescription;
        this.log = log;
        this.planned = planned;
    }

    public DowngradeGuard(boolean allowAll, CurrentVersions live, String liveDescription, PublishLog log) {
        this(allowAll, live, liveDescription, log, plan -> {});
    }

    @Override
    public void check(Site site, TargetState target) throws PublishRefusedException {
        ChannelPlan plan = plan(site, target);
        planned.accept(plan);
        for (Downgrade downgrade : plan.downgrades()) {
            if (downgrade.allowed()) {
                log.warn(downgrade.toString());
            }
        }
        List<String> frozen = freezes.refusals(plan.changes(), site.config());
        if (!plan.refused().isEmpty() || !frozen.isEmpty()) {
            List<String> reasons = new ArrayList<>(
                    plan.refused().stream().map(Downgrade::toString).toList());
            reasons.addAll(frozen);
            site.source()
                    .rollback()
                    .filter(rollback -> !plan.refused().isEmpty())
                    .ifPresent(rollback -> reasons.add("This is a " + rollback.describe()
                            + ": a rollback that lowers versions is published only with -D" + ALLOW_PROPERTY
                            + "=true, the explicit intent to send agents back down."));
            throw new PublishRefusedException(reasons, !frozen.isEmpty());
        }
    }

    /** Every channel old → new and the downgrades among them, without deciding. */
    public ChannelPlan plan(Site site, TargetState target) {
        List<Channel> channels = site.config().channels();
        // Every source of the current state; the highest version wins: the manifest, what the target's version
        // files serve (ahead of the manifest after an interrupted publish, the only source once it was deleted)
        // and, without a manifest, the live site.
        Map<String, Current> current = new HashMap<>(channels.size() * 2);
        String origin;
        if (target.manifest().isPresent()) {
            origin = "published, per the target's " + SiteLayout.MANIFEST_FILE;
            target.manifest().get().states().forEach((name, state) -> raise(current, name, state, origin));
        } else {
            origin = "served now at " + liveDescription;
            live.of(channels.stream().map(Channel::name).toList())
                    .forEach((name, state) -> raise(current, name, state, origin));
        }
        for (Channel channel : channels) {
            Version served = target.served().get(channel.name());
            if (served == null) {
                continue;
            }
            Current known = current.get(channel.name());
            if (known != null && known.version().equals(Optional.of(served))) {
                // What most publishes find: the file serves what the manifest says; nothing to raise or build.
                continue;
            }
            // The version file alone says nothing of the flag: keep the one known, if any.
            boolean critical = known != null && known.state().critical();
            raise(
                    current,
                    channel.name(),
                    new ChannelState(served.toString(), critical),
                    Optional.of(served),
                    "served now by the target's " + channel.versionPath());
        }
        List<Downgrade> downgrades = new ArrayList<>();
        for (Channel channel : channels) {
            Current before = current.get(channel.name());
            if (before == null) {
                continue;
            }
            Optional<Version> beforeVersion = before.version();
            if (beforeVersion.isEmpty()) {
                log.warn("The target's " + SiteLayout.MANIFEST_FILE + " records channel '" + channel.name()
                        + "' at '" + before.state().version() + "', which is not a version; it is not checked for a "
                        + "downgrade.");
                continue;
            }
            if (channel.version().compareTo(beforeVersion.get()) >= 0) {
                continue;
            }
            Optional<String> allowedBy = channel.allowDowngrade()
                    ? Optional.of("'allow_downgrade: true' on the channel")
                    : allowAll ? Optional.of("-D" + ALLOW_PROPERTY + "=true") : Optional.empty();
            downgrades.add(Downgrade.ofChannel(
                    channel.name(),
                    beforeVersion.get(),
                    channel.version(),
                    before.origin(),
                    channel.versionLocation(),
                    allowedBy));
        }
        Map<String, ChannelState> states = new HashMap<>(current.size() * 2);
        current.forEach((name, known) -> states.put(name, known.state()));
        List<RolloutChange> rollout = new ArrayList<>();
        site.config().rollouts().forEach((cluster, updates) -> {
            boolean onTarget = target.manifest().isPresent();
            Map<String, Manifest.RolloutVersions> recorded =
                    onTarget ? target.manifest().get().rollouts() : live.rollouts();
            String recordedAt = onTarget
                    ? "the target's " + SiteLayout.MANIFEST_FILE
                    : "the " + SiteLayout.MANIFEST_FILE + " served at " + liveDescription;
            rollout(cluster, updates, Optional.ofNullable(recorded.get(cluster)), recordedAt, rollout, downgrades);
        });
        return new ChannelPlan(origin, ChannelChange.between(states, site.config()), rollout, downgrades);
    }

    /**
     * The v2 versions of one cluster's {@code managed_updates} old → new, and those that go down: agents follow a
     * lower target as they follow a lower channel.
     */
    private void rollout(
            String cluster,
            ManagedUpdates updates,
            Optional<Manifest.RolloutVersions> published,
            String recordedAt,
            List<RolloutChange> changes,
            List<Downgrade> downgrades) {
        if (published.isEmpty()) {
            if (!saidRolloutNotRecorded) {
                saidRolloutNotRecorded = true;
                log.info("No managed_updates versions are recorded in " + recordedAt + " (a first v2 publish, a "
                        + "manifest of an older plugin, or none to read): the v2 versions are not compared for a "
                        + "downgrade this time; the next publish records them.");
            }
            return;
        }
        String origin = "published, per " + recordedAt;
        String recorded = Character.toUpperCase(recordedAt.charAt(0)) + recordedAt.substring(1);
        Optional<String> allowedBy = updates.allowDowngrade()
                ? Optional.of("'allow_downgrade: true' in "
                        + (cluster.equals(Manifest.TOP_LEVEL_CLUSTER)
                                ? "managed_updates"
                                : "clusters." + LogText.escape(cluster) + ".managed_updates"))
                : allowAll ? Optional.of("-D" + ALLOW_PROPERTY + "=true") : Optional.empty();
        compare(
                new RolloutChange(
                        cluster,
                        "start_version",
                        published.get().startVersion(),
                        Optional.of(updates.startVersion()),
                        Optional.of(updates.startVersionLocation())),
                origin,
                recorded,
                allowedBy,
                changes,
                downgrades);
        compare(
                new RolloutChange(
                        cluster,
                        "target_version",
                        published.get().targetVersion(),
                        Optional.of(updates.targetVersion().version()),
                        Optional.of(updates.targetVersion().location())),
                origin,
                recorded,
                allowedBy,
                changes,
                downgrades);
        Optional<ManagedUpdates.TargetVersion> tools = updates.tools().map(ManagedUpdates.ClientTools::targetVersion);
        if (tools.isPresent() || published.get().toolsTargetVersion().isPresent()) {
            compare(
                    new RolloutChange(
                            cluster,
                            "tools.target_version",
                            published.get().toolsTargetVersion(),
                            tools.map(ManagedUpdates.TargetVersion::version),
                            tools.map(ManagedUpdates.TargetVersion::location)),
                    origin,
                    recorded,
                    allowedBy,
                    changes,
                    downgrades);
        }
    }

    /** @param recorded where the record was read, as a sentence starts it */
    private void compare(
            RolloutChange change,
            String origin,
            String recorded,
            Optional<String> allowedBy,
            List<RolloutChange> changes,
            List<Downgrade> downgrades) {
        changes.add(change);
        if (change.before().isEmpty() || change.after().isEmpty()) {
            return;
        }
        Optional<Version> before = Version.parse(change.before().get());
        if (before.isEmpty()) {
            log.warn(recorded + " records " + change.subject() + " as '"
                    + change.before().get() + "', which is not a version; it is not checked for a downgrade.");
            return;
        }
        if (change.after().get().compareTo(before.get()) < 0) {
            downgrades.add(Downgrade.ofRollout(
                    change.subject(),
                    before.get(),
                    change.after().get(),
                    origin,
                    change.location().orElseThrow(),
                    allowedBy));
        }
    }

    /** A channel's current state, its version parsed (once), and where it was read. */
    private record Current(ChannelState state, Optional<Version> version, String origin) {}

    /** Records {@code state} unless a source read earlier has a version as high (a non-version is lowest). */
    private static void raise(Map<String, Current> current, String channel, ChannelState state, String origin) {
        raise(current, channel, state, Version.parse(state.version()), origin);
    }

    private static void raise(
            Map<String, Current> current,
            String channel,
            ChannelState state,
            Optional<Version> version,
            String origin) {
        Current known = current.get(channel);
        boolean higher = known == null
                || (version.isPresent()
                        && known.version()
                                .map(knownVersion -> version.get().compareTo(knownVersion) > 0)
                                .orElse(true));
        if (higher) {
            current.put(channel, new Current(state, version, origin));
        }
    }
}
