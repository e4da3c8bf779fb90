// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides what a publish writes, by content hash, and in which order: the one place that order is decided. The
 * plan is a sequence of {@link Wave}s, one per {@link Wave.Kind}, each wave's chains free to run side by side:
 * <ol>
 *   <li>files outside channels ({@code cmc.yaml}), except the status page, each on its own;</li>
 *   <li>each channel's two files, {@code critical} first when the new flag is {@code no} and {@code version} first
 *       when it is {@code yes}, so no agent reads {@code critical = yes} beside a version the source did not mark
 *       critical; for a channel the target does not serve yet, {@code critical} first whatever the flag, so no
 *       agent finds a version without its flag (a flag without a version is a 404 for the version: no action);
 *       the two files of a channel one after the other, channels side by side;</li>
 *   <li>deletions of files the previous manifest owned and the new site does not, only after every write; a
 *       directory's one after the other, {@code version} before {@code critical};</li>
 *   <li>the status page {@code index.html}, once the channels it describes are served;</li>
 *   <li>the manifest, last, so an interrupted publish is completed by the next one.</li>
 * </ol>
 * Files the previous manifest does not list and the new site does not contain ({@code CNAME}, {@code .nojekyll},
 * anything of someone else's) are never touched. An {@code index.html} that is someone else's (not listed by the
 * previous manifest and not what this site would write) stops the publish rather than be replaced.
 */
public final class PublishPlanner {

    /** The paths a store must {@linkplain FileStore#stat stat} to plan: the new site's and the previously owned. */
    public static Set<String> pathsToCompare(Site site, Optional<Manifest> previous) {
        Set<String> paths = new TreeSet<>();
        site.files().forEach(file -> paths.add(file.path()));
        previous.ifPresent(manifest -> manifest.files().forEach(file -> paths.add(file.path())));
        return paths;
    }

    /**
     * @param site            the site to publish
     * @param previous        the manifest on the target, if any
     * @param existing        the target's files among {@link #pathsToCompare}, by path
     * @param policy          headers per file
     * @param compareHeaders  whether the target serves per-file headers that must be kept up to date
     */
    public PublishPlan plan(
            Site site,
            Optional<Manifest> previous,
            Map<String, StoredFile> existing,
            HeaderPolicy policy,
            boolean compareHeaders)
            throws PublishRefusedException {
        refuseToReplaceAForeignStatusPage(site, previous, existing);
        List<Channel> channels = site.config().channels();
        List<Wave> waves = new ArrayList<>(Wave.Kind.values().length);
        // Each channel's two paths, built once per plan.
        String[] versionPaths = new String[channels.size()];
        String[] criticalPaths = new String[channels.size()];
        Set<String> channelPaths = new HashSet<>(channels.size() * 4);
        for (int i = 0; i < channels.size(); i++) {
            versionPaths[i] = channels.get(i).versionPath();
            criticalPaths[i] = channels.get(i).criticalPath();
            channelPaths.add(versionPaths[i]);
            channelPaths.add(criticalPaths[i]);
        }
        // 1. Files outside channels, except the status page and the manifest.
        List<PlannedChange> siteFiles = new ArrayList<>();
        for (SiteFile file : site.files()) {
            if (!channelPaths.contains(file.path())
                    && !file.path().equals(SiteLayout.MANIFEST_FILE)
                    && !file.path().equals(SiteLayout.INDEX_FILE)) {
                siteFiles.add(compare(file, existing, policy, compareHeaders));
            }
        }
        add(waves, Wave.eachAlone(Wave.Kind.SITE_FILES, siteFiles));
        // 2. Channels, each in the order that keeps critical truthful.
        List<List<PlannedChange>> channelChains = new ArrayList<>(channels.size());
        for (int i = 0; i < channels.size(); i++) {
            boolean versionFirst = channels.get(i).critical() && existing.containsKey(versionPaths[i]);
            String first = versionFirst ? versionPaths[i] : criticalPaths[i];
            String second = versionFirst ? criticalPaths[i] : versionPaths[i];
            channelChains.add(List.of(
                    compare(site.file(first).orElseThrow(), existing, policy, compareHeaders),
                    compare(site.file(second).orElseThrow(), existing, policy, compareHeaders)));
        }
        add(waves, new Wave(Wave.Kind.CHANNELS, channelChains));
        // 3. Deletions of what the previous publish owned and this one does not; a chain per directory, version
        // before critical.
        Map<String, List<PlannedChange>> deletions = new LinkedHashMap<>();
        previous.ifPresent(manifest -> manifest.files().stream()
                .map(Manifest.OwnedFile::path)
                .filter(path -> site.file(path).isEmpty() && existing.containsKey(path))
                .filter(path -> !path.equals(SiteLayout.MANIFEST_FILE))
                .sorted(Comparator.comparing((String path) -> path.endsWith("/critical"))
                        .thenComparing(path -> path))
                .forEach(path -> deletions
                        .computeIfAbsent(parent(path), directory -> new ArrayList<>())
                        .add(PlannedChange.delete(path))));
        add(waves, new Wave(Wave.Kind.DELETIONS, List.copyOf(deletions.values())));
        // 4. The status page, which describes the channels just written.
        site.file(SiteLayout.INDEX_FILE)
                .ifPresent(page -> add(
                        waves,
                        Wave.eachAlone(
                                Wave.Kind.STATUS_PAGE, List.of(compare(page, existing, policy, compareHeaders)))));
        // 5. The manifest.
        site.file(SiteLayout.MANIFEST_FILE)
                .ifPresent(manifest -> add(
                        waves,
                        Wave.eachAlone(
                                Wave.Kind.MANIFEST, List.of(compare(manifest, existing, policy, compareHeaders)))));
        return new PublishPlan(waves, previous);
    }

    private static void add(List<Wave> waves, Wave wave) {
        if (!wave.isEmpty()) {
            waves.add(wave);
        }
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static void refuseToReplaceAForeignStatusPage(
            Site site, Optional<Manifest> previous, Map<String, StoredFile> existing) throws PublishRefusedException {
        Optional<SiteFile> page = site.file(SiteLayout.INDEX_FILE);
        StoredFile stored = existing.get(SiteLayout.INDEX_FILE);
        boolean owned = previous.map(manifest ->
                        manifest.files().stream().anyMatch(file -> file.path().equals(SiteLayout.INDEX_FILE)))
                .orElse(false);
        if (page.isPresent()
                && stored != null
                && !owned
                && stored.sha256().filter(page.get().sha256()::equals).isEmpty()) {
            throw new PublishRefusedException(List.of("The target already has an " + SiteLayout.INDEX_FILE
                    + " that this plugin did not publish; replacing it would remove someone's page. Move it away, "
                    + "or publish without the status page: -DreleaseChannels.statusPage=false"));
        }
    }

    /** How {@code file} compares with what the target holds at its path: add, update, update headers or leave. */
    static PlannedChange compare(
            SiteFile file, Map<String, StoredFile> existing, HeaderPolicy policy, boolean compareHeaders) {
        Headers headers = policy.headersFor(file);
        StoredFile stored = existing.get(file.path());
        if (stored == null) {
            return PlannedChange.write(PlannedChange.Action.ADD, file, headers);
        }
        Optional<String> storedHash = stored.sha256();
        if (storedHash.isEmpty() || !storedHash.get().equals(file.sha256())) {
            return PlannedChange.write(PlannedChange.Action.UPDATE, file, headers);
        }
        Optional<Headers> storedHeaders = stored.headers();
        if (compareHeaders && (storedHeaders.isEmpty() || !headers.equals(storedHeaders.get()))) {
            return PlannedChange.write(PlannedChange.Action.UPDATE_HEADERS, file, headers);
        }
        return PlannedChange.write(PlannedChange.Action.UNCHANGED, file, headers);
    }
}
