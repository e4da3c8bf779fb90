// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.PublishLock;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.TargetOptions;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteLayout;
import io.github.releasechannels.site.SiteRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Sites from YAML, settings for the mock, a separate client that checks what the store holds, a log that keeps lines. */
final class S3Fixtures {

    private S3Fixtures() {}

    static Site site(String yaml) {
        try {
            return new SiteRenderer()
                    .render(
                            new ChannelsFileParser().parse(yaml.getBytes(StandardCharsets.UTF_8), "channels.yaml"),
                            Source.untracked("channels.yaml"));
        } catch (ChannelsFileException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** Retries without sleeping, so tests that provoke failures stay fast. */
    static Retry fastRetry() {
        return new Retry(4, Duration.ofMillis(1), Duration.ofMillis(1), duration -> {});
    }

    static Credentials serverCredentials(String accessKeyId, String secretKey) {
        return new Credentials(
                Optional.ofNullable(accessKeyId),
                Optional.ofNullable(secretKey),
                Optional.empty(),
                Optional.empty(),
                "settings.xml server 'test-s3'");
    }

    /** Settings for the mock: its endpoint, path-style, a region, and test credentials unless given. */
    static TargetSettings settings(S3MockServer s3, Map<String, String> extraOptions, Optional<Credentials> credentials)
            throws InvalidTargetException {
        Map<String, String> options = new HashMap<>();
        options.put(S3Options.ENDPOINT, s3.endpoint().toString());
        options.put(S3Options.PATH_STYLE, "true");
        options.put(S3Options.REGION, "us-east-1");
        options.putAll(extraOptions);
        return new TargetSettings(credentials, TargetOptions.parse(options), Map.of(), Path.of("target"), fastRetry());
    }

    static TargetSettings settings(S3MockServer s3) throws InvalidTargetException {
        return settings(s3, Map.of(), Optional.of(serverCredentials("test-access-key", "test-secret-key")));
    }

    /** A client of the test's own, to look at the bucket independently of the store under test. */
    static S3Client inspector(S3MockServer s3) {
        return S3Client.builder()
                .endpointOverride(s3.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .build();
    }

    /**
     * Every object under {@code prefix} (a folder, without trailing slash; empty for the bucket) with its bytes; the
     * publish lock only while it is held: a released one (see {@link #withoutReleasedLock}) stays between publishes.
     */
    static Map<String, String> contents(S3Client client, String bucket, String prefix) {
        Map<String, byte[]> objects = new TreeMap<>();
        String listPrefix = prefix.isEmpty() ? "" : prefix + "/";
        for (S3Object object : client.listObjectsV2Paginator(
                        b -> b.bucket(bucket).prefix(listPrefix))
                .contents()) {
            objects.put(
                    object.key().substring(listPrefix.length()),
                    client.getObjectAsBytes(b -> b.bucket(bucket).key(object.key()))
                            .asByteArray());
        }
        return withoutReleasedLock(objects);
    }

    /**
     * Objects by path as text, the manifest without the store's records, and without the publish lock when it is
     * released (its holder wrote it so, or the manifest names its lease): on S3 the lock object stays between
     * publishes, and only a held one is left behind.
     */
    static Map<String, String> withoutReleasedLock(Map<String, byte[]> objects) {
        Map<String, String> contents = new TreeMap<>();
        Optional<Manifest> manifest = Optional.ofNullable(objects.get(SiteLayout.MANIFEST_FILE))
                .flatMap(bytes -> {
                    try {
                        return Optional.of(Manifest.parse(bytes));
                    } catch (Manifest.InvalidManifestException e) {
                        return Optional.empty();
                    }
                });
        objects.forEach((path, bytes) -> {
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (path.equals(PublishLock.LOCK_FILE)
                    && PublishLock.Holder.parse(bytes)
                            .filter(lock -> PublishLock.isReleased(lock, manifest))
                            .isPresent()) {
                return;
            }
            contents.put(path, path.equals(SiteLayout.MANIFEST_FILE) ? withoutStoreRecords(text) : text);
        });
        return contents;
    }

    private static final Pattern STORE_RECORD =
            Pattern.compile(", \"etag\": \"[^\"]*\", \"content_type\": \"[^\"]*\", \"cache_control\": \"[^\"]*\"");
    private static final Pattern CONDITIONAL_WRITES_PROOF =
            Pattern.compile("  \"conditional_writes\": \\{\"store\": \"[^\"]*\", \"proven\": \"[^\"]*\"\\},\n");
    private static final Pattern LEASE_RECORD =
            Pattern.compile("  \"lease\": \\{\"token\": \"[^\"]*\", \"lock_version\": \"[^\"]*\"\\},\n");

    /**
     * A manifest as the site rendered it: without the entity tag and headers the store reported for each file,
     * which only the store knows after the upload (the tests that count requests check them), nor the proof that
     * the store honours conditional writes (the probe's tests check it), nor the lease it was written under (the
     * lock's tests check it).
     */
    static String withoutStoreRecords(String manifest) {
        return LEASE_RECORD
                .matcher(CONDITIONAL_WRITES_PROOF
                        .matcher(STORE_RECORD.matcher(manifest).replaceAll(""))
                        .replaceAll(""))
                .replaceAll("");
    }

    /** The site's files as path to text. */
    static Map<String, String> contents(Site site) {
        Map<String, String> contents = new TreeMap<>();
        site.files().forEach(file -> contents.put(file.path(), new String(file.content(), StandardCharsets.UTF_8)));
        return contents;
    }

    /**
     * An object as S3Mock serves it, as an agent reads it. S3Mock, unlike S3, rewrites an object's file in place, so a
     * GET during a PUT (the publisher's retry of a PUT whose answer was lost) can return part of it. Such a torn read
     * does not match the SHA-256 the publisher stored with the object and is read again; S3 itself never serves a
     * partial object.
     */
    static Optional<byte[]> readWhole(S3Client client, String bucket, String key) {
        byte[] bytes = null;
        for (int attempt = 1; attempt <= 20; attempt++) {
            ResponseBytes<GetObjectResponse> object;
            try {
                object = client.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            }
            bytes = object.asByteArray();
            if (SiteFile.sha256(bytes).equals(object.response().metadata().get(S3Store.SHA256_METADATA))) {
                break;
            }
        }
        return Optional.of(bytes);
    }

    static void put(S3Client client, String bucket, String key, String content) {
        client.putObject(b -> b.bucket(bucket).key(key).contentType("text/plain"), RequestBody.fromString(content));
    }
}
