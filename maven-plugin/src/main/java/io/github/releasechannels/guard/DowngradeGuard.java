package io.github.releasechannels.guard;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.Version;
import io.github.releasechannels.publish.PublishGuard;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.publish.PublishRefusedException;
import io.github.releasechannels.publish.TargetState;
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
 * <p>The current version is the highest of the target's manifest, the target's {@code version} files (what agents
 * already read, even when a publish was cut before the manifest or the manifest was deleted) and, when the target
 * has no manifest, {@link CurrentVersions} (the live site).
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
    public void check(Site site, TargetState target) throws PublishRefusedException {
        List<Channel> channels = site.config().channels();
        // Every source of the current version, the highest wins: the manifest, what the target's version files
        // serve (ahead of the manifest after an interrupted publish, the only source once it was deleted) and,
        // without a manifest, the live site.
        Map<String, Current> current = new TreeMap<>();
        target.manifest().ifPresent(manifest -> published(manifest).forEach((name, version) -> raise(current, name,
                version, "published, per the target's " + SiteLayout.MANIFEST_FILE)));
        site.config().channels().stream().filter(channel -> target.served().containsKey(channel.name()))
                .forEach(channel -> raise(current, channel.name(), target.served().get(channel.name()),
                        "served now by the target's " + channel.versionPath()));
        if (target.manifest().isEmpty()) {
            live.of(channels.stream().map(Channel::name).toList()).forEach((name, version) -> raise(current, name,
                    version, "served now at " + liveDescription));
        }
        List<String> refusals = new ArrayList<>();
        for (Channel channel : channels) {
            Current before = current.get(channel.name());
            if (before == null || channel.version().compareTo(before.version()) >= 0) {
                continue;
            }
            String change = "channel '" + channel.name() + "' goes down from " + before.version() + " ("
                    + before.origin() + ") to "
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

    /** A channel's current version and where it was read. */
    private record Current(Version version, String origin) {
    }

    /** Records {@code version} unless a source read earlier has one as high. */
    private static void raise(Map<String, Current> current, String channel, Version version, String origin) {
        Current known = current.get(channel);
        if (known == null || version.compareTo(known.version()) > 0) {
            current.put(channel, new Current(version, origin));
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
