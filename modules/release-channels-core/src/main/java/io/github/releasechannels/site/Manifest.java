// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.site;

import static io.github.releasechannels.site.JsonOutput.Layout.INLINE;
import static io.github.releasechannels.site.JsonOutput.Layout.LINES;

import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ChannelState;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Cluster;
import io.github.releasechannels.model.MaintenanceWindow;
import io.github.releasechannels.model.ManagedUpdates;
import io.github.releasechannels.model.Rollback;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.text.LogText;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code release-channels.json}: the source commit, every channel, and the files the site owns. Publishers read the
 * previous one from the target to know which files they may update or delete; nothing else is ever touched.
 *
 * @param commit   the source commit, when known
 * @param channels every channel as published
 * @param files    every file the site owns except the manifest itself, sorted by path
 * @param rollback when the publish was a rollback: the {@code HEAD} it rolled back from and the commit it published
 * @param rollouts the Managed Updates v2 versions published, by cluster ({@value #TOP_LEVEL_CLUSTER} for the
 *                 top-level {@code managed_updates}); empty when none was declared, or the manifest is older
 * @param conditionalWrites when a publish proved that the store honours conditional writes: which store and when
 * @param lease    on a store that keeps its publish lock between publishes: the lease this manifest was written under
 */
public record Manifest(
        Optional<String> commit,
        List<PublishedChannel> channels,
        List<OwnedFile> files,
        Optional<Rollback> rollback,
        Map<String, RolloutVersions> rollouts,
        Optional<ConditionalWritesProof> conditionalWrites,
        Optional<LeaseRecord> lease) {

    /** The cluster the top-level {@code managed_updates} section is recorded under; named clusters use their name. */
    public static final String TOP_LEVEL_CLUSTER = ChannelsConfig.TOP_LEVEL_CLUSTER;

    /**
     * The versions of one cluster's {@code managed_updates} as published, as text: a manifest may hold anything.
     *
     * @param startVersion       {@code start_version}
     * @param targetVersion      {@code target_version} (of the channel it follows, if so)
     * @param toolsTargetVersion {@code tools.target_version}, when {@code tools} was declared
     */
    public record RolloutVersions(
            Optional<String> startVersion, Optional<String> targetVersion, Optional<String> toolsTargetVersion) {

        static RolloutVersions of(ManagedUpdates updates) {
            return new RolloutVersions(
                    Optional.of(updates.startVersion().toString()),
                    Optional.of(updates.targetVersion().version().toString()),
                    updates.tools().map(tools -> tools.targetVersion().version().toString()));
        }
    }

    /** A channel as recorded in the manifest. */
    public record PublishedChannel(String name, String version, boolean critical) {}

    /**
     * A file the site owns, with the SHA-256 of its content and, on stores that give one, how the store held it
     * right after this publish.
     */
    public record OwnedFile(String path, String sha256, Optional<Stored> stored) {

        public OwnedFile(String path, String sha256) {
            this(path, sha256, Optional.empty());
        }
    }

    /**
     * A file as the store held it after the publish that wrote this manifest: the store's entity tag and the
     * headers it was written with. A listed object with the same entity tag is that object, so its hash and headers
     * are known without reading it. Absent in manifests of older publishes and of stores without entity tags.
     */
    public record Stored(String entityTag, String contentType, String cacheControl) {}

    static final int FORMAT = 1;
    /** The most of a manifest that is read: it lists a few files per channel. */
    public static final int MAX_BYTES = 64 * 1024 * 1024;
    /** The longest entity tag or header a record may hold; longer ones are not what a store writes. */
    private static final int MAX_RECORD_CHARS = 1024;

    /**
     * A publish saw the store refuse conditional writes that had to fail ({@code If-None-Match}, {@code If-Match}),
     * so it honours them: {@code store} names where (an S3 endpoint and bucket), {@code proven} when. Later publishes
     * to the same store trust it for a while instead of probing again. Like the store's records of each file it only
     * saves requests: it names the store it is valid for, and an unreadable one means "not proven".
     */
    public record ConditionalWritesProof(String store, Instant proven) {}

    /**
     * The publish lease this manifest was written under, on a store whose lock object stays between publishes: the
     * lease's token and the version (ETag) of the lock as the lease last wrote it. The manifest is the last write of
     * a publish, so the lock it names is released: a later publish that lists the lock with that version, or reads
     * it naming that token, takes it at once without a request of its own to release it. One that is absent or
     * cannot be read releases nothing: the lock is then judged by its own content.
     */
    public record LeaseRecord(String token, String lockVersion) {}

    /** What agents of each published channel were told, by name. */
    public Map<String, ChannelState> states() {
        Map<String, ChannelState> states = new TreeMap<>();
        channels.forEach(
                channel -> states.put(channel.name(), new ChannelState(channel.version(), channel.critical())));
        return states;
    }

    public Manifest {
        rollouts = Map.copyOf(rollouts);
        channels = List.copyOf(channels);
        files = files.stream().sorted(Comparator.comparing(OwnedFile::path)).toList();
    }

    /** Renders the manifest of a site made of {@code siteFiles}. */
    static SiteFile file(ChannelsConfig config, Source source, List<SiteFile> siteFiles) {
        return file(config, source, siteFiles, Map.of(), Optional.empty(), Optional.empty());
    }

    /**
     * Renders the manifest of a site made of {@code siteFiles}, with what the store reported for each, by path, the
     * proof that the store honours conditional writes and the lease it is written under, when there are.
     */
    static SiteFile file(
            ChannelsConfig config,
            Source source,
            List<SiteFile> siteFiles,
            Map<String, Stored> stored,
            Optional<ConditionalWritesProof> conditionalWrites,
            Optional<LeaseRecord> lease) {
        List<OwnedFile> owned = siteFiles.stream()
                .map(f -> new OwnedFile(f.path(), f.sha256(), Optional.ofNullable(stored.get(f.path()))))
                .sorted(Comparator.comparing(OwnedFile::path))
                .toList();
        return SiteFile.text(
                SiteLayout.MANIFEST_FILE, render(config, source, owned, conditionalWrites, lease), ContentTypes.JSON);
    }

    private static String render(
            ChannelsConfig config,
            Source source,
            List<OwnedFile> files,
            Optional<ConditionalWritesProof> conditionalWrites,
            Optional<LeaseRecord> lease) {
        JsonOutput json = new JsonOutput().beginObject(LINES);
        json.name("format").number(FORMAT);
        json.name("generator").string("release-channels-maven-plugin");
        json.name("source")
                .beginObject(LINES)
                .name("file")
                .string(source.file())
                .name("commit")
                .stringOrNull(source.commit().orElse(null))
                .name("commit_time")
                .stringOrNull(source.commitTime().map(Object::toString).orElse(null))
                .name("uncommitted_changes")
                .bool(source.uncommittedChanges())
                .endObject();
        // Present only for a rollback, so other manifests stay as they were.
        source.rollback()
                .ifPresent(rollback -> json.name("rollback")
                        .beginObject(INLINE)
                        .name("ref")
                        .string(rollback.ref())
                        .name("from_commit")
                        .string(rollback.fromCommit())
                        .name("to_commit")
                        .string(rollback.toCommit())
                        .endObject());
        json.name("channels").beginArray(LINES);
        for (Channel channel : config.channels()) {
            json.beginObject(INLINE)
                    .name("name")
                    .string(channel.name())
                    .name("version")
                    .string(channel.version().toString())
                    .name("critical")
                    .bool(channel.critical())
                    .endObject();
        }
        json.endArray();
        json.name("maintenance");
        config.maintenance().ifPresentOrElse(window -> maintenance(json, window), json::nullValue);
        config.managedUpdates().ifPresent(updates -> managedUpdates(json.name("managed_updates"), updates));
        if (!config.clusters().isEmpty()) {
            json.name("clusters").beginObject(INLINE);
            for (Cluster cluster : config.clusters()) {
                json.name(cluster.name()).beginObject(INLINE);
                managedUpdates(json.name("managed_updates"), cluster.managedUpdates());
                json.name("maintenance");
                cluster.maintenance().ifPresentOrElse(window -> maintenance(json, window), json::nullValue);
                json.endObject();
            }
            json.endObject();
        }
        // The versions the downgrade guard compares, by cluster: present only when declared, like the section.
        Map<String, ManagedUpdates> rollouts = config.rollouts();
        if (!rollouts.isEmpty()) {
            json.name("managed_updates_versions").beginObject(INLINE);
            rollouts.forEach((cluster, updates) -> rolloutVersions(json.name(cluster), RolloutVersions.of(updates)));
            json.endObject();
        }
        // Present only on stores that had to prove it, so other manifests stay as they were.
        conditionalWrites.ifPresent(proof -> json.name("conditional_writes")
                .beginObject(INLINE)
                .name("store")
                .string(proof.store())
                .name("proven")
                .string(proof.proven().toString())
                .endObject());
        // Present only on stores whose lock stays between publishes.
        lease.ifPresent(record -> json.name("lease")
                .beginObject(INLINE)
                .name("token")
                .string(record.token())
                .name("lock_version")
                .string(record.lockVersion())
                .endObject());
        json.name("files").beginArray(LINES);
        for (OwnedFile file : files) {
            json.beginObject(INLINE)
                    .name("path")
                    .string(file.path())
                    .name("sha256")
                    .string(file.sha256());
            file.stored()
                    .ifPresent(stored -> json.name("etag")
                            .string(stored.entityTag())
                            .name("content_type")
                            .string(stored.contentType())
                            .name("cache_control")
                            .string(stored.cacheControl()));
            json.endObject();
        }
        return json.endArray().endObject().text();
    }

    private static void maintenance(JsonOutput json, MaintenanceWindow window) {
        json.beginObject(INLINE)
                .name("utc_start_hour")
                .number(window.utcStartHour())
                .name("weekdays")
                .beginArray(INLINE);
        window.weekdays().forEach(day -> json.string(MaintenanceWindow.dayName(day)));
        json.endArray().endObject();
    }

    /** Present only when declared, so manifests of v1-only sites stay as they were. */
    private static void managedUpdates(JsonOutput json, ManagedUpdates updates) {
        json.beginObject(INLINE)
                .name("mode")
                .string(updates.mode().word())
                .name("strategy")
                .string(updates.strategy().word())
                .name("maintenance_window_seconds");
        updates.maintenanceWindow().ifPresentOrElse(window -> json.number(window.toSeconds()), json::nullValue);
        json.name("schedule")
                .string(updates.schedule().word())
                .name("start_version")
                .string(updates.startVersion().toString())
                .name("target_version")
                .string(updates.targetVersion().version().toString())
                .name("follows")
                .stringOrNull(updates.targetVersion().followedChannel().orElse(null))
                .name("groups")
                .beginArray(INLINE);
        for (ManagedUpdates.Group group : updates.groups()) {
            json.beginObject(INLINE)
                    .name("name")
                    .string(group.name())
                    .name("days")
                    .beginArray(INLINE);
            if (group.days().isEmpty()) {
                json.string("*");
            }
            group.days().forEach(day -> json.string(ManagedUpdates.Group.shortDay(day)));
            json.endArray()
                    .name("start_hour")
                    .number(group.startHour())
                    .name("wait_hours")
                    .number(group.waitHours())
                    .name("canary_count")
                    .number(group.canaryCount())
                    .endObject();
        }
        json.endArray().endObject();
    }

    private static JsonOutput rolloutVersions(JsonOutput json, RolloutVersions versions) {
        return json.beginObject(INLINE)
                .name("start_version")
                .stringOrNull(versions.startVersion().orElse(null))
                .name("target_version")
                .stringOrNull(versions.targetVersion().orElse(null))
                .name("tools_target_version")
                .stringOrNull(versions.toolsTargetVersion().orElse(null))
                .endObject();
    }

    /** Reads a manifest written by any publish of this plugin. */
    public static Manifest parse(byte[] json) throws InvalidManifestException {
        Object root;
        try {
            root = JsonTree.read(json);
        } catch (JsonTree.InvalidJsonException e) {
            throw new InvalidManifestException("it is not valid JSON: " + LogText.escape(e.getMessage()));
        }
        if (!(root instanceof Map<?, ?> map)
                || !(map.get("files") instanceof List<?> fileList)
                || !(map.get("channels") instanceof List<?> channelList)) {
            throw new InvalidManifestException("it has no 'files' and 'channels' lists");
        }
        if (!(map.get("format") instanceof Integer format) || format > FORMAT) {
            throw new InvalidManifestException("its format " + map.get("format") + " is newer than this plugin "
                    + "understands (" + FORMAT + "); upgrade the plugin");
        }
        List<OwnedFile> files = new ArrayList<>();
        for (Object entry : fileList) {
            if (!(entry instanceof Map<?, ?> file)
                    || !(file.get("path") instanceof String path)
                    || !(file.get("sha256") instanceof String sha256)) {
                throw new InvalidManifestException("a 'files' entry lacks 'path' or 'sha256': " + shown(entry));
            }
            // Publishers delete and overwrite what the manifest lists: a path leading elsewhere stops them all.
            Optional<String> problem = SitePath.problem(path);
            if (problem.isPresent()) {
                throw new InvalidManifestException("'files' entry " + (files.size() + 1) + " has the path "
                        + JsonText.quote(path) + ", which " + problem.get()
                        + "; a manifest lists only files inside the site");
            }
            files.add(new OwnedFile(path, sha256, stored(file)));
        }
        List<PublishedChannel> channels = new ArrayList<>();
        for (Object entry : channelList) {
            if (!(entry instanceof Map<?, ?> channel)
                    || !(channel.get("name") instanceof String name)
                    || !(channel.get("version") instanceof String version)
                    || !(channel.get("critical") instanceof Boolean critical)) {
                throw new InvalidManifestException(
                        "a 'channels' entry lacks 'name', 'version' or 'critical': " + shown(entry));
            }
            channels.add(new PublishedChannel(name, version, critical));
        }
        Object source = map.get("source");
        // Only shown, in logs and messages: escaped as it is read.
        Optional<String> commit = source instanceof Map<?, ?> s && s.get("commit") instanceof String c
                ? Optional.of(shown(c))
                : Optional.empty();
        return new Manifest(
                commit,
                channels,
                files,
                rollback(map.get("rollback")),
                rollouts(map),
                conditionalWrites(map.get("conditional_writes")),
                lease(map.get("lease")));
    }

    /**
     * The {@code managed_updates_versions} record; a manifest written before it existed has only the
     * {@code managed_updates} section, whose start and target versions are those of the top-level cluster.
     */
    private static Map<String, RolloutVersions> rollouts(Map<?, ?> manifest) throws InvalidManifestException {
        Object record = manifest.get("managed_updates_versions");
        if (record == null) {
            if (manifest.get("managed_updates") instanceof Map<?, ?> section) {
                return Map.of(
                        TOP_LEVEL_CLUSTER,
                        new RolloutVersions(
                                text(section, "start_version"), text(section, "target_version"), Optional.empty()));
            }
            return Map.of();
        }
        if (!(record instanceof Map<?, ?> clusters)) {
            throw new InvalidManifestException("'managed_updates_versions' is not an object of clusters");
        }
        Map<String, RolloutVersions> rollouts = new TreeMap<>();
        for (Map.Entry<?, ?> cluster : clusters.entrySet()) {
            if (!(cluster.getValue() instanceof Map<?, ?> versions)) {
                throw new InvalidManifestException("'managed_updates_versions' has a cluster that is not an object");
            }
            rollouts.put(
                    String.valueOf(cluster.getKey()),
                    new RolloutVersions(
                            text(versions, "start_version"),
                            text(versions, "target_version"),
                            text(versions, "tools_target_version")));
        }
        return rollouts;
    }

    /** The proof of conditional writes; one that is absent or cannot be read proves nothing, and is no error. */
    private static Optional<ConditionalWritesProof> conditionalWrites(Object value) {
        if (!(value instanceof Map<?, ?> proof)
                || !(proof.get("store") instanceof String store)
                || store.isEmpty()
                || store.length() > MAX_RECORD_CHARS
                || !(proof.get("proven") instanceof String proven)
                || proven.length() > MAX_RECORD_CHARS) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ConditionalWritesProof(store, Instant.parse(proven)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Part of a manifest quoted in a message: whoever can write the target wrote it. */
    private static String shown(Object value) {
        String text = String.valueOf(value);
        return LogText.escape(text.length() > 200 ? text.substring(0, 200) + "…" : text);
    }

    /** A text field of a record, bounded: a version is short, anything longer is not one. */
    private static Optional<String> text(Map<?, ?> record, String field) {
        return record.get(field) instanceof String value && value.length() <= MAX_RECORD_CHARS
                ? Optional.of(value)
                : Optional.empty();
    }

    /**
     * What the store held, when a publish recorded it. It only saves requests: a record that is missing or cannot
     * be read means "unknown", and the next publish reads the object's metadata instead.
     */
    private static Optional<Stored> stored(Map<?, ?> file) {
        if (file.get("etag") instanceof String etag
                && !etag.isEmpty()
                && etag.length() <= MAX_RECORD_CHARS
                && file.get("content_type") instanceof String contentType
                && contentType.length() <= MAX_RECORD_CHARS
                && file.get("cache_control") instanceof String cacheControl
                && cacheControl.length() <= MAX_RECORD_CHARS) {
            return Optional.of(new Stored(etag, contentType, cacheControl));
        }
        return Optional.empty();
    }

    /**
     * The rollback record of a manifest; manifests written before it existed, and of publishes that were not a
     * rollback, have none. It only informs: one that cannot be read is ignored rather than stop a publish.
     */
    private static Optional<Rollback> rollback(Object value) {
        if (!(value instanceof Map<?, ?> rollback)
                || !(rollback.get("ref") instanceof String ref)
                || !(rollback.get("from_commit") instanceof String from)
                || !(rollback.get("to_commit") instanceof String to)) {
            return Optional.empty();
        }
        return Optional.of(new Rollback(ref, from, to));
    }

    /** The lease record; one that is absent or cannot be read releases no lock, and is no error. */
    private static Optional<LeaseRecord> lease(Object value) {
        if (value instanceof Map<?, ?> lease
                && lease.get("token") instanceof String token
                && !token.isEmpty()
                && token.length() <= MAX_RECORD_CHARS
                && lease.get("lock_version") instanceof String version
                && !version.isEmpty()
                && version.length() <= MAX_RECORD_CHARS) {
            return Optional.of(new LeaseRecord(token, version));
        }
        return Optional.empty();
    }

    /** A manifest on a target that cannot be read; publishing stops rather than guess what it owns. */
    public static final class InvalidManifestException extends EnvironmentProblemException {
        public InvalidManifestException(String reason) {
            super(SiteLayout.MANIFEST_FILE + " cannot be read: " + reason);
        }
    }
}
