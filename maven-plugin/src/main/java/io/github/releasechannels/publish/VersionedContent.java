package io.github.releasechannels.publish;

/**
 * A file's content and a token that changes whenever the file is replaced: the S3 ETag, elsewhere the SHA-256 of
 * the content. What a compare-and-swap compares.
 *
 * @param content the bytes read
 * @param version the token to pass to {@link FileStore#replaceIfUnchanged}
 */
public record VersionedContent(byte[] content, String version) {

    public VersionedContent {
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }
}
