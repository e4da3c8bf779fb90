// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.SiteFile;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** The files a target holds, as a publish reads them before it writes: a store, or a git branch's tree. */
public interface TargetFiles {

    /** Where the files are and with which credential source; never a secret. */
    String describe();

    /**
     * The content of a file, or empty when it does not exist. Only a regular file inside the target is read, and
     * at most {@link TargetReadLimit#MAX_BYTES} of it; anything else is a {@link TargetPathException}.
     */
    Optional<byte[]> read(String path) throws IOException;

    /** The files among {@code paths} that exist, by path, with their content hash and headers where known. */
    Map<String, StoredFile> stat(Collection<String> paths) throws IOException;

    /**
     * {@link #stat(Collection)} with what the previous publish recorded: {@code recorded} holds, by path, the
     * previous manifest's record of each file it owns (and the manifest's own, as just read), {@code wanted} the
     * headers this publish serves each of the new site's files with. A store that can list its files uses them to
     * trust a file whose entity tag is the recorded one without reading its metadata; the others ignore them.
     */
    default Map<String, StoredFile> stat(
            Collection<String> paths, Map<String, Manifest.OwnedFile> recorded, Map<String, Headers> wanted)
            throws IOException {
        return stat(paths);
    }

    /** The content of a file with its version token (by default its SHA-256), or empty when it does not exist. */
    default Optional<VersionedContent> readVersioned(String path) throws IOException {
        return read(path).map(bytes -> new VersionedContent(bytes, SiteFile.sha256(bytes)));
    }
}
