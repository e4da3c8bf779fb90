// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.files.BoundedRead;
import io.github.releasechannels.site.Manifest;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bound on every read from a target: a file a publish reads (the manifest, a channel's files, the status page)
 * is a few bytes to a few megabytes, so anything larger (a huge file, {@code /dev/zero} behind a link, an endless
 * body) is refused before it fills the memory.
 */
public final class TargetReadLimit {

    /** The largest file read from a target; far above any manifest or status page of the largest channels file. */
    public static final int MAX_BYTES = Manifest.MAX_BYTES;

    private TargetReadLimit() {}

    /** Refuses a file whose size, as the target reports it, is above {@link #MAX_BYTES}. */
    public static void checkSize(long size, String path, String where) throws TargetPathException {
        if (size > MAX_BYTES) {
            throw tooLarge(path, where, size + " bytes");
        }
    }

    /** Reads {@code in} to its end, refusing it as soon as it passes {@link #MAX_BYTES}. */
    public static byte[] readAll(InputStream in, String path, String where) throws IOException {
        byte[] content = BoundedRead.upTo(in, MAX_BYTES);
        if (content.length > MAX_BYTES) {
            throw tooLarge(path, where, "more than " + MAX_BYTES + " bytes");
        }
        return content;
    }

    private static TargetPathException tooLarge(String path, String where, String size) {
        return new TargetPathException(
                path,
                where,
                "is " + size + ", more than the " + MAX_BYTES + " bytes any "
                        + "file of a site may have: it is not one this plugin wrote. Move it away and publish again");
    }
}
