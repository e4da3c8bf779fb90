package io.github.releasechannels.guard;

import io.github.releasechannels.model.Channel;
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
import java.util.TreeMap;

/**
 * Refuses to lower a channel's version: agents follow a channel down (Teleport issue #27693), so a typo such as
 * {@code 14.2.0} for {@code 14.2.10} would downgrade a fleet. A channel may go down with {@code allow_downgrade:
 * true} in channels.yaml, or every channel for one run with {@code -DreleaseChannels.allowDowngrade=true}.
 *
 * <p>The current version comes from the target's previous manifest; without one, from {@link CurrentVersions}
 * (the live site).
 */
public final class DowngradeGuard implements PublishGuard {

    /** The property that allows every downgrade for one run. */
    public static final String ALLOW_PROPERTY = "releaseChannels.allowDowngrade";

    private final boolean allowAll;
    private final CurrentVersions live;
    private final String liveDescription;
    private final PublishLog log;

    /**
     * @param allowAll        whether {@value #ALLOW_PROPERTY} is set for this run
     * @param live            the versions served now, used when the target has no manifest
     * @param liveDescription where {@code live} reads, for messages, e.g. the base URL
     * @param log             where allowed downgrades are reported
     */
    public DowngradeGuard(boolean allowAll, CurrentVersions live, String liveDescription, PublishLog log) {
        this.allowAll = allowAll;
        this.live = live;
        this.liveDescription = liveDescription;
        this.log = log;
    }

    @Override
    public void check(Site site, Optional<Manifest> previous) throws PublishRefusedException {
        List<Channel> channels = site.config().channels();
        Map<String, Version> current;
        String origin;
        if (previous.isPresent()) {
            current = published(previous.get());
            origin = "published, per the target's " + SiteLayout.MANIFEST_FILE;
        } else {
            current = live.of(channels.stream().map(Channel::name).toList());
            origin = "served now at " + liveDescription;
        }
        List<String> refusals = new ArrayList<>();
        for (Channel channel : channels) {
            Version before = current.get(channel.name());
            if (before == null || channel.version().compareTo(before) >= 0) {
                continue;
            }
            String change = "channel '" + channel.name() + "' goes down from " + before + " (" + origin + ") to "
                    + channel.version() + " (" + channel.location() + ")";
            if (channel.allowDowngrade()) {
                log.warn(change + "; allowed by 'allow_downgrade: true' on the channel");
            } else if (allowAll) {
                log.warn(change + "; allowed by -D" + ALLOW_PROPERTY + "=true");
            } else {
                refusals.add(change + ": every agent on it would downgrade. If that is intended, add "
                        + "'allow_downgrade: true' to channel '" + channel.name() + "' in channels.yaml, or allow it "
                        + "for this run only with -D" + ALLOW_PROPERTY + "=true.");
            }
        }
        if (!refusals.isEmpty()) {
            throw new PublishRefusedException(refusals);
        }
    }

    /** The manifest's versions; an entry that is not a version (written by hand?) is not compared. */
    private Map<String, Version> published(Manifest manifest) {
        Map<String, Version> versions = new TreeMap<>();
        for (Manifest.PublishedChannel channel : manifest.channels()) {
            Optional<Version> version = Version.parse(channel.version());
            if (version.isPresent()) {
                versions.put(channel.name(), version.get());
            } else {
                log.warn("The target's " + SiteLayout.MANIFEST_FILE + " records channel '" + channel.name()
                        + "' at '" + channel.version() + "', which is not a version; it is not checked for a "
                        + "downgrade.");
            }
        }
        return versions;
    }
}
