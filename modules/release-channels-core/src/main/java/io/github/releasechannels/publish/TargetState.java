// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.Version;
import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a target holds before a publish, read once before anything is written, by every publisher: the manifest,
 * the files the plan compares, and the version each of the new site's channels serves now. The served versions
 * are what agents already read: after a publish cut between the channel writes and the manifest, or with the
 * manifest deleted, they are ahead of the manifest, and a guard must see them.
 *
 * @param manifest the target's manifest, empty on a first publish or when it was deleted
 * @param manifestVersion the store's version token of that manifest, what the manifest's compare-and-swap expects
 * @param files    the target's files among {@link PublishPlanner#pathsToCompare} and the {@link PublishLock}, by
 *                 path
 * @param served   the version in each channel's {@code version} file on the target, by channel name; channels
 *                 without one, or with one that is not a version, are absent
 */
public record TargetState(
        Optional<Manifest> manifest,
        Optional<String> manifestVersion,
        Map<String, StoredFile> files,
        Map<String, Version> served) {

    public TargetState {
        // Hash maps, not Map.copyOf: its open addressing clusters on paths that differ only in their last
        // characters (fleet-00001/version, fleet-00002/version...), which made each lookup of a large site slow.
        files = Collections.unmodifiableMap(new HashMap<>(files));
        served = Collections.unmodifiableMap(new HashMap<>(served));
    }

    /** A target with nothing on it. */
    public static TargetState empty() {
        return new TargetState(Optional.empty(), Optional.empty(), Map.of(), Map.of());
    }

    /**
     * Reads the manifest, the files to compare and the served versions of {@code site}'s channels. A channel's
     * {@code version} file is read only when its hash leaves its version open: one that matches the new site's
     * file or the manifest's record of it holds that version. For a publish with {@code policy}: a store that lists
     * its files trusts the previous manifest's record of a file whose entity tag and headers still match it.
     */
    public static TargetState read(Site site, TargetFiles target, Retry retry, PublishLog log, HeaderPolicy policy)
            throws IOException {
        Optional<VersionedContent> manifestRead = retry.run(
                "read " + SiteLayout.MANIFEST_FILE, log, () -> target.readVersioned(SiteLayout.MANIFEST_FILE));
        Optional<Manifest> manifest = parseManifest(manifestRead, target, log);
        Map<String, Manifest.OwnedFile> records = new HashMap<>();
        manifest.ifPresent(m -> m.files().forEach(file -> records.put(file.path(), file)));
        // The manifest was just read with its entity tag: its hash is known, and its headers where the store said.
        manifestRead.ifPresent(read -> records.put(
                SiteLayout.MANIFEST_FILE,
                new Manifest.OwnedFile(
                        SiteLayout.MANIFEST_FILE,
                        SiteFile.sha256(read.content()),
                        read.headers()
                                .map(headers -> new Manifest.Stored(
                                        read.version(), headers.contentType(), headers.cacheControl())))));
        Map<String, Headers> wanted = new HashMap<>();
        site.files().forEach(file -> wanted.put(file.path(), policy.headersFor(file)));
        // The lock too: a publish that finds one in place goes through the lock, whatever its plan.
        Set<String> paths = new TreeSet<>(PublishPlanner.pathsToCompare(site, manifest));
        paths.add(PublishLock.LOCK_FILE);
        Map<String, StoredFile> files =
                retry.run("read the current files", log, () -> target.stat(paths, records, wanted));
        Map<String, Version> served = new TreeMap<>();
        Map<String, String> recordedHashes = new HashMap<>();
        Map<String, String> recordedVersions = new HashMap<>();
        manifest.ifPresent(m -> {
            m.files().forEach(file -> recordedHashes.put(file.path(), file.sha256()));
            m.channels().forEach(published -> recordedVersions.put(published.name(), published.version()));
        });
        for (Channel channel : site.config().channels()) {
            String path = channel.versionPath();
            StoredFile stored = files.get(path);
            if (stored == null) {
                continue;
            }
            Optional<String> sha256 = stored.sha256();
            if (sha256.equals(site.file(path).map(SiteFile::sha256))) {
                served.put(channel.name(), channel.version());
                continue;
            }
            // A version file that still has the hash the manifest records holds the version the manifest records.
            Optional<Version> recorded = sha256.isPresent() && sha256.get().equals(recordedHashes.get(path))
                    ? Optional.ofNullable(recordedVersions.get(channel.name())).flatMap(Version::parse)
                    : Optional.empty();
            if (recorded.isPresent()) {
                served.put(channel.name(), recorded.get());
                continue;
            }
            Optional<byte[]> content = retry.run("read " + path, log, () -> target.read(path));
            if (content.isEmpty()) {
                continue;
            }
            String text = new String(content.get(), StandardCharsets.UTF_8).trim();
            Optional<Version> version = Version.parse(text);
            if (version.isPresent()) {
                served.put(channel.name(), version.get());
            } else {
                log.warn(path + " on " + target.describe() + " does not hold a version (" + text.length()
                        + " characters); channel '" + channel.name() + "' is not checked against it for a downgrade.");
            }
        }
        return new TargetState(manifest, manifestRead.map(VersionedContent::version), files, served);
    }

    /** The manifest on the target; an unreadable one stops the publish rather than guess what the site owns. */
    private static Optional<Manifest> parseManifest(
            Optional<VersionedContent> bytes, TargetFiles target, PublishLog log) throws TargetException {
        if (bytes.isEmpty()) {
            log.info("No " + SiteLayout.MANIFEST_FILE + " on " + target.describe()
                    + ": first publish; files of others are left alone.");
            return Optional.empty();
        }
        try {
            return Optional.of(Manifest.parse(bytes.get().content()));
        } catch (Manifest.InvalidManifestException e) {
            throw new TargetException(e.getMessage() + " on " + target.describe() + ". Restore it from the last "
                    + "publish or delete it (the next publish then rewrites every file of the site)");
        }
    }
}
