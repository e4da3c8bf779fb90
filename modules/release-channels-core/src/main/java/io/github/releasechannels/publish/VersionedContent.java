// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.util.Optional;

/**
 * A file's content and a token that changes whenever the file is replaced: the S3 ETag, elsewhere the SHA-256 of
 * the content. What a compare-and-swap compares.
 *
 * @param content the bytes read
 * @param version the token to pass to {@link FileStore#replaceIfUnchanged}
 * @param headers the headers the file is served with, where the store answered them with the content
 */
@SuppressWarnings("ArrayRecordComponent") // carries bytes read; never compared, hashed or used as a key
public record VersionedContent(byte[] content, String version, Optional<Headers> headers) {

    public VersionedContent {
        content = content.clone();
    }

    public VersionedContent(byte[] content, String version) {
        this(content, version, Optional.empty());
    }

    @Override
    public byte[] content() {
        return content.clone();
    }
}
