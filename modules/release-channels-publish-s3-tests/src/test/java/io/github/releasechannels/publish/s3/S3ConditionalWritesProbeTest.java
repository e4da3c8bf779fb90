// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import static io.github.releasechannels.publish.s3.S3Fixtures.contents;
import static io.github.releasechannels.publish.s3.S3Fixtures.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.PublishGuard;
import io.github.releasechannels.publish.PublishLock;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.PublishReport;
import io.github.releasechannels.publish.PublishRequest;
import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteLayout;
import io.github.releasechannels.testing.FaultProxy;
import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.testing.RecordingLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Conditional writes are proven before they are trusted: a store front that drops {@code If-None-Match} and
 * {@code If-Match} (a {@link FaultProxy} in front of S3Mock stripping them, as older MinIO versions and some gateways
 * do) is detected and the publish refused before it writes anything of the site; an honest store is probed once and
 * the proof, recorded in the manifest for its endpoint and bucket, spares the requests of the next publishes.
 */
@RealServer
@ExtendWith(S3MockServer.Extension.class)
class S3ConditionalWritesProbeTest {

    private static final String BUCKET = S3MockServer.BUCKET;

    private static S3MockServer s3;
    private static S3Client inspector;
    private static FaultProxy proxy;

    private final RequestRecorder recorder = new RequestRecorder();
    private final RecordingLog log = new RecordingLog();

    @BeforeAll
    static void setUp(S3MockServer server) throws Exception {
        s3 = server;
        inspector = S3Fixtures.inspector(server);
        proxy = FaultProxy.start(FaultProxy.Protocol.HTTP, server.endpoint().getPort());
    }

    @AfterAll
    static void tearDown() throws Exception {
        proxy.close();
        inspector.close();
    }

    @Test
    void aStoreFrontThatDropsConditionalHeadersIsDetectedAndThePublishRefusedBeforeItWritesAnyOfTheSite()
            throws Exception {
        Site v1 = site(S3PublishTest.V1);
        Site v2 = site(S3PublishTest.V1.replace("14.2.1", "14.2.2"));
        publish("dropped", v1, S3Fixtures.settings(s3));
        recorder.clear();
        proxy.passThrough().stripRequestHeaders("If-None-Match", "If-Match");

        TargetException e = assertThrows(TargetException.class, () -> publish("dropped", v2, viaProxy(Map.of())));

        String message = e.getMessage();
        assertTrue(
                message.startsWith("s3://" + BUCKET + "/dropped (endpoint http://127.0.0.1:" + proxy.port()), message);
        assertTrue(
                message.contains(" ignores conditional writes: a PUT of " + PublishLock.LOCK_FILE + " with "
                        + "If-None-Match: *, which it had to refuse (the object exists), succeeded."),
                message);
        assertTrue(message.contains("This publish stopped before writing anything of the site."), message);
        assertTrue(
                message.contains("Set releaseChannels.s3.conditionalWrites=false for this store: the lock object "
                        + "is then written after a check and read back after a pause of 2 s"),
                message);
        assertTrue(proxy.headersStripped() > 0, "the front dropped the conditions");
        assertEquals(List.of(), recorder.writes(), "nothing of the site was written");
        assertEquals(contents(v1), contents(inspector, BUCKET, "dropped"), "the site as it was, and no lock left");

        // As the message says: the check-then-write protocol through the same front.
        publish("dropped", v2, viaProxy(Map.of(S3Options.CONDITIONAL_WRITES, "false")));
        assertEquals(contents(v2), contents(inspector, BUCKET, "dropped"));
    }

    @Test
    void aStoreThatIgnoresOnlyIfMatchIsDetectedToo() throws Exception {
        proxy.passThrough().stripRequestHeaders("If-Match");

        TargetException e = assertThrows(
                TargetException.class, () -> publish("if-match", site(S3PublishTest.V1), viaProxy(Map.of())));

        assertTrue(
                e.getMessage()
                        .contains("ignores conditional writes: a PUT of " + PublishLock.LOCK_FILE + " with "
                                + "If-Match: \"release-channels-probe-"),
                e.getMessage());
        assertEquals(Map.of(), contents(inspector, BUCKET, "if-match"), "nothing written, no lock left");
    }

    @Test
    void anHonestStoreIsProbedOnceAndTheProofInTheManifestSparesTheNextPublishesTheProbe() throws Exception {
        Site v1 = site(S3PublishTest.V1);
        Site v2 = site(S3PublishTest.V1.replace("14.2.1", "14.2.2"));
        Instant before = Instant.now().minusSeconds(1);
        publish("honest", v1, S3Fixtures.settings(s3));

        // Creating the lock, then the two writes that must fail.
        assertEquals(
                3L,
                recorder.countsByOperation().get("lock PutObject"),
                recorder.countsByOperation().toString());
        Manifest.ConditionalWritesProof proof = proof("honest");
        assertEquals(s3.endpoint() + " bucket " + BUCKET, proof.store());
        assertTrue(
                !proof.proven().isBefore(before.truncatedTo(ChronoUnit.SECONDS))
                        && !proof.proven().isAfter(Instant.now()),
                proof.toString());
        assertTrue(log.contains("INFO s3://" + BUCKET + "/honest (endpoint " + s3.endpoint()), log.toString());

        recorder.clear();
        publish("honest", v2, S3Fixtures.settings(s3));
        assertEquals(
                1L, recorder.countsByOperation().get("lock PutObject"), "no probe: " + recorder.countsByOperation());
        assertEquals(proof, proof("honest"), "the proof is kept as it was");

        // A day later the store is probed again.
        String manifest = text("honest/" + SiteLayout.MANIFEST_FILE)
                .replace(
                        proof.proven().toString(),
                        proof.proven()
                                .minus(PublishLock.PROOF_LIFETIME)
                                .minus(Duration.ofMinutes(1))
                                .toString());
        S3Fixtures.put(inspector, BUCKET, "honest/" + SiteLayout.MANIFEST_FILE, manifest);
        recorder.clear();
        publish("honest", v1, S3Fixtures.settings(s3));
        assertEquals(
                3L,
                recorder.countsByOperation().get("lock PutObject"),
                recorder.countsByOperation().toString());
        assertTrue(proof("honest").proven().isAfter(proof.proven().minus(Duration.ofMinutes(1))));

        // A proof for another store (the manifest copied from elsewhere) proves nothing here.
        manifest = text("honest/" + SiteLayout.MANIFEST_FILE)
                .replace(proof("honest").store(), "https://minio.example.com bucket " + BUCKET);
        S3Fixtures.put(inspector, BUCKET, "honest/" + SiteLayout.MANIFEST_FILE, manifest);
        recorder.clear();
        publish("honest", v2, S3Fixtures.settings(s3));
        assertEquals(
                3L,
                recorder.countsByOperation().get("lock PutObject"),
                recorder.countsByOperation().toString());
        assertEquals(s3.endpoint() + " bucket " + BUCKET, proof("honest").store());
    }

    /** With conditional writes turned off there is nothing to prove: no probe, no proof in the manifest. */
    @Test
    void withoutConditionalWritesNothingIsProbed() throws Exception {
        publish(
                "unconditional",
                site(S3PublishTest.V1),
                S3Fixtures.settings(
                        s3,
                        Map.of(S3Options.CONDITIONAL_WRITES, "false"),
                        Optional.of(S3Fixtures.serverCredentials("test-access-key", "test-secret-key"))));

        assertEquals(
                1L,
                recorder.countsByOperation().get("lock PutObject"),
                recorder.countsByOperation().toString());
        assertEquals(
                Optional.empty(),
                Manifest.parse(text("unconditional/" + SiteLayout.MANIFEST_FILE).getBytes(StandardCharsets.UTF_8))
                        .conditionalWrites());
    }

    private static Manifest.ConditionalWritesProof proof(String prefix) throws Exception {
        return Manifest.parse(text(prefix + "/" + SiteLayout.MANIFEST_FILE).getBytes(StandardCharsets.UTF_8))
                .conditionalWrites()
                .orElseThrow(() -> new AssertionError("no proof in the manifest"));
    }

    private static String text(String key) {
        return inspector.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String();
    }

    private static TargetSettings viaProxy(Map<String, String> extra) throws Exception {
        Map<String, String> options = new HashMap<>(extra);
        options.put(S3Options.ENDPOINT, "http://127.0.0.1:" + proxy.port());
        return S3Fixtures.settings(
                s3, options, Optional.of(S3Fixtures.serverCredentials("test-access-key", "test-secret-key")));
    }

    private PublishReport publish(String prefix, Site site, TargetSettings settings) throws Exception {
        try (PublishPipeline publisher = PublishPipeline.forStore(
                new S3PublisherFactory().openStore("s3://" + BUCKET + "/" + prefix, settings, List.of(recorder)),
                settings.retry())) {
            return publisher.publish(site, new PublishRequest(false, HeaderPolicy.defaults(), PublishGuard.NONE, log));
        }
    }
}
