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

    /**
     * The entity tag the store answered to this store's last {@link #write} or {@link #updateHeaders} of
     * {@code path}, which the manifest records; empty for stores without entity tags.
     */
    default Optional<String> writtenEntityTag(String path) {
        return Optional.empty();
    }

    /** Whether the store serves per-file headers that {@link #updateHeaders} can change. */
    default boolean supportsHeaders() {
        return false;
    }

    /** Changes the headers of an unchanged file without rewriting what readers see. */
    default void updateHeaders(SiteFile file, Headers headers) throws IOException {
        throw new UnsupportedOperationException(describe() + " has no per-file headers");
    }

    /**
     * How many single-file operations may run at once against this store; 1 for a store that is not safe to use
     * from several threads.
     */
    default int maxParallelism() {
        return 1;
    }

    /** Where the store's own warnings go during a publish; stores without any ignore it. */
    default void logTo(PublishLog log) {}

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

    /** What this store guarantees for conditional writes; {@link PublishLock} waits and re-reads where it is less. */
    ConditionalWrites conditionalWrites();

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

    /** What must be proven before trusting {@link ConditionalWrites#ATOMIC}; empty when nothing is claimed. */
    default Optional<ClaimedConditions> claimedConditions() {
        return Optional.empty();
    }

    /** Creates a file only when nothing exists at its path; {@code false} when something does. */
    boolean createIfAbsent(SiteFile file, Headers headers) throws IOException;

    /**
     * Replaces a file only while it still has the version {@code expected}; {@code false} when it changed or is
     * gone. This default checks and then writes, which is safe only while the publish holds the {@link PublishLock};
     * stores with conditional requests decide it in the request.
     */
    default boolean replaceIfUnchanged(SiteFile file, Headers headers, String expected) throws IOException {
        Optional<VersionedContent> current = readVersioned(file.path());
        if (current.isEmpty() || !current.get().version().equals(expected)) {
            return false;
        }
        write(file, headers);
        return true;
    }

    /**
     * Writes a file of the site only while the store still holds what the publish's snapshot saw at its path:
     * {@code expected} is the version token listed there ({@link StoredFile#version}), empty when nothing was.
     * {@code false} when the file changed since. Where {@link #conditionalWrites} is {@link ConditionalWrites#ATOMIC}
     * the store decides it in the write itself, so a write of a publish whose lease ran out, landing late, cannot
     * replace what a later publish wrote; elsewhere this writes as {@link #write} does (the publish lock alone
     * orders writers there, and a check first would not be atomic either).
     */
    default boolean writeIfUnchanged(SiteFile file, Headers headers, Optional<String> expected) throws IOException {
        write(file, headers);
        return true;
    }

    /** {@link #updateHeaders} on the same terms as {@link #writeIfUnchanged}, the file's version being known. */
    default boolean updateHeadersIfUnchanged(SiteFile file, Headers headers, String expected) throws IOException {
        updateHeaders(file, headers);
        return true;
    }

    /**
     * Removes what a killed publish left while writing these paths (see {@link TemporaryFiles}), without following
     * links. Called while the publish holds the lock, so no other publisher's file is in flight.
     */
    default void removeTemporaries(Collection<String> paths) throws IOException {}

    @Override
    void close() throws IOException;
}
