// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.util.Optional;

/**
 * A file as the target holds it now.
 *
 * @param path    relative to the site root
 * @param sha256  the SHA-256 of its content, or empty when the target cannot say (then it is rewritten)
 * @param headers its headers, or empty when the target has none or cannot say
 * @param entityTag the store's entity tag of the object (S3's ETag), empty where the store has none
 */
public record StoredFile(String path, Optional<String> sha256, Optional<Headers> headers, Optional<String> entityTag) {

    public StoredFile(String path, Optional<String> sha256, Optional<Headers> headers) {
        this(path, sha256, headers, Optional.empty());
    }

    /**
     * The version token {@link TargetFiles#readVersioned} gives the same file: the entity tag where the store has
     * them, else the SHA-256 of the content; empty when the store said neither.
     */
    public Optional<String> version() {
        return entityTag.or(() -> sha256);
    }
}
