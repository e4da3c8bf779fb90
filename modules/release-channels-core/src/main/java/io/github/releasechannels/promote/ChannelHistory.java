// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.config.VersionScalars;
import io.github.releasechannels.config.VersionScalars.Found;
import io.github.releasechannels.config.VersionScalars.Missing;
import io.github.releasechannels.config.VersionScalars.Reading;
import io.github.releasechannels.model.Version;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Since when each channel asked about has held its version, read from the first-parent history of the channels file
 * on the current branch: the commit time of the first commit of the unbroken run of commits that gave the channel
 * that version.
 *
 * <ul>
 *   <li>First parents only, from {@code HEAD}: on a branch built by merge commits or squash merges that is the
 *       branch's own history, one commit per change that landed on it; a merged branch's commits are not read.</li>
 *   <li>A run breaks at a commit where the channel has another version (so a version that returns after a revert
 *       starts a new run), is not declared (removed, or renamed: a name is the channel), or cannot be read, or
 *       where the file is absent, not a regular file, larger than {@link ChannelsFileParser#MAX_FILE_BYTES}, not
 *       UTF-8 or not YAML: what was served then cannot be told, so the soak starts again after it.</li>
 *   <li>The path is fixed: a commit that moved the file to today's path starts every run there, as the file is
 *       absent at that path before it.</li>
 *   <li>A validated run ({@link Runs#validated}) counts from its first commit where the whole file validated: a
 *       commit that set the version in a file the build refused published nothing.</li>
 *   <li>A run that reaches the end of a shallow clone or a missing commit is not proven: its start is unknown, so
 *       nothing may be promoted on it.</li>
 *   <li>The soak counts from the later of the first commit's time and its parent's, as a commit cannot land
 *       before its parent (a fast-forward keeps a branch commit's older time).</li>
 * </ul>
 *
 * <p>Nothing in the history is trusted: each revision is read bounded, as a channels file is, and only the asked
 * channels' versions are read from it ({@link VersionScalars}). The walk stops once every asked channel's run is
 * broken; a commit whose file is the same blob as its parent's is not read again; a revision that differs from the
 * one read before only in versions, comments and channels added since is derived from it
 * ({@link VersionScalars#older}); recent revisions are kept by blob id for reverts, within a bound. No other revision
 * stays reachable: per commit the walk keeps a few small objects (the commit, its time, its blob's id). Only
 * {@link Runs#validated} parses whole revisions, and only from a run's start on.
 */
public final class ChannelHistory {

    /** Revisions kept by blob id, so a revert to a recent one is not read again: at most this many ... */
    private static final int CACHED_REVISIONS = 64;
    /** ... and at most this many bytes of them, so large files do not fill the heap. */
    private static final long CACHED_BYTES = 8L * 1024 * 1024;

    private final Repository repository;
    private final String path;

    /**
     * @param repository the repository holding the channels file
     * @param path       the file's path in the repository, {@code /}-separated, such as {@code channels.yaml}
     */
    public ChannelHistory(Repository repository, String path) {
        this.repository = repository;
        this.path = path;
    }

    /**
     * One commit of the walk.
     *
     * @param validWithNewer whether its file is valid when the next newer commit's is: the same blob, or a revision
     *                       derived from that one by changes that keep a file valid
     */
    private record Visit(ObjectId commit, Instant time, ObjectId blob, boolean validWithNewer) {}

    /**
     * A revision of the file: its asked versions, or why it cannot be read.
     *
     * @param size      the bytes it was read from, for the cache's bound
     * @param validWith the blob of the later revision it was derived from by edits that keep a valid file valid, or
     *                  null: an id, not that revision, so a chain of derived revisions does not keep them all
     *                  reachable (it did, and 10,000 revisions of a 1,000-channel file filled a 1 GiB heap)
     */
    private record Revision(VersionScalars scalars, String problem, int size, ObjectId validWith) {
        Reading reading(String channel) {
            return scalars != null ? scalars.reading(channel) : new Missing(problem);
        }
    }

    /**
     * Reads the history once for each asked channel and the version it holds now.
     *
     * @param asked the channels and their versions, as the configuration being planned has them
     * @throws IOException when the repository cannot be read
     */
    public Runs read(Map<String, Version> asked) throws IOException {
        List<String> channels = List.copyOf(asked.keySet());
        ObjectId head = channels.isEmpty() ? null : repository.resolve(Constants.HEAD + "^{commit}");
        if (head == null) {
            return new Runs(
                    asked,
                    List.of(),
                    new int[channels.size()],
                    new Reading[channels.size()],
                    channels.isEmpty() ? "" : "the repository has no commit yet");
        }
        try (RevWalk walk = new RevWalk(repository);
                ObjectReader reader = repository.newObjectReader()) {
            walk.setRetainBody(false);
            return new Walk(walk, reader, channels, asked).run(walk.parseCommit(head));
        }
    }

    /**
     * The runs of one read of the history. {@link #run} is what the walk found; {@link #validated} also moves the
     * start past commits whose whole file did not validate, which costs a full parse of each such revision, so a
     * caller asks for it where the start decides something (a promotion that is otherwise due).
     */
    public final class Runs {

        private final Map<String, Version> asked;
        private final List<String> channels;
        private final Map<String, Integer> index = new HashMap<>();
        private final List<Visit> visits;
        /** Where each channel's run broke (-1: it did not), and what the channel was there. */
        private final int[] brokenAt;

        private final Reading[] brokenBy;
        /** Why the walk ended before a root commit, or empty. */
        private final String end;

        private final Map<ObjectId, Optional<String>> validity = new HashMap<>();
        /** Whether each visit's file validates, as far as asked. */
        private final Boolean[] validAt;

        private final Map<String, SourceRun> validated = new HashMap<>();

        private Runs(Map<String, Version> asked, List<Visit> visits, int[] brokenAt, Reading[] brokenBy, String end) {
            this.asked = asked;
            this.channels = List.copyOf(asked.keySet());
            for (int i = 0; i < channels.size(); i++) {
                index.put(channels.get(i), i);
            }
            this.visits = visits;
            this.validAt = new Boolean[visits.size()];
            this.brokenAt = brokenAt;
            this.brokenBy = brokenBy;
            this.end = end;
        }

        /** Every asked channel's run as the walk found it, by channel. */
        public Map<String, SourceRun> all() {
            Map<String, SourceRun> runs = new LinkedHashMap<>();
            channels.forEach(channel -> runs.put(channel, run(channel)));
            return runs;
        }

        /** {@code channel}'s run as the walk found it. */
        public SourceRun run(String channel) {
            int index = indexOf(channel);
            Version version = asked.get(channel);
            if (visits.isEmpty()) {
                return SourceRun.unproven(channel, version, end + ", so no soak can be proven");
            }
            int broken = brokenAt[index];
            Reading by = brokenBy[index];
            if (broken == 0) {
                return SourceRun.unproven(
                        channel,
                        version,
                        "at HEAD "
                                + (by instanceof Found found
                                        ? channel + " has " + found.version() + ", not " + version
                                                + ": the version is not committed"
                                        : channel + " cannot be read (" + why(by) + ")")
                                + ", so no soak can be proven");
            }
            if (broken < 0 && !end.isEmpty()) {
                return SourceRun.unproven(
                        channel,
                        version,
                        end + ", and " + channel + " has had " + version
                                + " since at least then; the soak cannot be proven, so nothing is promoted from it. Fetch "
                                + "the whole history (actions/checkout with fetch-depth: 0, GIT_DEPTH: 0 on GitLab)");
            }
            int first = first(index);
            return startingAt(
                    channel,
                    first,
                    "; "
                            + (broken < 0
                                    ? "it is the first commit of the history"
                                    : "before it, " + before(channel, by)));
        }

        /**
         * {@code channel}'s run counted from its first commit whose whole file validated: a commit that set the
         * version in a file the build refused published nothing.
         *
         * @throws IOException when a revision cannot be read
         */
        public SourceRun validated(String channel) throws IOException {
            SourceRun known = validated.get(channel);
            if (known != null) {
                return known;
            }
            SourceRun run = run(channel);
            if (run.start().isPresent()) {
                int first = first(indexOf(channel));
                int valid = firstValid(first);
                if (valid < 0) {
                    run = SourceRun.unproven(
                            channel,
                            run.version(),
                            path + " did not validate at any commit since "
                                    + shortId(visits.get(first).commit()) + " gave " + channel + " " + run.version()
                                    + ", so it was never published from there");
                } else if (valid != first) {
                    run = startingAt(
                            channel,
                            valid,
                            "; commit " + shortId(visits.get(first).commit()) + " gave it "
                                    + run.version() + " earlier, but " + path + " did not validate there ("
                                    + validity.get(visits.get(first).blob()).orElseThrow()
                                    + "), so nothing was published "
                                    + "from it");
                }
            }
            validated.put(channel, run);
            return run;
        }

        private int indexOf(String channel) {
            Integer at = index.get(channel);
            if (at == null) {
                throw new IllegalArgumentException("channel '" + channel + "' was not asked");
            }
            return at;
        }

        /** The visit of the run's first commit. */
        private int first(int index) {
            return brokenAt[index] < 0 ? visits.size() - 1 : brokenAt[index] - 1;
        }

        private SourceRun startingAt(String channel, int visit, String before) {
            Version version = asked.get(channel);
            Visit start = visits.get(visit);
            Instant since = start.time();
            String story = channel + " has had " + version + " since commit " + shortId(start.commit()) + " ("
                    + UtcTime.at(since) + ")" + before;
            if (visit + 1 < visits.size() && visits.get(visit + 1).time().isAfter(since)) {
                since = visits.get(visit + 1).time();
                story += "; counted from " + UtcTime.at(since) + ", the later time of the commit before it";
            }
            return SourceRun.since(
                    channel, version, new SourceRun.Start(start.commit().name(), since), story);
        }

        private String before(String channel, Reading by) {
            if (by instanceof Found found) {
                return channel + " had " + found.version();
            }
            String why = why(by);
            return why.equals("the channel is not declared")
                    ? channel + " was not declared"
                    : why.startsWith(path + " ") ? why : channel + " could not be read (" + why + ")";
        }

        /** The oldest visit from {@code first} towards {@code HEAD} whose file validates, or -1. */
        private int firstValid(int first) throws IOException {
            try (ObjectReader reader = repository.newObjectReader()) {
                for (int i = first; i >= 0; i--) {
                    if (valid(reader, i)) {
                        return i;
                    }
                }
            }
            return -1;
        }

        /**
         * Whether visit {@code i}'s file validates: known without a parse when it is valid whenever the next newer
         * one is, and that one is; otherwise parsed (once per blob).
         */
        private boolean valid(ObjectReader reader, int i) throws IOException {
            int from = i;
            while (from > 0 && validAt[from] == null && visits.get(from).validWithNewer()) {
                from--;
            }
            for (int k = from; k <= i; k++) {
                if (validAt[k] == null) {
                    boolean inherited = k > 0 && visits.get(k).validWithNewer() && validAt[k - 1];
                    boolean sameBlob = k > 0
                            && visits.get(k).blob().equals(visits.get(k - 1).blob());
                    validAt[k] = inherited
                            || (!sameBlob
                                    && problemOf(reader, visits.get(k).blob()).isEmpty())
                            || (sameBlob && validAt[k - 1]);
                }
            }
            return validAt[i];
        }

        private Optional<String> problemOf(ObjectReader reader, ObjectId blob) throws IOException {
            Optional<String> known = validity.get(blob);
            if (known != null) {
                return known;
            }
            Optional<byte[]> bytes = bytes(reader, blob);
            Optional<String> problem;
            try {
                if (bytes.isEmpty()) {
                    problem = Optional.of("larger than " + ChannelsFileParser.MAX_FILE_BYTES + " bytes");
                } else {
                    new ChannelsFileParser().read(bytes.get(), path);
                    problem = Optional.empty();
                }
            } catch (ChannelsFileException e) {
                problem = Optional.of(e.problems().get(0).toString()
                        + (e.problems().size() > 1 ? " and " + (e.problems().size() - 1) + " more" : ""));
            }
            validity.put(blob, problem);
            return problem;
        }
    }

    /** One walk of the history for a set of channels. */
    private final class Walk {

        private final RevWalk walk;
        private final ObjectReader reader;
        private final List<String> channels;
        private final Map<String, Version> asked;
        private final List<Visit> visits = new ArrayList<>();
        /** Recently read revisions by blob id, least recently used first, and the bytes they hold. */
        private final Map<ObjectId, Revision> cache = new LinkedHashMap<>(16, 0.75f, true);

        private long cachedBytes;

        Walk(RevWalk walk, ObjectReader reader, List<String> channels, Map<String, Version> asked) {
            this.walk = walk;
            this.reader = reader;
            this.channels = channels;
            this.asked = asked;
        }

        Runs run(RevCommit head) throws IOException {
            int[] brokenAt = new int[channels.size()];
            Reading[] brokenBy = new Reading[channels.size()];
            Arrays.fill(brokenAt, -1);
            int unbroken = channels.size();
            Reading[] last = new Reading[channels.size()];
            Revision revision = null;
            ObjectId previousBlob = null;
            RevCommit commit = head;
            String end;
            while (true) {
                ObjectId blob = blobAt(commit);
                boolean changed = visits.isEmpty() || !Objects.equals(blob, previousBlob);
                boolean validWithNewer = !changed;
                if (changed) {
                    Revision newer = revision;
                    revision = revision(blob, newer, previousBlob);
                    validWithNewer =
                            revision.validWith() != null && revision.validWith().equals(previousBlob);
                    previousBlob = blob;
                }
                visits.add(
                        new Visit(commit.copy(), Instant.ofEpochSecond(commit.getCommitTime()), blob, validWithNewer));
                int visit = visits.size() - 1;
                if (changed) {
                    for (int i = 0; i < channels.size(); i++) {
                        if (brokenAt[i] >= 0) {
                            continue;
                        }
                        Reading reading = revision.reading(channels.get(i));
                        // A derived revision keeps the reading objects of unchanged channels: nothing to compare.
                        if (reading != last[i]
                                && !(reading instanceof Found found
                                        && found.version().equals(asked.get(channels.get(i))))) {
                            brokenAt[i] = visit;
                            brokenBy[i] = reading;
                            unbroken--;
                        }
                        last[i] = reading;
                    }
                }
                if (unbroken == 0) {
                    end = "";
                    break;
                }
                if (commit.getParentCount() == 0) {
                    end = repository.getObjectDatabase().getShallowCommits().contains(commit)
                            ? "the history is cut at commit " + shortId(commit) + " ("
                                    + UtcTime.at(visits.get(visit).time()) + "): this is a shallow clone"
                            : "";
                    break;
                }
                try {
                    commit = walk.parseCommit(commit.getParent(0));
                } catch (MissingObjectException e) {
                    end = "the history is incomplete after commit " + shortId(commit) + ": its parent "
                            + shortId(e.getObjectId()) + " is missing";
                    break;
                }
            }
            return new Runs(asked, List.copyOf(visits), brokenAt, brokenBy, end);
        }

        /** The file's blob in {@code commit}, or null when it is absent or not a regular file there. */
        private ObjectId blobAt(RevCommit commit) throws IOException {
            // The tree by id: parsing it as a RevTree first would only look up that it exists.
            try (TreeWalk tree = TreeWalk.forPath(reader, path, commit.getTree())) {
                if (tree == null || !isRegularFile(tree.getRawMode(0))) {
                    return null;
                }
                return tree.getObjectId(0);
            }
        }

        /**
         * The revision in {@code blob}, derived from {@code newer} (the revision in {@code newerBlob}) where the two
         * differ only in versions and comments.
         */
        private Revision revision(ObjectId blob, Revision newer, ObjectId newerBlob) throws IOException {
            if (blob == null) {
                return new Revision(null, path + " did not exist as a file", 0, null);
            }
            Revision cached = cache.get(blob);
            if (cached != null) {
                return cached;
            }
            Optional<byte[]> bytes = bytes(reader, blob);
            Revision revision;
            if (bytes.isEmpty()) {
                revision = new Revision(
                        null, path + " was larger than " + ChannelsFileParser.MAX_FILE_BYTES + " bytes", 0, null);
            } else {
                boolean derivable = newer != null && newer.scalars() != null;
                VersionScalars scalars =
                        derivable ? newer.scalars().older(bytes.get()) : VersionScalars.read(bytes.get(), channels);
                revision = scalars.fileProblem().isPresent()
                        ? new Revision(
                                null,
                                path + " could not be read: "
                                        + scalars.fileProblem().get(),
                                0,
                                null)
                        : new Revision(
                                scalars, null, bytes.get().length, scalars.validWhenNewerIs() ? newerBlob : null);
            }
            cache.put(blob, revision);
            cachedBytes += revision.size();
            var eldest = cache.entrySet().iterator();
            while (cache.size() > 1 && (cache.size() > CACHED_REVISIONS || cachedBytes > CACHED_BYTES)) {
                Revision evicted = eldest.next().getValue();
                cachedBytes -= evicted.size();
                eldest.remove();
            }
            return revision;
        }
    }

    private static String why(Reading reading) {
        return ((Missing) reading).why();
    }

    /**
     * The blob's bytes, read only when it is no larger than a channels file may be (the bound the file itself is read
     * with); empty otherwise. The array may be JGit's own cached copy: it is only read.
     */
    private static Optional<byte[]> bytes(ObjectReader reader, ObjectId blob) throws IOException {
        ObjectLoader loader = reader.open(blob, Constants.OBJ_BLOB);
        if (loader.getSize() > ChannelsFileParser.MAX_FILE_BYTES) {
            return Optional.empty();
        }
        return Optional.of(loader.getCachedBytes(ChannelsFileParser.MAX_FILE_BYTES));
    }

    private static boolean isRegularFile(int mode) {
        return FileMode.REGULAR_FILE.equals(mode) || FileMode.EXECUTABLE_FILE.equals(mode);
    }

    private static String shortId(ObjectId id) {
        return id.name().substring(0, 12);
    }
}
