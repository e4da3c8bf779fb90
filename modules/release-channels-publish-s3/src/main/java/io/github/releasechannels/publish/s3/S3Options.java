// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import io.github.releasechannels.publish.OptionReader;
import io.github.releasechannels.publish.OptionsKind;
import io.github.releasechannels.publish.TargetUri;
import io.github.releasechannels.url.UrlParts;
import io.github.releasechannels.workflow.Options;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The S3 target's own options.
 *
 * @param region            the bucket's region ({@link Options#S3_REGION}), lower case; empty for the SDK's region chain
 * @param endpoint          an S3-compatible store's endpoint ({@link Options#S3_ENDPOINT}): https, or http on loopback
 * @param pathStyle         path-style requests ({@link Options#S3_PATH_STYLE})
 * @param conditionalWrites whether the store honours {@code If-None-Match} / {@code If-Match} on PUT
 *                          ({@link Options#S3_CONDITIONAL_WRITES})
 * @param checksums         when the SDK computes and checks checksums ({@link Options#S3_REQUEST_CHECKSUMS})
 * @param verifyHeaders     check every object's headers with a HEAD instead of trusting the manifest
 *                          ({@link Options#S3_VERIFY_HEADERS}); read by the snapshot by listing
 */
public record S3Options(
        Optional<String> region,
        Optional<URI> endpoint,
        boolean pathStyle,
        boolean conditionalWrites,
        ChecksumMode checksums,
        boolean verifyHeaders) {

    public static final String REGION = Options.key(Options.S3_REGION);
    public static final String ENDPOINT = Options.key(Options.S3_ENDPOINT);
    public static final String PATH_STYLE = Options.key(Options.S3_PATH_STYLE);
    /** {@code false} for stores that ignore or reject {@code If-None-Match} / {@code If-Match} on PUT. */
    public static final String CONDITIONAL_WRITES = Options.key(Options.S3_CONDITIONAL_WRITES);

    public static final String REQUEST_CHECKSUMS = Options.key(Options.S3_REQUEST_CHECKSUMS);
    public static final String VERIFY_HEADERS = Options.key(Options.S3_VERIFY_HEADERS);

    public static final S3Options DEFAULTS =
            new S3Options(Optional.empty(), Optional.empty(), false, true, ChecksumMode.WHEN_SUPPORTED, false);

    /** How {@link S3PublisherFactory} has these options read. */
    public static final OptionsKind<S3Options> KIND = new OptionsKind<>(S3Options.class, S3Options::parse);

    private static final Pattern REGION_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /**
     * When the SDK computes and checks checksums (its {@code RequestChecksumCalculation} and
     * {@code ResponseChecksumValidation} of the same names, mapped where the client is built); stores that reject
     * the newer headers need WHEN_REQUIRED.
     */
    public enum ChecksumMode {
        WHEN_SUPPORTED,
        WHEN_REQUIRED
    }

    public static S3Options parse(OptionReader options) {
        return new S3Options(
                region(options),
                endpoint(options),
                options.bool(PATH_STYLE, DEFAULTS.pathStyle),
                options.bool(CONDITIONAL_WRITES, DEFAULTS.conditionalWrites),
                checksumMode(options),
                options.bool(VERIFY_HEADERS, DEFAULTS.verifyHeaders));
    }

    private static Optional<String> region(OptionReader options) {
        Optional<String> value = options.value(REGION);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String region = value.get().toLowerCase(Locale.ROOT);
        if (!REGION_NAME.matcher(region).matches()) {
            options.problem(
                    value.get(),
                    OptionReader.PREFIX + REGION + " '" + value.get() + "' is not a region "
                            + "name; write e.g. eu-west-1 (Amazon S3), auto (Cloudflare R2) or us-east-1 (Google Cloud "
                            + "Storage, MinIO)");
            return Optional.empty();
        }
        return Optional.of(region);
    }

    private static Optional<URI> endpoint(OptionReader options) {
        Optional<String> value = options.value(ENDPOINT);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String name = OptionReader.PREFIX + ENDPOINT;
        if (value.get().contains("@")) {
            // Most likely user:secret@host; checked before parsing, which a '/' in a secret would derail.
            options.problem(
                    UrlParts.MASK,
                    name + " must not contain credentials; put the access key in a "
                            + "settings.xml <server> or use the AWS default credential chain");
            return Optional.empty();
        }
        String fix = "; write e.g. https://storage.googleapis.com or https://ACCOUNT_ID.r2.cloudflarestorage.com";
        // A query may carry a token: every message below shows the endpoint with it masked.
        String shown = UrlParts.redact(value.get());
        URI uri;
        try {
            uri = new URI(value.get());
        } catch (URISyntaxException e) {
            options.problem(shown, name + " '" + shown + "' is not a URL (" + e.getReason() + ")" + fix);
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null
                || !(scheme.equals("https") || scheme.equals("http"))
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            options.problem(shown, name + " '" + shown + "' is not an https:// URL with a host and no query" + fix);
            return Optional.empty();
        }
        if (TargetUri.isPlainHttpOffThisMachine(uri)) {
            options.problem(
                    shown,
                    name + " '" + shown + "' uses plain http, which would send the site and "
                            + "signed requests unencrypted; use https (" + TargetUri.LOOPBACK_ONLY + ")");
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    private static ChecksumMode checksumMode(OptionReader options) {
        Optional<String> value = options.value(REQUEST_CHECKSUMS);
        if (value.isEmpty()) {
            return DEFAULTS.checksums;
        }
        for (ChecksumMode mode : ChecksumMode.values()) {
            if (mode.name().equalsIgnoreCase(value.get().replace('-', '_'))) {
                return mode;
            }
        }
        options.problem(
                value.get(),
                OptionReader.PREFIX + REQUEST_CHECKSUMS + " '" + value.get() + "' is not "
                        + "when_supported (the default) or when_required (for stores that reject the newer checksum "
                        + "headers, such as Google Cloud Storage)");
        return DEFAULTS.checksums;
    }
}
