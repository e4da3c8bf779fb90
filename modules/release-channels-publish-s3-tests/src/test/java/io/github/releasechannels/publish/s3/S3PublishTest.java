// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import static io.github.releasechannels.publish.s3.S3Fixtures.contents;
import static io.github.releasechannels.publish.s3.S3Fixtures.put;
import static io.github.releasechannels.publish.s3.S3Fixtures.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.proxy.ProxyServer;
import io.github.releasechannels.proxy.ProxySettings;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.PlannedChange;
import io.github.releasechannels.publish.PublishGuard;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.PublishReport;
import io.github.releasechannels.publish.PublishRequest;
import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.site.ContentTypes;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteLayout;
import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.testing.RecordingHttpProxy;
import io.github.releasechannels.testing.RecordingLog;
import io.github.releasechannels.testing.RecordingStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** Publishing to a real S3 API server (S3Mock) through the publish pipeline, watching every request the SDK sends. */
@RealServer
@ExtendWith(S3MockServer.Extension.class)
class S3PublishTest {

    static final String V1 = """
            channels:
              current:
                version: 14.2.1
                critical: false
              canary:
                version: 14.3.0
              stable/v14:
                version: 14.3.0
                critical: false
            maintenance:
              utc_start_hour: 2
              weekdays: [Mon, Wed, Fri]
            """;

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

    @Test
    void firstPublishUploadsEveryFileWithItsBytesHeadersAndHash() throws Exception {
        Site site = site(V1);

        PublishReport report = publish("s3://channels/first", site);

        assertEquals(contents(site), contents(inspector, "channels", "first"));
        for (SiteFile file : site.files()) {
            HeadObjectResponse head =
                    inspector.headObject(b -> b.bucket("channels").key("first/" + file.path()));
            assertEquals(file.contentType(), S3Store.canonicalMediaType(head.contentType()), file.path());
            String expectedCacheControl = HeaderPolicy.isChannelFile(file.path()) ? "max-age=60" : "no-cache";
            assertEquals(expectedCacheControl, head.cacheControl(), file.path());
            assertEquals(storedSha256("first/", file), head.metadata().get("sha256"), file.path());
        }
        assertEquals(
                "14.2.1",
                inspector
                        .getObjectAsBytes(b -> b.bucket("channels").key("first/current/version"))
                        .asUtf8String());
        assertEquals(
                ContentTypes.TEXT,
                S3Store.canonicalMediaType(inspector
                        .headObject(b -> b.bucket("channels").key("first/current/version"))
                        .contentType()));
        assertEquals(site.files().size(), report.plan().count(PlannedChange.Action.ADD));
        assertEquals(site.files().size(), recorder.calls("PutObject").size());
        // No ACL, ever: buckets with ACLs disabled reject them.
        assertTrue(recorder.calls("PutObjectAcl").isEmpty());
        assertTrue(recorder.calls().stream()
                .allMatch(call -> call.headers().keySet().stream()
                        .noneMatch(name -> name.equalsIgnoreCase("x-amz-acl")
                                || name.toLowerCase().startsWith("x-amz-grant"))));
    }

    /**
     * The hash an object's metadata must carry: the site file's, except for the manifest, whose stored bytes also
     * hold the store's records of the other objects.
     */
    private static String storedSha256(String prefix, SiteFile file) {
        return file.path().equals(SiteLayout.MANIFEST_FILE)
                ? SiteFile.sha256(inspector
                        .getObjectAsBytes(b -> b.bucket("channels").key(prefix + file.path()))
                        .asByteArray())
                : file.sha256();
    }

    @Test
    void unchangedRepublishWritesNothing() throws Exception {
        Site site = site(V1);
        publish("s3://channels/unchanged", site);
        recorder.clear();

        PublishReport report = publish("s3://channels/unchanged", site(V1));

        assertEquals(List.of(), recorder.writes());
        assertTrue(report.plan().changesNothing(), report.summary());
        assertEquals(contents(site), contents(inspector, "channels", "unchanged"));
    }

    @Test
    void changingOneChannelWritesOnlyItsFileAndTheManifest() throws Exception {
        publish("s3://channels/one-change", site(V1));
        recorder.clear();

        Site changed = site(V1.replace("version: 14.2.1", "version: 14.2.2"));
        publish("s3://channels/one-change", changed);

        assertEquals(
                List.of(
                        "PutObject one-change/current/version",
                        "PutObject one-change/index.html",
                        "PutObject one-change/release-channels.json"),
                recorder.writes());
        assertEquals(contents(changed), contents(inspector, "channels", "one-change"));
    }

    @Test
    void removedChannelIsDeletedAfterEveryUploadAndForeignObjectsSurvive() throws Exception {
        put(inspector, "channels", "removal/CNAME", "updates.example.com");
        put(inspector, "channels", "removal/other/file", "someone else's");
        put(inspector, "channels", "removal-sibling/current/version", "1.0.0");
        publish("s3://channels/removal", site(V1));
        recorder.clear();

        Site withoutCanary =
                site(V1.replace("  canary:\n    version: 14.3.0\n", "").replace("version: 14.2.1", "version: 14.2.2"));
        publish("s3://channels/removal", withoutCanary);

        List<String> writes = recorder.writes();
        assertEquals(
                List.of(
                        "PutObject removal/current/version",
                        "DeleteObject removal/canary/version",
                        "DeleteObject removal/canary/critical",
                        "PutObject removal/index.html",
                        "PutObject removal/release-channels.json"),
                writes);
        Map<String, String> expected = new TreeMap<>(contents(withoutCanary));
        expected.put("CNAME", "updates.example.com");
        expected.put("other/file", "someone else's");
        assertEquals(expected, contents(inspector, "channels", "removal"));
        assertEquals(Map.of("current/version", "1.0.0"), contents(inspector, "channels", "removal-sibling"));
    }

    @Test
    void foreignObjectsSurviveTheFirstPublishToo() throws Exception {
        put(inspector, "channels", "foreign/CNAME", "updates.example.com");
        put(inspector, "channels", "foreign/current/notes.txt", "kept");

        publish("s3://channels/foreign", site(V1));

        assertEquals(
                "updates.example.com",
                contents(inspector, "channels", "foreign").get("CNAME"));
        assertEquals("kept", contents(inspector, "channels", "foreign").get("current/notes.txt"));
    }

    @Test
    void dryRunChangesNothing() throws Exception {
        Site first = site(V1);
        publish("s3://channels/dry", first);
        recorder.clear();

        Site changed = site(V1.replace("  canary:\n    version: 14.3.0\n", "").replace("14.2.1", "14.2.9"));
        PublishReport report =
                publish("s3://channels/dry", changed, HeaderPolicy.defaults(), true, S3Fixtures.settings(s3));

        assertEquals(List.of(), recorder.writes());
        assertEquals(contents(first), contents(inspector, "channels", "dry"));
        assertTrue(report.dryRun());
        assertEquals(
                3,
                report.plan().count(PlannedChange.Action.UPDATE),
                report.plan().steps().toString());
        assertEquals(
                2,
                report.plan().count(PlannedChange.Action.DELETE),
                report.plan().steps().toString());
        assertTrue(
                log.lines().contains("INFO   delete canary/version"),
                log.lines().toString());

        PublishReport firstDryRun =
                publish("s3://channels/dry-empty", first, HeaderPolicy.defaults(), true, S3Fixtures.settings(s3));
        assertEquals(List.of(), recorder.writes());
        assertEquals(Map.of(), contents(inspector, "channels", "dry-empty"));
        assertEquals(first.files().size(), firstDryRun.plan().count(PlannedChange.Action.ADD));
    }

    @Test
    void newCacheControlIsCopiedOntoUnchangedObjectsWithoutRewritingThem() throws Exception {
        Site site = site(V1);
        publish("s3://channels/cache", site);
        recorder.clear();

        PublishReport report =
                publish("s3://channels/cache", site, new HeaderPolicy("max-age=30"), false, S3Fixtures.settings(s3));

        List<String> expected = new ArrayList<>();
        for (SiteFile file : site.files()) {
            if (HeaderPolicy.isChannelFile(file.path())) {
                expected.add("CopyObject cache/" + file.path());
            }
        }
        // The manifest records the headers each object was written with.
        expected.add("PutObject cache/" + SiteLayout.MANIFEST_FILE);
        assertEquals(
                expected.stream().sorted().toList(),
                recorder.writes().stream().sorted().toList());
        assertEquals(6, report.plan().count(PlannedChange.Action.UPDATE_HEADERS));
        for (SiteFile file : site.files()) {
            HeadObjectResponse head =
                    inspector.headObject(b -> b.bucket("channels").key("cache/" + file.path()));
            assertEquals(HeaderPolicy.isChannelFile(file.path()) ? "max-age=30" : "no-cache", head.cacheControl());
            assertEquals(file.contentType(), S3Store.canonicalMediaType(head.contentType()), file.path());
            assertEquals(storedSha256("cache/", file), head.metadata().get("sha256"), file.path());
        }
        assertEquals(contents(site), contents(inspector, "channels", "cache"));

        // The copies converge: the next publish with the same headers writes nothing.
        recorder.clear();
        publish("s3://channels/cache", site, new HeaderPolicy("max-age=30"), false, S3Fixtures.settings(s3));
        assertEquals(List.of(), recorder.writes());
    }

    @Test
    void channelFilesAreWrittenInTheOrderThatKeepsCriticalTruthfulAndTheManifestLast() throws Exception {
        String yaml = """
                channels:
                  current:
                    version: 14.2.1
                    critical: false
                """;
        publish("s3://channels/order", site(yaml));

        recorder.clear();
        publish("s3://channels/order", site(yaml.replace("14.2.1", "14.2.2").replace("false", "true")));
        assertEquals(
                List.of(
                        "PutObject order/current/version",
                        "PutObject order/current/critical",
                        "PutObject order/index.html",
                        "PutObject order/release-channels.json"),
                recorder.writes());

        recorder.clear();
        publish("s3://channels/order", site(yaml.replace("14.2.1", "14.2.3")));
        assertEquals(
                List.of(
                        "PutObject order/current/critical",
                        "PutObject order/current/version",
                        "PutObject order/index.html",
                        "PutObject order/release-channels.json"),
                recorder.writes());
    }

    @Test
    void interruptedPublishIsCompletedByTheNextOne() throws Exception {
        put(inspector, "channels", "resume/CNAME", "updates.example.com");
        Site first = site(V1);
        publish("s3://channels/resume", first);
        recorder.clear();
        byte[] firstManifest =
                first.file(SiteLayout.MANIFEST_FILE).orElseThrow().content();

        Site second = site(V1.replace("  canary:\n    version: 14.3.0\n", "")
                .replace("version: 14.2.1", "version: 14.2.2")
                .replace("14.3.0", "14.4.0")
                .replace("utc_start_hour: 2", "utc_start_hour: 3"));
        TargetSettings settings = S3Fixtures.settings(s3);
        try (PublishPipeline interrupted = PublishPipeline.forStore(
                new RecordingStore(
                                new S3PublisherFactory().openStore("s3://channels/resume", settings, List.of(recorder)))
                        .failAfter(2, true),
                settings.retry())) {
            assertThrows(IOException.class, () -> interrupted.publish(second, request(HeaderPolicy.defaults(), false)));
        }
        assertEquals(2, recorder.writes().size(), recorder.writes().toString());
        assertEquals(
                new String(firstManifest),
                contents(inspector, "channels", "resume").get(SiteLayout.MANIFEST_FILE),
                "the manifest of the first publish stays until the last step");

        publish("s3://channels/resume", second);

        Map<String, String> expected = new TreeMap<>(contents(second));
        expected.put("CNAME", "updates.example.com");
        assertEquals(expected, contents(inspector, "channels", "resume"));
        recorder.clear();
        publish("s3://channels/resume", second);
        assertEquals(List.of(), recorder.writes());
    }

    @Test
    void emptyPrefixPublishesAtTheBucketRoot() throws Exception {
        Site site = site(V1);

        publish("s3://site-root/", site);

        assertEquals(contents(site), contents(inspector, "site-root", ""));
        assertTrue(
                recorder.calls("PutObject").stream().anyMatch(call -> call.key().equals("current/version")));
        recorder.clear();
        publish("s3://site-root", site);
        assertEquals(List.of(), recorder.writes());
    }

    @Test
    void trailingAndNestedPrefixSlashesMapToCleanKeys() throws Exception {
        Site site = site(V1);

        publish("s3://channels//nested/prefix/", site);

        assertEquals(contents(site), contents(inspector, "channels", "nested/prefix"));
        assertTrue(
                recorder.calls().stream()
                        .allMatch(call -> call.key().isEmpty()
                                || call.key().startsWith("nested/prefix/")
                                        && !call.key().contains("//")),
                recorder.calls().toString());
    }

    @Test
    void objectsWithoutHashOrWithOtherContentAreRewritten() throws Exception {
        Site site = site(V1);
        publish("s3://channels/foreign-edit", site);
        // Someone uploads the same path by hand: same size, no sha256 metadata.
        put(inspector, "channels", "foreign-edit/current/version", "14.2.9");
        recorder.clear();

        publish("s3://channels/foreign-edit", site);

        // And the manifest, which names the lease the publish wrote under: that releases the lock.
        assertEquals(
                List.of("PutObject foreign-edit/current/version", "PutObject foreign-edit/release-channels.json"),
                recorder.writes());
        assertEquals("14.2.1", contents(inspector, "channels", "foreign-edit").get("current/version"));
    }

    @Test
    void missingBucketIsATargetExceptionThatNamesIt() {
        TargetException e = assertThrows(TargetException.class, () -> publish("s3://no-such-bucket/x", site(V1)));

        assertTrue(e.getMessage().contains("'no-such-bucket' does not exist"), e.getMessage());
        assertEquals(List.of(), recorder.writes());
    }

    @Test
    void publishesThroughTheSettingsProxyAndBypassesItForNonProxyHosts() throws Exception {
        Site site = site(V1);
        TargetSettings direct = S3Fixtures.settings(s3);
        try (RecordingHttpProxy proxy = RecordingHttpProxy.start()) {
            ProxyServer corporate = new ProxyServer(
                    "corp", "http", "127.0.0.1", proxy.port(), Optional.empty(), Optional.empty(), List.of());
            TargetSettings proxied = new TargetSettings(
                    direct.credentials(),
                    direct.options(),
                    Map.of(),
                    direct.workDirectory(),
                    direct.retry(),
                    new ProxySettings(List.of(corporate)));

            publish("s3://channels/proxied", site, HeaderPolicy.defaults(), false, proxied);

            // S3Mock speaks plain HTTP here, so the SDK's requests reach the proxy in absolute form (no CONNECT).
            String endpoint = s3.endpoint().getRawAuthority();
            assertTrue(
                    !proxy.targets().isEmpty() && proxy.targets().stream().allMatch(t -> t.endsWith(" " + endpoint)),
                    proxy.targets()::toString);
            assertEquals(contents(site), contents(inspector, "channels", "proxied"));

            int before = proxy.targets().size();
            ProxyServer bypassed = new ProxyServer(
                    "corp",
                    "http",
                    "127.0.0.1",
                    proxy.port(),
                    Optional.empty(),
                    Optional.empty(),
                    List.of("127.0.0.1"));
            publish(
                    "s3://channels/bypassed",
                    site,
                    HeaderPolicy.defaults(),
                    false,
                    new TargetSettings(
                            direct.credentials(),
                            direct.options(),
                            Map.of(),
                            direct.workDirectory(),
                            direct.retry(),
                            new ProxySettings(List.of(bypassed))));
            assertEquals(before, proxy.targets().size(), "nonProxyHosts goes direct");
            assertEquals(contents(site), contents(inspector, "channels", "bypassed"));
        }
    }

    private PublishReport publish(String target, Site site) throws Exception {
        return publish(target, site, HeaderPolicy.defaults(), false, S3Fixtures.settings(s3));
    }

    private PublishReport publish(
            String target, Site site, HeaderPolicy headers, boolean dryRun, TargetSettings settings) throws Exception {
        try (PublishPipeline publisher = PublishPipeline.forStore(
                new S3PublisherFactory().openStore(target, settings, List.of(recorder)), settings.retry())) {
            return publisher.publish(site, request(headers, dryRun));
        }
    }

    private PublishRequest request(HeaderPolicy headers, boolean dryRun) {
        return new PublishRequest(dryRun, headers, PublishGuard.NONE, log);
    }
}
