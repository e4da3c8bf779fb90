// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.site.Site;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link PublishPipeline} drives: a target opens a {@link Session} per attempt, whose {@link Session#snapshot}
 * reads what the target holds and whose {@link Session#write} and {@link Session#finish} perform the planned steps.
 * What to write, in which order, how many at once and what a conflict means is decided by the pipeline alone; a
 * target only says what it can do.
 *
 * <p>There are two kinds of target, and a new one is almost always the first:
 * <ul>
 *   <li>a store of files whose writes are visible as they happen (a directory, S3, SFTP) implements
 *       {@link FileStore}, single-file operations and its {@link FileStore.Capabilities}, and is opened with
 *       {@link PublishPipeline#forStore}: {@link StoreTarget} makes it a target, under the {@link PublishLock};</li>
 *   <li>a target that makes every write visible at once in its finish, a compare-and-swap that either lands whole or
 *       conflicts (a git branch: the steps edit one commit, the finish pushes it without force), implements this
 *       interface itself, with {@link Capabilities#atomic} true and no {@link #lockFiles}: the publish-git module's
 *       {@code GitBranchTarget} is the one. Modelled as a store it would need a lock it does not need and would
 *       make each file a commit.</li>
 * </ul>
 */
public interface PublishTarget extends AutoCloseable {

    /** Where this target writes and with which credential source, safe to log (never a secret). */
    String describe();

    /**
     * The files that hold the {@link PublishLock} while a publish writes; empty when the target's final write is
     * itself a compare-and-swap of everything at once (a git push), so no lock is needed.
     */
    Optional<FileStore> lockFiles();

    /** Where the target's own warnings go from the start of a publish (the lock included). */
    default void logTo(PublishLog log) {}

    /** {@link Publisher#prefetchSnapshot}: a target whose first snapshot can be read ahead does it. */
    default void prefetchSnapshot() {}

    /**
     * Opens a session for one attempt; its log is the publish's. A target whose writes are visible as they happen
     * asks {@code fence} before each of them, retries included.
     */
    Session open(PublishLog log, WriteFence fence) throws IOException;

    @Override
    void close() throws IOException;

    /**
     * What a session's target can do, which the pipeline plans by.
     *
     * @param comparesHeaders whether the target serves per-file headers the plan must keep up to date
     * @param atomic          whether nothing {@link Session#write} does is visible before {@link Session#finish}: then
     *                        a conflict at the finish left the target as it was, and the pipeline plans again from a
     *                        new snapshot
     * @param maxParallelism  how many {@link Session#write}s may run at once; 1 for a target that is not safe to use
     *                        concurrently
     */
    record Capabilities(boolean comparesHeaders, boolean atomic, int maxParallelism) {

        /** A target whose final write is one commit of every step (a git push), one step at a time. */
        public static final Capabilities ATOMIC_COMMIT = new Capabilities(false, true, 1);

        public Capabilities {
            if (maxParallelism < 1) {
                throw new IllegalArgumentException("maxParallelism must be at least 1");
            }
        }

        /** A {@link FileStore}'s: its writes are visible as they happen, so never atomic. */
        public static Capabilities of(FileStore.Capabilities store) {
            return new Capabilities(store.headers(), false, store.maxParallelism());
        }
    }

    /** One attempt against the target: read once, then write. */
    interface Session extends AutoCloseable {

        /**
         * The manifest (with its version token), the files the plan compares and the served versions, for a publish
         * with {@code policy}, which a store that lists its files uses to trust the previous manifest's record of a
         * file's headers (a target without per-file headers has no use for it).
         */
        TargetState snapshot(Site site, HeaderPolicy policy) throws IOException;

        /** The entity tag the target gave the last {@link #write} of {@code path}, for the manifest's record. */
        default Optional<String> writtenEntityTag(String path) {
            return Optional.empty();
        }

        /** Logs that the plan changes nothing, in the target's terms. */
        void nothingChanged();

        /** Who changed the target during this attempt, for the log: "Another publish pushed to branch ...". */
        String conflict();

        /** What the target can do: per-file headers, all-at-once writes, how many writes at once. */
        Capabilities capabilities();

        /**
         * Called once before the first write with the plan and every path it covers (a store removes what a killed
         * publish left at them; git keeps the plan for its commit message).
         */
        default void prepare(Site site, PublishPlan plan, Set<String> paths) throws IOException {}

        /**
         * Performs one step that is not the manifest's; may run concurrently with others up to the parallelism.
         * {@code before} is what the snapshot the plan was made from held at the step's path (empty: nothing): a
         * store that decides conditions itself writes only while it still holds that, so a write of a publish whose
         * lease ran out cannot land over a later publish's.
         *
         * @throws ConcurrentPublishException when the file changed since the snapshot, not by this publish
         */
        void write(PlannedChange step, Optional<StoredFile> before) throws IOException;

        /**
         * Makes the publish complete: writes {@code manifest} (when the plan writes it) only if the target still
         * holds the manifest version the snapshot read ({@code expected}, empty for none), and for an atomic target
         * commits every write at once.
         *
         * @return false when another publish changed the target since the snapshot
         */
        boolean finish(Optional<PlannedChange> manifest, Optional<String> expected) throws IOException;

        /** The manifest the target holds now, to tell a lost answer to a successful swap from a real conflict. */
        Optional<VersionedContent> readManifest() throws IOException;

        @Override
        void close() throws IOException;
    }
}
