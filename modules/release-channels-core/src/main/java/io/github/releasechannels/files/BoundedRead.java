// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.files;

import io.github.releasechannels.failure.EnvironmentProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a local file that nothing vouches for (a channels file from a pull request, a manifest in a directory) so
 * that it can neither hang the build nor exhaust its memory: a FIFO, a device such as {@code /dev/zero}, a directory
 * or a symbolic link is refused before it is opened, and at most one byte more than the limit is read.
 */
public final class BoundedRead {

    private BoundedRead() {}

    /** The file is not a regular file: nothing of it was read. */
    public static final class NotARegularFileException extends EnvironmentProblemException {
        private final String kind;

        NotARegularFileException(Path file, String kind) {
            super(file + " is " + kind + ", not a regular file");
            this.kind = kind;
        }

        /** What it is instead: {@code a symbolic link}, {@code a directory}, {@code a FIFO or device}. */
        public String kind() {
            return kind;
        }
    }

    /**
     * The bytes of {@code file}, itself a regular file (a symbolic link is not followed but refused), or the first
     * {@code maxBytes + 1} of them when it is longer, so the caller can report the size without holding it.
     *
     * @throws NotARegularFileException when {@code file} is a link, a directory, a FIFO, a device or a socket
     */
    public static byte[] regularFile(Path file, int maxBytes) throws IOException {
        BasicFileAttributes attributes =
                Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            throw new NotARegularFileException(
                    file,
                    attributes.isSymbolicLink()
                            ? "a symbolic link"
                            : attributes.isDirectory() ? "a directory" : "a FIFO, socket or device");
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return upTo(in, maxBytes);
        }
    }

    /** At most {@code maxBytes + 1} bytes of {@code in}: one more than the limit tells the caller it was passed. */
    public static byte[] upTo(InputStream in, int maxBytes) throws IOException {
        return in.readNBytes(maxBytes + 1);
    }
}
