// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.TargetUri;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a site lives in a bucket: {@code s3://BUCKET/PREFIX}, the prefix without leading or trailing slashes and
 * possibly empty (the bucket's root).
 */
record S3Location(String bucket, String prefix) {

    static final String SCHEME = "s3://";
    private static final String FORM = "Write s3://BUCKET or s3://BUCKET/PREFIX, e.g. s3://my-bucket/teleport";

    /**
     * Lower-case letters, digits, dots, hyphens and underscores, 3 to 255 characters, starting and ending with a
     * letter or digit: wide enough for AWS (including legacy names), Google Cloud Storage, R2 and MinIO.
     */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,253}[a-z0-9]");

    static S3Location parse(String target) throws InvalidTargetException {
        // Refuses an access key before the '@' and a query, without repeating them: this method may quote the rest.
        TargetUri parsed = TargetUri.parse(target);
        String trimmed = parsed.value();
        if (!parsed.scheme().equals("s3") || !trimmed.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw parsed.invalid("is not an s3:// URI", FORM);
        }
        // Split by hand: bucket names may hold an '_', which a URI host cannot.
        String rest = trimmed.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.contains(":")) {
            throw parsed.invalid(
                    "has a port after the bucket name",
                    "Write s3://BUCKET/PREFIX and an " + "S3-compatible endpoint in releaseChannels.s3.endpoint");
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw parsed.invalid(
                    "has an invalid bucket name '" + bucket + "'",
                    "Use 3 to 255 lower-case letters, "
                            + "digits, dots, hyphens or underscores, starting and ending with a letter or digit (e.g. "
                            + "s3://my-bucket/teleport)");
        }
        return new S3Location(bucket, normalizePrefix(parsed, prefix));
    }

    private static String normalizePrefix(TargetUri target, String prefix) throws InvalidTargetException {
        String trimmed = prefix.replaceAll("^/+|/+$", "");
        if (trimmed.isEmpty()) {
            return "";
        }
        if (trimmed.contains("#")) {
            throw target.invalid(
                    "has a fragment",
                    "Write s3://BUCKET/PREFIX and set options as " + "releaseChannels.s3.* properties");
        }
        Optional<String> problem = TargetUri.segmentProblem(trimmed);
        if (problem.isPresent()) {
            throw target.invalid(
                    "has an invalid prefix '" + prefix + "': " + problem.get(),
                    "Write e.g. " + "s3://my-bucket/teleport/updates");
        }
        return trimmed;
    }

    /** The object key of a site path. */
    String key(String path) {
        return prefix.isEmpty() ? path : prefix + "/" + path;
    }

    /** {@code s3://bucket/key} of a site path, for messages. */
    String uri(String path) {
        return SCHEME + bucket + "/" + key(path);
    }

    @Override
    public String toString() {
        return SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
}
