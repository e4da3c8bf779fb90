package io.github.releasechannels.site;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ChannelState;
import io.github.releasechannels.model.ChannelsConfig;
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
import java.util.stream.Collectors;

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
public record Manifest(Optional<String> commit, List<PublishedChannel> channels, List<OwnedFile> files,
        Optional<Rollback> rollback, Map<String, RolloutVersions> rollouts,
        Optional<ConditionalWritesProof> conditionalWrites, Optional<LeaseRecord> lease) {

    /** The cluster the top-level {@code managed_updates} section is recorded under; named clusters use their name. */
    public static final String TOP_LEVEL_CLUSTER = ChannelsConfig.TOP_LEVEL_CLUSTER;

    /**
     * The versions of one cluster's {@code managed_updates} as published, as text: a manifest may hold anything.
     *
     * @param startVersion       {@code start_version}
     * @param targetVersion      {@code target_version} (of the channel it follows, if so)
     * @param toolsTargetVersion {@code tools.target_version}, when {@code tools} was declared
     */
    public record RolloutVersions(Optional<String> startVersion, Optional<String> targetVersion,
            Optional<String> toolsTargetVersion) {

        static RolloutVersions of(ManagedUpdates updates) {
            return new RolloutVersions(Optional.of(updates.startVersion().toString()),
                    Optional.of(updates.targetVersion().version().toString()),
                    updates.tools().map(tools -> tools.targetVersion().version().toString()));
        }
    }

    /** A channel as recorded in the manifest. */
    public record PublishedChannel(String name, String version, boolean critical) {
    }

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
    public record Stored(String entityTag, String contentType, String cacheControl) {
    }

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
    public record ConditionalWritesProof(String store, Instant proven) {
    }

    /**
     * The publish lease this manifest was written under, on a store whose lock object stays between publishes: the
     * lease's token and the version (ETag) of the lock as the lease last wrote it. The manifest is the last write of
     * a publish, so the lock it names is released: a later publish that lists the lock with that version, or reads
     * it naming that token, takes it at once without a request of its own to release it. One that is absent or
     * cannot be read releases nothing: the lock is then judged by its own content.
     */
    public record LeaseRecord(String token, String lockVersion) {
    }

    /** What agents of each published channel were told, by name. */
    public Map<String, ChannelState> states() {
        Map<String, ChannelState> states = new TreeMap<>();
        channels.forEach(channel -> states.put(channel.name(), new ChannelState(channel.version(), channel.critical())));
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
    static SiteFile file(ChannelsConfig config, Source source, List<SiteFile> siteFiles, Map<String, Stored> stored,
            Optional<ConditionalWritesProof> conditionalWrites, Optional<LeaseRecord> lease) {
        List<OwnedFile> owned = siteFiles.stream()
                .map(f -> new OwnedFile(f.path(), f.sha256(), Optional.ofNullable(stored.get(f.path()))))
                .sorted(Comparator.comparing(OwnedFile::path)).toList();
        return SiteFile.text(SiteLayout.MANIFEST_FILE, render(config, source, owned, conditionalWrites, lease),
                ContentTypes.JSON);
    }

    private static String render(ChannelsConfig config, Source source, List<OwnedFile> files,
            Optional<ConditionalWritesProof> conditionalWrites, Optional<LeaseRecord> lease) {
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"format\": ").append(FORMAT).append(",\n");
        json.append("  \"generator\": \"release-channels-maven-plugin\",\n");
        json.append("  \"source\": {\n");
        json.append("    \"file\": ").append(quote(source.file())).append(",\n");
        json.append("    \"commit\": ").append(source.commit().map(Manifest::quote).orElse("null")).append(",\n");
        json.append("    \"commit_time\": ").append(source.commitTime().map(time -> quote(time.toString()))
                .orElse("null")).append(",\n");
        json.append("    \"uncommitted_changes\": ").append(source.uncommittedChanges()).append('\n');
        json.append("  },\n");
        // Present only for a rollback, so other manifests stay as they were.
        source.rollback().ifPresent(rollback -> json.append("  \"rollback\": {\"ref\": ")
                .append(quote(rollback.ref())).append(", \"from_commit\": ").append(quote(rollback.fromCommit()))
                .append(", \"to_commit\": ").append(quote(rollback.toCommit())).append("},\n"));
        json.append("  \"channels\": [");
        List<Channel> channels = config.channels();
        for (int i = 0; i < channels.size(); i++) {
            Channel channel = channels.get(i);
            json.append(i == 0 ? "\n" : ",\n")
                    .append("    {\"name\": ").append(quote(channel.name()))
                    .append(", \"version\": ").append(quote(channel.version().toString()))
                    .append(", \"critical\": ").append(channel.critical()).append('}');
        }
        json.append(channels.isEmpty() ? "],\n" : "\n  ],\n");
        json.append("  \"maintenance\": ").append(config.maintenance().map(Manifest::maintenance).orElse("null"))
                .append(",\n");
        config.managedUpdates().ifPresent(updates -> json.append("  \"managed_updates\": ")
                .append(managedUpdates(updates)).append(",\n"));
        if (!config.clusters().isEmpty()) {
            json.append("  \"clusters\": {").append(config.clusters().stream()
                    .map(cluster -> quote(cluster.name()) + ": {\"managed_updates\": "
                            + managedUpdates(cluster.managedUpdates()) + ", \"maintenance\": "
                            + cluster.maintenance().map(Manifest::maintenance).orElse("null") + "}")
                    .collect(Collectors.joining(", "))).append("},\n");
        }
        // The versions the downgrade guard compares, by cluster: present only when declared, like the section.
        Map<String, ManagedUpdates> rollouts = config.rollouts();
        if (!rollouts.isEmpty()) {
            json.append("  \"managed_updates_versions\": {").append(rollouts.entrySet().stream()
                    .map(rollout -> quote(rollout.getKey()) + ": "
                            + rolloutVersions(RolloutVersions.of(rollout.getValue())))
                    .collect(Collectors.joining(", "))).append("},\n");
        }
        // Present only on stores that had to prove it, so other manifests stay as they were.
        conditionalWrites.ifPresent(proof -> json.append("  \"conditional_writes\": {\"store\": ")
                .append(quote(proof.store())).append(", \"proven\": ").append(quote(proof.proven().toString()))
                .append("},\n"));
        // Present only on stores whose lock stays between publishes.
        lease.ifPresent(record -> json.append("  \"lease\": {\"token\": ").append(quote(record.token()))
                .append(", \"lock_version\": ").append(quote(record.lockVersion())).append("},\n"));
        json.append("  \"files\": [");
        for (int i = 0; i < files.size(); i++) {
            OwnedFile file = files.get(i);
            json.append(i == 0 ? "\n" : ",\n")
                    .append("    {\"path\": ").append(quote(file.path()))
                    .append(", \"sha256\": ").append(quote(file.sha256()));
            file.stored().ifPresent(stored -> json.append(", \"etag\": ").append(quote(stored.entityTag()))
                    .append(", \"content_type\": ").append(quote(stored.contentType()))
                    .append(", \"cache_control\": ").append(quote(stored.cacheControl())));
            json.append('}');
        }
        json.append(files.isEmpty() ? "]\n" : "\n  ]\n");
        return json.append("}\n").toString();
    }

    private static String maintenance(MaintenanceWindow window) {
        return "{\"utc_start_hour\": " + window.utcStartHour() + ", \"weekdays\": ["
                + window.weekdays().stream().map(day -> quote(MaintenanceWindow.dayName(day)))
                        .collect(Collectors.joining(", "))
                + "]}";
    }

    /** Present only when declared, so manifests of v1-only sites stay as they were. */
    private static String managedUpdates(ManagedUpdates updates) {
        StringBuilder json = new StringBuilder("{\"mode\": ").append(quote(updates.mode().word()))
                .append(", \"strategy\": ").append(quote(updates.strategy().word()))
                .append(", \"maintenance_window_seconds\": ")
                .append(updates.maintenanceWindow().map(w -> String.valueOf(w.toSeconds())).orElse("null"))
                .append(", \"schedule\": ").append(quote(updates.schedule().word()))
                .append(", \"start_version\": ").append(quote(updates.startVersion().toString()))
                .append(", \"target_version\": ").append(quote(updates.targetVersion().version().toString()))
                .append(", \"follows\": ").append(updates.targetVersion().followedChannel().map(Manifest::quote)
                        .orElse("null"))
                .append(", \"groups\": [");
        for (int i = 0; i < updates.groups().size(); i++) {
            ManagedUpdates.Group group = updates.groups().get(i);
            json.append(i == 0 ? "" : ", ").append("{\"name\": ").append(quote(group.name()))
                    .append(", \"days\": [").append(group.days().isEmpty() ? quote("*") : group.days().stream()
                            .map(day -> quote(ManagedUpdates.Group.shortDay(day))).collect(Collectors.joining(", ")))
                    .append("], \"start_hour\": ").append(group.startHour())
                    .append(", \"wait_hours\": ").append(group.waitHours())
                    .append(", \"canary_count\": ").append(group.canaryCount()).append('}');
        }
        return json.append("]}").toString();
    }

    private static String rolloutVersions(RolloutVersions versions) {
        return "{\"start_version\": " + versions.startVersion().map(Manifest::quote).orElse("null")
                + ", \"target_version\": " + versions.targetVersion().map(Manifest::quote).orElse("null")
                + ", \"tools_target_version\": " + versions.toolsTargetVersion().map(Manifest::quote).orElse("null")
                + "}";
    }

    private static String quote(String value) {
        return JsonText.quote(value);
    }

    /** Reads a manifest written by any publish of this plugin. */
    public static Manifest parse(byte[] json) throws InvalidManifestException {
        Object root;
        try {
            root = JsonTree.read(json);
        } catch (JsonTree.InvalidJsonException e) {
            throw new InvalidManifestException("it is not valid JSON: " + LogText.escape(e.getMessage()));
        }
        if (!(root instanceof Map<?, ?> map) || !(map.get("files") instanceof List<?> fileList)
                || !(map.get("channels") instanceof List<?> channelList)) {
            throw new InvalidManifestException("it has no 'files' and 'channels' lists");
        }
        if (!(map.get("format") instanceof Integer format) || format > FORMAT) {
            throw new InvalidManifestException("its format " + map.get("format") + " is newer than this plugin "
                    + "understands (" + FORMAT + "); upgrade the plugin");
        }
        List<OwnedFile> files = new ArrayList<>();
        for (Object entry : fileList) {
            if (!(entry instanceof Map<?, ?> file) || !(file.get("path") instanceof String path)
                    || !(file.get("sha256") instanceof String sha256)) {
                throw new InvalidManifestException("a 'files' entry lacks 'path' or 'sha256': " + shown(entry));
            }
            // Publishers delete and overwrite what the manifest lists: a path leading elsewhere stops them all.
            Optional<String> problem = SitePath.problem(path);
            if (problem.isPresent()) {
                throw new InvalidManifestException("'files' entry " + (files.size() + 1) + " has the path "
                        + quote(path) + ", which " + problem.get() + "; a manifest lists only files inside the site");
            }
            files.add(new OwnedFile(path, sha256, stored(file)));
        }
        List<PublishedChannel> channels = new ArrayList<>();
        for (Object entry : channelList) {
            if (!(entry instanceof Map<?, ?> channel) || !(channel.get("name") instanceof String name)
                    || !(channel.get("version") instanceof String version)
                    || !(channel.get("critical") instanceof Boolean critical)) {
                throw new InvalidManifestException("a 'channels' entry lacks 'name', 'version' or 'critical': "
                        + shown(entry));
            }
            channels.add(new PublishedChannel(name, version, critical));
        }
        Object source = map.get("source");
        // Only shown, in logs and messages: escaped as it is read.
        Optional<String> commit = source instanceof Map<?, ?> s && s.get("commit") instanceof String c
                ? Optional.of(shown(c)) : Optional.empty();
        return new Manifest(commit, channels, files, rollback(map.get("rollback")), rollouts(map),
                conditionalWrites(map.get("conditional_writes")), lease(map.get("lease")));
    }

    /**
     * The {@code managed_updates_versions} record; a manifest written before it existed has only the
     * {@code managed_updates} section, whose start and target versions are those of the top-level cluster.
     */
    private static Map<String, RolloutVersions> rollouts(Map<?, ?> manifest) throws InvalidManifestException {
        Object record = manifest.get("managed_updates_versions");
        if (record == null) {
            if (manifest.get("managed_updates") instanceof Map<?, ?> section) {
                return Map.of(TOP_LEVEL_CLUSTER, new RolloutVersions(text(section, "start_version"),
                        text(section, "target_version"), Optional.empty()));
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
            rollouts.put(String.valueOf(cluster.getKey()), new RolloutVersions(text(versions, "start_version"),
                    text(versions, "target_version"), text(versions, "tools_target_version")));
        }
        return rollouts;
    }

    /** The proof of conditional writes; one that is absent or cannot be read proves nothing, and is no error. */
    private static Optional<ConditionalWritesProof> conditionalWrites(Object value) {
        if (!(value instanceof Map<?, ?> proof) || !(proof.get("store") instanceof String store) || store.isEmpty()
                || store.length() > MAX_RECORD_CHARS || !(proof.get("proven") instanceof String proven)
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
                ? Optional.of(value) : Optional.empty();
    }

    /**
     * What the store held, when a publish recorded it. It only saves requests: a record that is missing or cannot
     * be read means "unknown", and the next publish reads the object's metadata instead.
     */
    private static Optional<Stored> stored(Map<?, ?> file) {
        if (file.get("etag") instanceof String etag && !etag.isEmpty() && etag.length() <= MAX_RECORD_CHARS
                && file.get("content_type") instanceof String contentType && contentType.length() <= MAX_RECORD_CHARS
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
        if (!(value instanceof Map<?, ?> rollback) || !(rollback.get("ref") instanceof String ref)
                || !(rollback.get("from_commit") instanceof String from)
                || !(rollback.get("to_commit") instanceof String to)) {
            return Optional.empty();
        }
        return Optional.of(new Rollback(ref, from, to));
    }

    /** The lease record; one that is absent or cannot be read releases no lock, and is no error. */
    private static Optional<LeaseRecord> lease(Object value) {
        if (value instanceof Map<?, ?> lease && lease.get("token") instanceof String token && !token.isEmpty()
                && token.length() <= MAX_RECORD_CHARS && lease.get("lock_version") instanceof String version
                && !version.isEmpty() && version.length() <= MAX_RECORD_CHARS) {
            return Optional.of(new LeaseRecord(token, version));
        }
        return Optional.empty();
    }

    /** A manifest on a target that cannot be read; publishing stops rather than guess what it owns. */
    public static final class InvalidManifestException extends Exception {
        public InvalidManifestException(String reason) {
            super(SiteLayout.MANIFEST_FILE + " cannot be read: " + reason);
        }
    }
}
