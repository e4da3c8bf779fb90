// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import static io.github.releasechannels.publish.s3.S3Fixtures.contents;
import static io.github.releasechannels.publish.s3.S3Fixtures.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.Headers;
import io.github.releasechannels.publish.PublishGuard;
import io.github.releasechannels.publish.PublishLock;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.PublishReport;
import io.github.releasechannels.publish.PublishRequest;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteLayout;
import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.testing.RecordingLog;
import io.github.releasechannels.testing.Sites;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * What a publish costs in requests, counted by kind as the SDK sends them (the lock's as {@code lock <Operation>}):
 * the snapshot lists the prefix and reads the manifest, and HEADs only what the manifest's record cannot vouch for.
 */
@RealServer
@ExtendWith(S3MockServer.Extension.class)
class S3RequestCountTest {

    private static S3MockServer s3;
    private static S3Client inspector;

    private final RequestRecorder recorder = new RequestRecorder();
    private final RecordingLog log = new RecordingLog();

    @BeforeAll
    static void setUp(S3MockServer server) {
        s3 = server;
        inspector = S3Fixtures.inspector(server);
    }

    @AfterAll
    static void tearDown() {
        inspector.close();
    }

    /**
     * The goals, 1,000 channels: 2,003 objects and the manifest, three listing pages. The lock object stays
     * after a publish, released by the manifest that names its lease: an unchanged publish sees that in the listing
     * and takes no lock; a change takes it with one conditional PUT on the listed ETag, plans from the snapshot it
     * already has (nothing can have been written since), and releases it by writing its manifest.
     */
    @Test
    void aThousandChannelsRepublishUnchangedInFourRequestsAndOneChannelChangeInEight() throws Exception {
        String yaml = Sites.manyChannels(1000);
        Site site = Sites.render(yaml);
        publish("s3://channels/thousand", site);
        // The first publish: the empty prefix listed and the manifest found missing, the lock created with
        // If-None-Match, the snapshot read again under it (a lock created where none was listed proves nothing of
        // what happened between), the probe's two PUTs that must fail, every object and the manifest.
        Map<String, Long> first = new TreeMap<>(recorder.countsByOperation());
        long lockPuts = first.remove("lock PutObject");
        assertEquals(
                Map.of("ListObjectsV2", 2L, "GetObject", 2L, "PutObject", (long)
                        site.files().size()),
                first,
                "first publish");
        // The lock's: created, the probe's two, and a renewal per 15 s of a publish of 2,004 objects.
        List<RequestRecorder.Call> lockWrites = recorder.calls().stream()
                .filter(call -> call.key().endsWith(PublishLock.LOCK_FILE))
                .toList();
        assertEquals(lockPuts, lockWrites.size());
        assertEquals(List.of("*"), lockWrites.get(0).headers().get("If-None-Match"), "created");
        assertEquals(List.of("*"), lockWrites.get(1).headers().get("If-None-Match"), "probed");
        assertTrue(
                lockWrites.get(2).headers().get("If-Match").get(0).startsWith("\"release-channels-probe-"), "probed");
        lockWrites
                .subList(3, lockWrites.size())
                .forEach(renewal ->
                        assertEquals(1, renewal.headers().get("If-Match").size(), "renewed"));
        recorder.clear();

        PublishReport unchanged = publish("s3://channels/thousand", site);

        assertTrue(unchanged.plan().changesNothing(), unchanged.summary());
        assertEquals(
                Map.of("ListObjectsV2", 3L, "GetObject", 1L),
                recorder.countsByOperation(),
                "unchanged: the listing's pages and the manifest, no HEAD and no lock");
        assertTrue(recorder.calls().size() <= 5, recorder.countsByOperation().toString());

        recorder.clear();
        String released = listedLockEntityTag("thousand/");
        Site changed = Sites.render(yaml.replaceFirst("version: 14.0.1", "version: 14.0.2"));
        publish("s3://channels/thousand", changed);

        assertEquals(
                List.of(
                        "PutObject thousand/fleet-000000/version",
                        "PutObject thousand/index.html",
                        "PutObject thousand/release-channels.json"),
                recorder.writes());
        assertEquals(List.of(), recorder.keys("HeadObject"));
        // Planned without the lock (4), the lock taken with If-Match on the listed ETag (1), 3 writes; no read of
        // the lock, no second snapshot, no request to release it.
        assertEquals(
                Map.of("ListObjectsV2", 3L, "GetObject", 1L, "lock PutObject", 1L, "PutObject", 3L),
                recorder.countsByOperation());
        assertTrue(recorder.calls().size() <= 8, recorder.countsByOperation().toString());
        // Each write is conditional on the ETag the listing saw, which costs no request.
        recorder.calls("PutObject")
                .forEach(put -> assertEquals(
                        1,
                        put.headers().getOrDefault("If-Match", List.of()).size(),
                        put + " " + put.headers().keySet()));
        assertEquals(
                List.of("\"" + released + "\""),
                lockPut().headers().get("If-Match"),
                "taken on the ETag the manifest of the previous publish names");
        assertLockReleasedByTheManifest("thousand/");
        System.out.println("1,000 channels, one channel changed: " + recorder.countsByOperation());
    }

    /**
     * A listing of more than a page is cut into segments by the previous manifest's keys and read side by side (S3
     * answers one page after another when each waits for the last), and still sees every object: a segment that
     * holds more than a page, here by objects uploaded by hand, reads on until it passes its end, and an object
     * deleted out of band behind them is found missing and rewritten, and only it. In a bucket of its own: S3Mock
     * lists a prefix by reading every object of its bucket.
     */
    @Test
    void aLargePrefixIsListedInSegmentsSideBySideThatStillSeeEveryObject() throws Exception {
        inspector.createBucket(b -> b.bucket("segments"));
        Site site = Sites.render(Sites.manyChannels(600));
        publish("s3://segments/site", site);
        List<String> keys = siteKeys("site/", site);
        assertTrue(keys.size() > 990 && keys.size() < 1980, "two segments: " + keys.size() + " keys");
        recorder.clear();

        assertTrue(publish("s3://segments/site", site).plan().changesNothing());

        List<RequestRecorder.Call> listings = recorder.calls("ListObjectsV2");
        assertEquals(2, listings.size(), listings.toString());
        assertEquals(
                Set.of(Optional.empty(), Optional.of(keys.get(989))),
                listings.stream().map(RequestRecorder.Call::startAfter).collect(Collectors.toSet()),
                "two segments, sent in any order: from the start, and after the manifest's 990th key");
        assertEquals(Map.of("ListObjectsV2", 2L, "GetObject", 1L), recorder.countsByOperation());

        // The first segment grows past a page; an object behind the additions goes missing.
        String missing = keys.get(600);
        for (int i = 0; i < 20; i++) {
            S3Fixtures.put(inspector, "segments", keys.get(300) + "-by-hand-" + i, "not the site's");
        }
        inspector.deleteObject(b -> b.bucket("segments").key(missing));
        recorder.clear();

        publish("s3://segments/site", site);

        assertEquals(3, recorder.calls("ListObjectsV2").size(), "the first segment read a second page");
        assertEquals(
                List.of("PutObject " + missing, "PutObject site/release-channels.json"),
                recorder.writes(),
                "the deleted object rewritten, nothing else: every other object was listed");
        assertEquals(List.of(), recorder.keys("HeadObject"));
    }

    /**
     * The manifest is read from the target: one that names more keys than the segments allow (here 30,000 that do
     * not exist) does not multiply the listing's requests; the prefix is listed page after page.
     */
    @Test
    void aManifestNamingTooManyKeysIsListedPageAfterPageNotInSegments() throws Exception {
        Site site = site(S3PublishTest.V1);
        publish("s3://channels/inflated", site);
        String manifest = inspector
                .getObjectAsBytes(b -> b.bucket("channels").key("inflated/release-channels.json"))
                .asUtf8String();
        StringBuilder extra = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            extra.append(String.format(Locale.ROOT, "{\"path\": \"zz/extra-%05d\", \"sha256\": \"%064d\"},", i, i));
        }
        String inflated = manifest.replaceFirst("\"files\": \\[", "\"files\": [" + extra);
        assertTrue(
                Manifest.parse(inflated.getBytes(StandardCharsets.UTF_8))
                                .files()
                                .size()
                        > 30_000,
                "the inflated manifest is one the publish reads");
        S3Fixtures.put(inspector, "channels", "inflated/release-channels.json", inflated);
        recorder.clear();

        publish("s3://channels/inflated", site);

        List<RequestRecorder.Call> listings = recorder.calls("ListObjectsV2");
        assertTrue(listings.size() <= 2, listings.toString());
        listings.forEach(listing -> assertEquals(Optional.empty(), listing.startAfter(), listing.toString()));
    }

    /**
     * What a deploy reads ahead while channels.yaml is rendered (the manifest and the listing's first pages) is the
     * snapshot's: the publish sends only the pages not read ahead, and the requests in all stay those of a publish
     * without it.
     */
    @Test
    void aPrefetchedSnapshotIsThePublishsFirstSnapshotAndCostsNoExtraRequest() throws Exception {
        String yaml = Sites.manyChannels(1000);
        Site site = Sites.render(yaml);
        publish("s3://channels/ahead", site);
        recorder.clear();

        try (Opened opened = open("s3://channels/ahead")) {
            opened.store().prefetchSnapshot(1);
            assertEquals(Map.of("ListObjectsV2", 1L, "GetObject", 1L), recorder.countsByOperation(), "read ahead");
            recorder.clear();

            assertTrue(opened.publish(site).plan().changesNothing());

            assertEquals(
                    Map.of("ListObjectsV2", 2L),
                    recorder.countsByOperation(),
                    "the listing's other two pages; the manifest and the first page were read ahead");
        }
        recorder.clear();

        try (Opened opened = open("s3://channels/ahead")) {
            opened.publisher().prefetchSnapshot();
            assertEquals(Map.of("ListObjectsV2", 3L, "GetObject", 1L), recorder.countsByOperation(), "read ahead");
            recorder.clear();

            opened.publish(Sites.render(yaml.replaceFirst("version: 14.0.1", "version: 14.0.2")));

            assertEquals(
                    Map.of("lock PutObject", 1L, "PutObject", 3L),
                    recorder.countsByOperation(),
                    "planned from what was read ahead; the lock taken on the ETag it listed");
        }
    }

    /**
     * A snapshot read ahead is one taken before the lock: when another publish writes in between, the lock is not
     * taken on what it listed, and the publish plans again from what the target holds under the lock.
     */
    @Test
    void aPublishBetweenThePrefetchAndThePublishIsSeenUnderTheLock() throws Exception {
        publish("s3://channels/overtaken", site(S3PublishTest.V1));
        try (Opened opened = open("s3://channels/overtaken")) {
            opened.publisher().prefetchSnapshot();
            // Another publish, after the read ahead, adds a channel.
            publish(
                    "s3://channels/overtaken",
                    site(S3PublishTest.V1.replace(
                            "channels:\n", "channels:\n  extra:\n    version: 14.0.0\n    critical: false\n")));
            assertTrue(contents(inspector, "channels", "overtaken").containsKey("extra/version"));
            recorder.clear();

            opened.publish(site(S3PublishTest.V1.replace("14.2.1", "14.2.2")));

            assertTrue(recorder.countsByOperation().getOrDefault("ListObjectsV2", 0L) >= 1, "listed again");
        }
        Map<String, String> objects = contents(inspector, "channels", "overtaken");
        assertEquals("14.2.2", objects.get("current/version"));
        assertFalse(
                objects.containsKey("extra/version"),
                "the channel the other publish added is deleted, as a plan made under the lock sees it: "
                        + objects.keySet());
    }

    /**
     * A lock whose listing does not show the version the manifest names (a renewal that landed after the manifest,
     * a lock released by a publish that wrote nothing) is read once: it names the manifest's lease, so it is free,
     * and an unchanged publish takes five requests, a change nine.
     */
    @Test
    void aLockTheListingCannotVouchForIsReadOnceAndFoundFree() throws Exception {
        Site site = site(S3PublishTest.V1);
        publish("s3://channels/renewed", site);
        // What a renewal answered after the manifest had been written leaves: the same lease, a later expiry.
        editLock(
                "renewed/",
                lock -> lock.replaceFirst(
                        "expires=[^\n]*",
                        "expires=" + Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.MILLIS)));
        recorder.clear();

        assertTrue(publish("s3://channels/renewed", site).plan().changesNothing());

        assertEquals(
                Map.of("ListObjectsV2", 1L, "GetObject", 1L, "lock GetObject", 1L),
                recorder.countsByOperation(),
                "unchanged: the lock read once, found free");
        recorder.clear();

        publish("s3://channels/renewed", site(S3PublishTest.V1.replace("14.2.1", "14.2.2")));

        assertEquals(
                Map.of(
                        "ListObjectsV2",
                        1L,
                        "GetObject",
                        1L,
                        "lock GetObject",
                        1L,
                        "lock PutObject",
                        1L,
                        "PutObject",
                        3L),
                recorder.countsByOperation(),
                "one change: the snapshot still holds");
        assertFalse(log.contains("Taking over"), log.toString());
        assertLockReleasedByTheManifest("renewed/");
    }

    /**
     * A publish that takes the lock and then writes nothing (here: it took over a lock of an ended publish of this
     * process, and found the site as it is) has no manifest to release it: it writes the lock as released, with
     * If-Match on the version it holds. The next publish reads that lock once and passes it by.
     */
    @Test
    void aPublishThatHeldTheLockAndWroteNothingReleasesItInOneConditionalPut() throws Exception {
        Site site = site(S3PublishTest.V1);
        publish("s3://channels/nothing", site);
        // The lock of a publish of this process that ended without writing its manifest.
        String key = "nothing/" + PublishLock.LOCK_FILE;
        editLock("nothing/", lock -> lock.replaceFirst("token=[^\n]*", "token=" + UUID.randomUUID()));
        recorder.clear();

        assertTrue(publish("s3://channels/nothing", site).plan().changesNothing());

        assertTrue(log.contains("WARN Taking over the publish lock"), log.toString());
        // Planned without the lock (2) and the lock read: held, so the publish goes through it; the lock read again
        // to take it, the manifest's metadata (did that publish end with its manifest since?), the lock taken over,
        // the target read again under it (2), the lock released.
        assertEquals(
                Map.of(
                        "ListObjectsV2",
                        2L,
                        "GetObject",
                        2L,
                        "HeadObject",
                        1L,
                        "lock GetObject",
                        2L,
                        "lock PutObject",
                        2L),
                recorder.countsByOperation());
        RequestRecorder.Call release = recorder.calls().get(recorder.calls().size() - 1);
        assertEquals("PutObject " + key, release.toString());
        assertEquals(1, release.headers().get("If-Match").size());
        PublishLock.Holder released = PublishLock.Holder.parse(inspector
                        .getObjectAsBytes(b -> b.bucket("channels").key(key))
                        .asByteArray())
                .orElseThrow();
        assertTrue(released.released().isPresent(), released.toString());
        assertEquals(released.released().get(), released.expires(), "expired for older plugin versions");

        recorder.clear();
        assertTrue(publish("s3://channels/nothing", site).plan().changesNothing());
        assertEquals(
                Map.of("ListObjectsV2", 1L, "GetObject", 1L, "lock GetObject", 1L),
                recorder.countsByOperation(),
                "unchanged: the released lock read once and passed by");
    }

    /**
     * With {@code s3.conditionalWrites=false} the lock is the check-then-write one: created where none is (after a
     * read), read back after the settle time, read before the manifest and removed at the end; the snapshot is read
     * again under it, and the manifest is replaced after reading it.
     */
    @Test
    void withoutConditionalWritesTheLockIsCheckedReadBackAndRemoved() throws Exception {
        TargetSettings unconditional = S3Fixtures.settings(
                s3,
                Map.of(S3Options.CONDITIONAL_WRITES, "false"),
                Optional.of(S3Fixtures.serverCredentials("test-access-key", "test-secret-key")));
        publish("s3://channels/unconditional", site(S3PublishTest.V1), HeaderPolicy.defaults(), unconditional);
        recorder.clear();

        publish(
                "s3://channels/unconditional",
                site(S3PublishTest.V1.replace("14.2.1", "14.2.2")),
                HeaderPolicy.defaults(),
                unconditional);

        // The snapshot twice (2 + 2); the lock, listed as missing, created after a check, read back after the
        // settle time, read before the manifest, read and deleted at the end; the manifest read before it is
        // replaced; 3 writes.
        assertEquals(
                Map.of(
                        "ListObjectsV2",
                        2L,
                        "GetObject",
                        3L,
                        "PutObject",
                        3L,
                        "lock GetObject",
                        4L,
                        "lock PutObject",
                        1L,
                        "lock DeleteObject",
                        1L),
                recorder.countsByOperation());
        assertEquals(
                List.of(),
                recorder.calls().stream()
                        .filter(call -> call.headers().containsKey("If-Match")
                                || call.headers().containsKey("If-None-Match"))
                        .toList(),
                "no condition is sent");
        assertFalse(
                inspector.listObjectsV2(b -> b.bucket("channels").prefix("unconditional/")).contents().stream()
                        .anyMatch(object -> object.key().endsWith(PublishLock.LOCK_FILE)),
                "the lock is removed");
    }

    @Test
    void theManifestRecordsEachObjectsEntityTagAndHeaders() throws Exception {
        Site site = site(S3PublishTest.V1);
        publish("s3://channels/records", site);

        Manifest manifest = Manifest.parse(inspector
                .getObjectAsBytes(b -> b.bucket("channels").key("records/" + SiteLayout.MANIFEST_FILE))
                .asByteArray());
        assertEquals(site.files().size() - 1, manifest.files().size());
        for (Manifest.OwnedFile file : manifest.files()) {
            HeadObjectResponse head =
                    inspector.headObject(b -> b.bucket("channels").key("records/" + file.path()));
            Manifest.Stored stored = file.stored().orElseThrow(() -> new AssertionError(file.path()));
            assertEquals(head.eTag().replace("\"", ""), stored.entityTag(), file.path());
            assertEquals(S3Store.canonicalMediaType(head.contentType()), stored.contentType(), file.path());
            assertEquals(head.cacheControl(), stored.cacheControl(), file.path());
        }
    }

    @Test
    void anOlderManifestWithoutRecordsIsHeadedOnceAndThenRecorded() throws Exception {
        Site site = site(S3PublishTest.V1);
        publish("s3://channels/older", site);
        // What an older plugin left: the site's manifest without the store's records, and no lock (it removed it).
        S3Fixtures.put(
                inspector,
                "channels",
                "older/" + SiteLayout.MANIFEST_FILE,
                new String(site.file(SiteLayout.MANIFEST_FILE).orElseThrow().content()));
        inspector.deleteObject(b -> b.bucket("channels").key("older/" + PublishLock.LOCK_FILE));
        recorder.clear();

        publish("s3://channels/older", site);

        // Every object, planning without the lock and again under it (the hand-put manifest's headers differ too):
        // a lock created where none was listed proves nothing of what was written in between.
        assertEquals(
                siteKeys("older/", site).stream()
                        .flatMap(key -> List.of(key, key).stream())
                        .toList(),
                recorder.keys("HeadObject"));
        assertEquals(List.of("PutObject older/release-channels.json"), recorder.writes());
        assertTheNextPublishOnlyListsAndReadsTheManifest("s3://channels/older", site, HeaderPolicy.defaults());
    }

    @Test
    void anObjectEditedOutOfBandIsHeadedAndRewrittenAndOnlyIt() throws Exception {
        Site site = site(S3PublishTest.V1);
        publish("s3://channels/edited", site);
        // A hand upload of the same path: new ETag, no sha256 metadata.
        S3Fixtures.put(inspector, "channels", "edited/current/version", "14.2.9");
        recorder.clear();

        publish("s3://channels/edited", site);

        assertEquals(
                List.of("edited/current/version"),
                recorder.keys("HeadObject"),
                "once, planning without the lock: the snapshot holds under it");
        // The rewrite restores the recorded ETag (the MD5 of the same bytes); the manifest is written to name the
        // lease, which releases the lock.
        assertEquals(
                List.of("PutObject edited/current/version", "PutObject edited/release-channels.json"),
                recorder.writes());
        assertEquals(contents(site), contents(inspector, "channels", "edited"));
        assertTheNextPublishOnlyListsAndReadsTheManifest("s3://channels/edited", site, HeaderPolicy.defaults());
    }

    /** A multipart upload's ETag (with its {@code -N} suffix) is not the MD5 of the content, nor the recorded one. */
    @Test
    void anObjectWhoseEntityTagIsNotTheRecordedOneFallsBackToItsHashMetadata() throws Exception {
        Site site = site(S3PublishTest.V1);
        publish("s3://channels/multipart", site);
        SiteFile version = site.file("current/version").orElseThrow();
        Headers headers = HeaderPolicy.defaults().headersFor(version);
        String key = "multipart/current/version";
        String upload = inspector
                .createMultipartUpload(b -> b.bucket("channels")
                        .key(key)
                        .contentType(headers.contentType())
                        .cacheControl(headers.cacheControl())
                        .metadata(Map.of(S3Store.SHA256_METADATA, version.sha256())))
                .uploadId();
        String part = inspector
                .uploadPart(
                        b -> b.bucket("channels").key(key).uploadId(upload).partNumber(1),
                        RequestBody.fromBytes(version.content()))
                .eTag();
        inspector.completeMultipartUpload(b -> b.bucket("channels")
                .key(key)
                .uploadId(upload)
                .multipartUpload(m ->
                        m.parts(CompletedPart.builder().partNumber(1).eTag(part).build())));
        assertTrue(
                inspector.headObject(b -> b.bucket("channels").key(key)).eTag().contains("-"));
        recorder.clear();

        publish("s3://channels/multipart", site);

        // Its hash metadata says it is unchanged: not rewritten; the manifest records its new ETag.
        assertEquals(List.of(key), recorder.keys("HeadObject"), "once, planning without the lock");
        assertEquals(List.of("PutObject multipart/release-channels.json"), recorder.writes());
        assertTheNextPublishOnlyListsAndReadsTheManifest("s3://channels/multipart", site, HeaderPolicy.defaults());
    }

    @Test
    void verifyHeadersHeadsEveryObject() throws Exception {
        Site site = site(S3PublishTest.V1);
        publish("s3://channels/verify", site);
        recorder.clear();

        PublishReport report = publish(
                "s3://channels/verify",
                site,
                HeaderPolicy.defaults(),
                S3Fixtures.settings(
                        s3,
                        Map.of(S3Options.VERIFY_HEADERS, "true"),
                        Optional.of(S3Fixtures.serverCredentials("test-access-key", "test-secret-key"))));

        assertTrue(report.plan().changesNothing(), report.summary());
        assertEquals(siteKeys("verify/", site), recorder.keys("HeadObject"));
        assertEquals(List.of(), recorder.writes());
    }

    @Test
    void aChangedHeaderPolicyRechecksTheObjectsItChangesAndOnlyThem() throws Exception {
        Site site = site(S3PublishTest.V1);
        publish("s3://channels/policy", site);
        recorder.clear();

        publish("s3://channels/policy", site, new HeaderPolicy("max-age=30"), S3Fixtures.settings(s3));

        List<String> channelKeys = site.files().stream()
                .map(SiteFile::path)
                .filter(HeaderPolicy::isChannelFile)
                .map(path -> "policy/" + path)
                .sorted()
                .toList();
        // Planned without the lock; the snapshot holds under it.
        assertEquals(channelKeys, recorder.keys("HeadObject"));
        assertEquals(
                channelKeys.stream().map(key -> "CopyObject " + key).toList(),
                recorder.writes().stream()
                        .filter(write -> write.startsWith("CopyObject"))
                        .sorted()
                        .toList());
        assertTheNextPublishOnlyListsAndReadsTheManifest("s3://channels/policy", site, new HeaderPolicy("max-age=30"));
    }

    /** Once the manifest records every object, an unchanged publish lists one page and reads the manifest. */
    private void assertTheNextPublishOnlyListsAndReadsTheManifest(String target, Site site, HeaderPolicy policy)
            throws Exception {
        recorder.clear();
        publish(target, site, policy, S3Fixtures.settings(s3));
        assertEquals(Map.of("ListObjectsV2", 1L, "GetObject", 1L), recorder.countsByOperation());
    }

    /** Replaces the lock object under {@code prefix} with an edited copy of it. */
    private static void editLock(String prefix, UnaryOperator<String> edit) {
        String key = prefix + PublishLock.LOCK_FILE;
        S3Fixtures.put(
                inspector,
                "channels",
                key,
                edit.apply(inspector
                        .getObjectAsBytes(b -> b.bucket("channels").key(key))
                        .asUtf8String()));
    }

    /** The lock's ETag as listed, unquoted. */
    private static String listedLockEntityTag(String prefix) {
        return inspector
                .headObject(b -> b.bucket("channels").key(prefix + PublishLock.LOCK_FILE))
                .eTag()
                .replace("\"", "");
    }

    /** The one PUT of the lock this publish sent. */
    private RequestRecorder.Call lockPut() {
        List<RequestRecorder.Call> puts = recorder.calls().stream()
                .filter(call ->
                        call.operation().equals("PutObject") && call.key().endsWith(PublishLock.LOCK_FILE))
                .toList();
        assertEquals(1, puts.size(), puts.toString());
        return puts.get(0);
    }

    /** The lock object stays, and is the very one the manifest names. */
    private static void assertLockReleasedByTheManifest(String prefix) throws Exception {
        Manifest manifest = Manifest.parse(inspector
                .getObjectAsBytes(b -> b.bucket("channels").key(prefix + SiteLayout.MANIFEST_FILE))
                .asByteArray());
        Manifest.LeaseRecord lease = manifest.lease().orElseThrow(() -> new AssertionError("no lease recorded"));
        PublishLock.Holder lock = PublishLock.Holder.parse(inspector
                        .getObjectAsBytes(b -> b.bucket("channels").key(prefix + PublishLock.LOCK_FILE))
                        .asByteArray())
                .orElseThrow();
        assertEquals(lease.token(), lock.token());
        assertEquals(lease.lockVersion(), listedLockEntityTag(prefix));
        assertTrue(PublishLock.isReleased(lock, Optional.of(manifest)));
    }

    /** The keys of the site's objects. */
    private static List<String> siteKeys(String prefix, Site site) {
        return site.files().stream()
                .map(SiteFile::path)
                .map(path -> prefix + path)
                .sorted()
                .toList();
    }

    /** A publisher on a store the test reaches too, which closes the store with it. */
    private record Opened(S3Store store, PublishPipeline publisher, RecordingLog log) implements AutoCloseable {

        PublishReport publish(Site site) throws Exception {
            return publisher.publish(site, new PublishRequest(false, HeaderPolicy.defaults(), PublishGuard.NONE, log));
        }

        @Override
        public void close() throws Exception {
            publisher.close();
        }
    }

    private Opened open(String target) throws Exception {
        TargetSettings settings = S3Fixtures.settings(s3);
        S3Store store = new S3PublisherFactory().openStore(target, settings, List.of(recorder));
        return new Opened(store, PublishPipeline.forStore(store, settings.retry()), log);
    }

    private PublishReport publish(String target, Site site) throws Exception {
        return publish(target, site, HeaderPolicy.defaults(), S3Fixtures.settings(s3));
    }

    private PublishReport publish(String target, Site site, HeaderPolicy headers, TargetSettings settings)
            throws Exception {
        try (PublishPipeline publisher = PublishPipeline.forStore(
                new S3PublisherFactory().openStore(target, settings, List.of(recorder)), settings.retry())) {
            return publisher.publish(site, new PublishRequest(false, headers, PublishGuard.NONE, log));
        }
    }
}
