package io.github.releasechannels.guard;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ChannelChange;
import io.github.releasechannels.model.ChannelState;
import io.github.releasechannels.model.Version;
import io.github.releasechannels.publish.PublishGuard;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.publish.PublishRefusedException;
import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Refuses to lower a channel's version: agents follow a channel down (Teleport issue #27693), so a typo such as
 * {@code 14.2.0} for {@code 14.2.10} would downgrade a fleet. A channel may go down with {@code allow_downgrade:
 * true} in channels.yaml, or every channel for one run with {@code -DreleaseChannels.allowDowngrade=true}.
 *
 * <p>The current state comes from the target's previous manifest; without one, from {@link CurrentVersions}
 * (the live site). Before refusing anything, the guard hands the whole {@link ChannelPlan} (every channel old →
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

    /**
     * @param allowAll        whether {@value #ALLOW_PROPERTY} is set for this run
     * @param live            what is served now, used when the target has no manifest
     * @param liveDescription where {@code live} reads, for messages, e.g. the base URL
     * @param log             where allowed downgrades are reported
     * @param planned         receives the plan before the guard decides
     */
    public DowngradeGuard(boolean allowAll, CurrentVersions live, String liveDescription, PublishLog log,
            Consumer<ChannelPlan> planned) {
        this.allowAll = allowAll;
        this.live = live;
        this.liveDescription = liveDescription;
        this.log = log;
        this.planned = planned;
    }

    public DowngradeGuard(boolean allowAll, CurrentVersions live, String liveDescription, PublishLog log) {
        this(allowAll, live, liveDescription, log, plan -> { });
    }

    @Override
    public void check(Site site, Optional<Manifest> previous) throws PublishRefusedException {
        ChannelPlan plan = plan(site, previous);
        planned.accept(plan);
        for (Downgrade downgrade : plan.downgrades()) {
            if (downgrade.allowed()) {
                log.warn(downgrade.toString());
            }
        }
        if (!plan.refused().isEmpty()) {
            throw new PublishRefusedException(plan.refused().stream().map(Downgrade::toString).toList());
        }
    }

    /** Every channel old → new and the downgrades among them, without deciding. */
    public ChannelPlan plan(Site site, Optional<Manifest> previous) {
        List<Channel> channels = site.config().channels();
        Map<String, ChannelState> current;
        String origin;
        if (previous.isPresent()) {
            current = previous.get().states();
            origin = "published, per the target's " + SiteLayout.MANIFEST_FILE;
        } else {
            current = live.of(channels.stream().map(Channel::name).toList());
            origin = "served now at " + liveDescription;
        }
        List<Downgrade> downgrades = new ArrayList<>();
        for (Channel channel : channels) {
            ChannelState before = current.get(channel.name());
            if (before == null) {
                continue;
            }
            Optional<Version> beforeVersion = Version.parse(before.version());
            if (beforeVersion.isEmpty()) {
                log.warn("The target's " + SiteLayout.MANIFEST_FILE + " records channel '" + channel.name()
                        + "' at '" + before.version() + "', which is not a version; it is not checked for a "
                        + "downgrade.");
                continue;
            }
            if (channel.version().compareTo(beforeVersion.get()) >= 0) {
                continue;
            }
            Optional<String> allowedBy = channel.allowDowngrade()
                    ? Optional.of("'allow_downgrade: true' on the channel")
                    : allowAll ? Optional.of("-D" + ALLOW_PROPERTY + "=true") : Optional.empty();
            downgrades.add(new Downgrade(channel.name(), beforeVersion.get(), channel.version(), origin,
                    channel.location(), allowedBy));
        }
        return new ChannelPlan(origin, ChannelChange.between(current, site.config()), downgrades);
    }
}
