// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.site;

import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Source;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A rendered version server: every file with its bytes, sorted by path, plus the configuration it was rendered
 * from. Files are also indexed by path, as planning, serving and verifying look up each channel's files.
 */
public final class Site {

    private final ChannelsConfig config;
    private final Source source;
    private final List<SiteFile> files;
    private final Map<String, SiteFile> byPath;

    public Site(ChannelsConfig config, Source source, List<SiteFile> files) {
        this.config = Objects.requireNonNull(config, "config");
        this.source = Objects.requireNonNull(source, "source");
        this.files = files.stream().sorted(Comparator.comparing(SiteFile::path)).toList();
        Map<String, SiteFile> index = new HashMap<>(this.files.size() * 2);
        this.files.forEach(file -> index.putIfAbsent(file.path(), file));
        this.byPath = index;
    }

    public ChannelsConfig config() {
        return config;
    }

    public Source source() {
        return source;
    }

    /** Every file, sorted by path. */
    public List<SiteFile> files() {
        return files;
    }

    public Optional<SiteFile> file(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /**
     * This site's manifest with what the store reported for its files (entity tag and headers, by path); with no
     * reports it is the manifest the site was rendered with. Empty when the site has no manifest.
     */
    public Optional<SiteFile> manifest(Map<String, Manifest.Stored> stored) {
        return manifest(stored, Optional.empty());
    }

    /**
     * {@link #manifest(Map)} that also records the proof that the store honours conditional writes, when there is
     * one.
     */
    public Optional<SiteFile> manifest(
            Map<String, Manifest.Stored> stored, Optional<Manifest.ConditionalWritesProof> conditionalWrites) {
        return manifest(stored, conditionalWrites, Optional.empty());
    }

    /**
     * {@link #manifest(Map, Optional)} that also records the publish lease it is written under, on a store whose
     * lock stays between publishes.
     */
    public Optional<SiteFile> manifest(
            Map<String, Manifest.Stored> stored,
            Optional<Manifest.ConditionalWritesProof> conditionalWrites,
            Optional<Manifest.LeaseRecord> lease) {
        Optional<SiteFile> rendered = file(SiteLayout.MANIFEST_FILE);
        if (rendered.isEmpty() || (stored.isEmpty() && conditionalWrites.isEmpty() && lease.isEmpty())) {
            return rendered;
        }
        List<SiteFile> owned = files.stream()
                .filter(f -> !f.path().equals(SiteLayout.MANIFEST_FILE))
                .toList();
        return Optional.of(Manifest.file(config, source, owned, stored, conditionalWrites, lease));
    }

    public long totalBytes() {
        return files.stream().mapToLong(SiteFile::size).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Site other
                && config.equals(other.config)
                && source.equals(other.source)
                && files.equals(other.files);
    }

    @Override
    public int hashCode() {
        return Objects.hash(config, source, files);
    }

    @Override
    public String toString() {
        return "Site[" + files.size() + " files, " + config.channels().size() + " channels, from " + source.file()
                + "]";
    }
}
