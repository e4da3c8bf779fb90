// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.site.SiteFile;
import java.io.IOException;
import java.util.Collection;
import java.util.Optional;

/**
 * A target that stores files by path (a directory, a bucket, an SFTP server). {@link PublishPipeline} decides what
 * to write and in which order; a store only performs single-file operations, each of which must replace the whole
 * file at once (readers see the old or the new content, never a part).
 */
public interface FileStore extends TargetFiles, AutoCloseable {

    /** Creates or replaces a file with its content and headers, atomically for readers. */
    void write(SiteFile file, Headers headers) throws IOException;

    /** What this store can do, which the pipeline and the lock read instead of assuming. */
    Capabilities capabilities();

    /**
     * What a store can do.
     *
     * @param conditionalWrites how far {@link #createIfAbsent} and {@link #replaceIfUnchanged} are atomic; only a
     *                          store with {@link ConditionalWrites#ATOMIC} is asked to {@link #writeIfUnchanged}
     * @param headers           whether the store serves per-file headers that {@link #updateHeaders} can change
     * @param maxParallelism    how many single-file operations may run at once; 1 for a store that is not safe to
     *                          use from several threads
     * @param claimed           what must be proven before trusting {@link ConditionalWrites#ATOMIC}; empty when
     *                          nothing is claimed
     */
    record Capabilities(
            ConditionalWrites conditionalWrites,
            boolean headers,
            int maxParallelism,
            Optional<ClaimedConditions> claimed) {

        public Capabilities {
            if (maxParallelism < 1) {
                throw new IllegalArgumentException("maxParallelism must be at least 1");
            }
        }

        /** A store without per-file headers and with nothing to prove. */
        public static Capabilities plainFiles(ConditionalWrites conditionalWrites, int maxParallelism) {
            return new Capabilities(conditionalWrites, false, maxParallelism, Optional.empty());
        }
    }

    /**
     * The entity tag the store answered to this store's last {@link #write} or {@link #updateHeaders} of
     * {@code path}, which the manifest records; empty for stores without entity tags.
     */
    default Optional<String> writtenEntityTag(String path) {
        return Optional.empty();
    }

    /** Changes the headers of an unchanged file without rewriting what readers see; asked only of stores with them. */
    default void updateHeaders(SiteFile file, Headers headers) throws IOException {
        throw new UnsupportedOperationException(describe() + " has no per-file headers");
    }

    /** Where the store's own warnings go during a publish; stores without any ignore it. */
    default void logTo(PublishLog log) {}

    /**
     * Reads ahead, once, what the first {@linkplain TargetState#read snapshot} asks for first (a remote store's
     * manifest and listing), for that snapshot to take instead of asking again: a deploy calls it on the thread that
     * opens the target, while channels.yaml is read and rendered. It only reads, and a snapshot taken from it is
     * as a snapshot taken at that moment, which the publish lock treats as any snapshot taken before it. A failure
     * is not reported here: the snapshot then asks, with retries, and reports it. Stores whose reads are cheap do
     * nothing.
     */
    default void prefetchSnapshot() {}

    /** Deletes a file; a file that is already gone is not an error. */
    void delete(String path) throws IOException;

    /** How far {@link #createIfAbsent} and {@link #replaceIfUnchanged} are atomic against another publisher. */
    enum ConditionalWrites {
        /** Both are decided by the store in one request (S3 {@code If-None-Match} / {@code If-Match}). */
        ATOMIC,
        /** Creating is exclusive (a hard link or a rename that refuses an existing name); replacing checks first. */
        EXCLUSIVE_CREATE,
        /** Both check first and then write: two publishers can both pass the check. */
        CHECK_THEN_WRITE
    }

    /**
     * Conditional writes this store is configured to trust but cannot know it gets (an S3-compatible store may
     * ignore {@code If-None-Match} and {@code If-Match} and write anyway): {@link PublishLock} proves them with
     * writes that must fail before a publish relies on them.
     *
     * @param store      which store a proof is valid for (endpoint and bucket), recorded in the manifest; never a
     *                   secret
     * @param whenIgnored what to do when the store ignores them, and what that costs
     */
    record ClaimedConditions(String store, String whenIgnored) {}

    /** Creates a file only when nothing exists at its path; {@code false} when something does. */
    boolean createIfAbsent(SiteFile file, Headers headers) throws IOException;

    /**
     * Replaces a file only while it still has the version {@code expected}; {@code false} when it changed or is
     * gone. A store with conditional requests decides it in the request; the others {@linkplain #replaceAfterCheck
     * check and then write}, which is safe only while the publish holds the {@link PublishLock}.
     */
    boolean replaceIfUnchanged(SiteFile file, Headers headers, String expected) throws IOException;

    /**
     * {@link #replaceIfUnchanged} for a store without conditional requests: reads the version, then writes. Two
     * publishers can both pass the check, so only the {@link PublishLock} makes it safe.
     */
    static boolean replaceAfterCheck(FileStore store, SiteFile file, Headers headers, String expected)
            throws IOException {
        Optional<VersionedContent> current = store.readVersioned(file.path());
        if (current.isEmpty() || !current.get().version().equals(expected)) {
            return false;
        }
        store.write(file, headers);
        return true;
    }

    /**
     * Writes a file of the site only while the store still holds what the publish's snapshot saw at its path:
     * {@code expected} is the version token listed there ({@link StoredFile#version}), empty when nothing was.
     * {@code false} when the file changed since. Asked only of a store whose {@link Capabilities#conditionalWrites}
     * is {@link ConditionalWrites#ATOMIC}, which decides it in the write itself, so a write of a publish whose lease
     * ran out, landing late, cannot replace what a later publish wrote; the other stores are asked to
     * {@link #write} (the publish lock alone orders writers there, and a check first would not be atomic either).
     */
    default boolean writeIfUnchanged(SiteFile file, Headers headers, Optional<String> expected) throws IOException {
        throw new UnsupportedOperationException(describe() + " has no atomic conditional writes");
    }

    /** {@link #updateHeaders} on the same terms as {@link #writeIfUnchanged}, the file's version being known. */
    default boolean updateHeadersIfUnchanged(SiteFile file, Headers headers, String expected) throws IOException {
        throw new UnsupportedOperationException(describe() + " has no atomic conditional writes");
    }

    /**
     * Removes what a killed publish left while writing these paths (see {@link TemporaryFiles}), without following
     * links. Called while the publish holds the lock, so no other publisher's file is in flight.
     */
    default void removeTemporaries(Collection<String> paths) throws IOException {}

    @Override
    void close() throws IOException;
}
