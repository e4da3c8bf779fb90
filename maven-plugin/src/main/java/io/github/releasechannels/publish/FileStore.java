package io.github.releasechannels.publish;

import io.github.releasechannels.site.SiteFile;
import java.io.IOException;

/**
 * A target that stores files by path (a directory, a bucket, an SFTP server). {@link StorePublisher} decides what
 * to write and in which order; a store only performs single-file operations, each of which must replace the whole
 * file at once (readers see the old or the new content, never a part).
 */
public interface FileStore extends TargetFiles, AutoCloseable {

    /** Creates or replaces a file with its content and headers, atomically for readers. */
    void write(SiteFile file, Headers headers) throws IOException;

    /** Whether the store serves per-file headers that {@link #updateHeaders} can change. */
    default boolean supportsHeaders() {
        return false;
    }

    /** Changes the headers of an unchanged file without rewriting what readers see. */
    default void updateHeaders(SiteFile file, Headers headers) throws IOException {
        throw new UnsupportedOperationException(describe() + " has no per-file headers");
    }

    /** Deletes a file; a file that is already gone is not an error. */
    void delete(String path) throws IOException;

    @Override
    void close() throws IOException;
}
