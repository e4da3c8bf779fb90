// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.site;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One file of the site: its path relative to the site root ({@code /}-separated), its exact bytes and how it is
 * served.
 */
public final class SiteFile {

    private final String path;
    private final byte[] content;
    private final String contentType;
    private final String sha256;

    public SiteFile(String path, byte[] content, String contentType) {
        this.path = Objects.requireNonNull(path, "path");
        this.content = content.clone();
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        this.sha256 = sha256(this.content);
    }

    public static SiteFile text(String path, String content, String contentType) {
        return new SiteFile(path, content.getBytes(StandardCharsets.UTF_8), contentType);
    }

    public String path() {
        return path;
    }

    public byte[] content() {
        return content.clone();
    }

    public int size() {
        return content.length;
    }

    public String contentType() {
        return contentType;
    }

    /** Lower-case hex SHA-256 of the content: how publishers decide whether a file changed. */
    public String sha256() {
        return sha256;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SiteFile other
                && path.equals(other.path)
                && contentType.equals(other.contentType)
                && Arrays.equals(content, other.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, sha256);
    }

    @Override
    public String toString() {
        return path + " (" + content.length + " bytes, " + contentType + ")";
    }
}
