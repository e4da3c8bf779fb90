// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import static io.github.releasechannels.publish.s3.S3Fixtures.contents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.NetworkTimeout;
import io.github.releasechannels.publish.PublishGuard;
import io.github.releasechannels.publish.PublishLock;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.publish.PublishReport;
import io.github.releasechannels.publish.PublishRequest;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteLayout;
import io.github.releasechannels.testing.ChannelPoller;
import io.github.releasechannels.testing.FaultProxy;
import io.github.releasechannels.testing.FaultProxy.Action;
import io.github.releasechannels.testing.FaultScenario;
import io.github.releasechannels.testing.RealServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * Publishes site B over site A through a {@link FaultProxy} in front of S3Mock that breaks or stalls the N-th
 * request, for every N a clean publish makes (stalls: a spread of N), while a poller reads the bucket straight from S3Mock as agents would (through a
 * CDN) and checks that no channel is ever missing, empty or mixed. Each publish must succeed after retries or fail
 * with a message naming what failed, and a clean publish afterwards must converge to exactly B.
 */
@RealServer
@ExtendWith(S3MockServer.Extension.class)
class S3FaultInjectionTest {

    private static final String BUCKET = S3MockServer.BUCKET;
    /** releaseChannels.timeoutSeconds in the stall tests; each stall outlasts it, so the client gives up first. */
    private static final String TIMEOUT_SECONDS = "1";
    // Three times the 1 s timeout: a loaded CI machine must still see the client give up first.
    private static final Duration STALL = Duration.ofMillis(3_000);

    private static S3MockServer s3;
    private static S3Client inspector;
    private static FaultProxy proxy;

    private final Site siteA = FaultScenario.siteA();
    private final Site siteB = FaultScenario.siteB();

    @BeforeAll
    static void setUp(S3MockServer server) throws IOException {
        s3 = server;
        inspector = S3Fixtures.inspector(s3);
        proxy = FaultProxy.start(FaultProxy.Protocol.HTTP, s3.endpoint().getPort());
    }

    @AfterAll
    static void tearDown() throws IOException {
        proxy.close();
        inspector.close();
    }

    /**
     * Every request of the publish gets one fault; the three kinds take turns, so each kind hits the manifest read,
     * the metadata reads, the uploads and the deletions.
     */
    @Test
    void everyRequestOfAPublishCutDroppedOrFailedLeavesNoChannelHalfVisibleAndTheNextPublishConverges()
            throws Exception {
        int requests = measureRequests();
        // The manifest and the listing; the lock's PUT and the probe's two (the proxy is another endpoint than the
        // one A's publish proved); the changed files, two deletions, the status page, the manifest.
        assertTrue(requests >= 16, "a publish of B over A makes " + requests + " requests");
        List<Action> kinds = List.of(Action.CUT, Action.DROP_RESPONSE, Action.ERROR);
        for (int n = 1; n <= requests; n++) {
            Action action = kinds.get(n % kinds.size());
            String prefix = "faults/request-" + n;
            proxy.atRequest(n, action);
            Optional<IOException> failure = publishBWatched(prefix, action + " at request " + n);
            assertEquals(1, proxy.faultsFired(), action + " at request " + n + " did not happen");
            failure.ifPresent(e -> assertClearFailure(e, prefix));
            assertConverges(prefix);
        }
    }

    /**
     * The last request of a publish is its manifest: the lock is released by the manifest naming its lease, with no
     * request of its own. An outage from there on fails the publish and leaves the lock held (nothing can release
     * it); the next publish, in this process whose publish that held it has ended, takes it over at once.
     */
    @Test
    void anOutageFromTheNthRequestOnFailsNamingTheObjectAndTheNextPublishConverges() throws Exception {
        int requests = measureRequests();
        int manifestWrite = requests;
        for (int n : List.of(1, 2, requests / 2, manifestWrite - 1, manifestWrite)) {
            String prefix = "faults/outage-" + n;
            proxy.outageFrom(n);
            Optional<IOException> failure = publishBWatched(prefix, "outage from request " + n);
            assertTrue(failure.isPresent(), "an outage from request " + n + " must fail the publish");
            assertClearFailure(failure.get(), prefix);
            assertTrue(
                    failure.get().getMessage().contains("gave up after 4 attempts"),
                    failure.get().getMessage());
            if (n == manifestWrite) {
                Map<String, String> served = contents(inspector, BUCKET, prefix);
                assertTrue(served.containsKey(PublishLock.LOCK_FILE), prefix + ": the lock is left held " + served);
            }
            assertConverges(prefix);
        }
    }

    /**
     * A request the store does not answer times out after releaseChannels.timeoutSeconds instead of hanging the
     * deploy, and the SDK sends it again; for requests spread over the publish (the manifest read, the metadata
     * reads, the writes, the manifest write).
     */
    @Test
    void aStalledRequestTimesOutIsSentAgainAndTheNextPublishConverges() throws Exception {
        int requests = measureRequests();
        proxy.stallFor(STALL);
        for (int n : List.of(1, requests / 3, 2 * requests / 3, requests)) {
            String prefix = "faults/stall-" + n;
            proxy.atRequest(n, Action.STALL);
            Optional<IOException> failure =
                    publishBWatched(prefix, "stall at request " + n, viaProxy(TIMEOUT_SECONDS, S3Fixtures.fastRetry()));
            assertEquals(1, proxy.faultsFired(), "stall at request " + n + " did not happen");
            assertEquals(Optional.empty(), failure.map(IOException::getMessage), "stall at request " + n);
            // Had the client waited for the stall to end, the request would have passed without being sent again.
            assertTrue(proxy.requests() > requests, "stall at request " + n + ": the request was not sent again");
            assertConverges(prefix);
        }
    }

    /** A store that stops answering fails the deploy after the retries, saying which object timed out. */
    @Test
    void aStoreThatStopsAnsweringFailsNamingTheObjectAndSayingItTimedOut() throws Exception {
        int requests = measureRequests();
        proxy.stallFor(STALL);
        int manifestWrite = requests;
        String prefix = "faults/stalled-from-" + manifestWrite;
        proxy.stallFrom(manifestWrite);
        Optional<IOException> failure = publishBWatched(
                prefix,
                "stall from request " + requests,
                viaProxy(TIMEOUT_SECONDS, new Retry(2, Duration.ZERO, Duration.ZERO, duration -> {})));
        assertTrue(failure.isPresent(), "a store that stops answering must fail the publish");
        String message = failure.get().getMessage();
        assertClearFailure(failure.get(), prefix);
        assertTrue(message.startsWith("gave up after 2 attempts to "), message);
        assertTrue(message.contains("timed out after 1 s (releaseChannels.timeoutSeconds)"), message);
        assertConverges(prefix);
    }

    /** Requests of a clean publish of B over A through the proxy. */
    private int measureRequests() throws Exception {
        String prefix = "faults/measure";
        publish(prefix, siteA, direct());
        proxy.passThrough();
        publish(prefix, siteB, viaProxy());
        return proxy.requests();
    }

    /** Publishes A directly, then B through the armed proxy while a poller watches; the failure, if any. */
    private Optional<IOException> publishBWatched(String prefix, String fault) throws Exception {
        return publishBWatched(prefix, fault, viaProxy());
    }

    private Optional<IOException> publishBWatched(String prefix, String fault, TargetSettings viaProxy)
            throws Exception {
        publish(prefix, siteA, direct());
        ChannelPoller poller = ChannelPoller.start(siteA, siteB, () -> path -> read(prefix, path));
        Optional<IOException> failure = Optional.empty();
        try {
            publish(prefix, siteB, viaProxy);
        } catch (IOException e) {
            failure = Optional.of(e);
        }
        List<String> violations = poller.stop(2);
        assertEquals(List.of(), violations, "with " + fault);
        assertTrue(poller.judgedPairs() >= 4, "with " + fault + " the poller judged only " + poller.judgedPairs());
        return failure;
    }

    private static void assertClearFailure(IOException e, String prefix) {
        String message = e.getMessage();
        assertTrue(message.contains("s3://" + BUCKET + "/" + prefix + "/"), "names the object: " + message);
        assertTrue(message.startsWith("gave up after") || message.startsWith("could not"), message);
    }

    /** A clean publish leaves exactly B, and one more writes nothing. */
    private void assertConverges(String prefix) throws Exception {
        proxy.endStalls();
        proxy.passThrough();
        publish(prefix, siteB, viaProxy());
        assertEquals(contents(siteB), contents(inspector, BUCKET, prefix), prefix);
        PublishReport again = publish(prefix, siteB, viaProxy());
        assertTrue(again.plan().changesNothing(), prefix + ": " + again.summary());
    }

    /** An object as an agent reads it straight from S3Mock; the manifest without the store's records. */
    private static Optional<byte[]> read(String prefix, String path) {
        Optional<byte[]> bytes = S3Fixtures.readWhole(inspector, BUCKET, prefix + "/" + path);
        if (bytes.isEmpty()) {
            return bytes;
        }
        // The manifest as the site rendered it, without the store's records of each object.
        return Optional.of(
                path.equals(SiteLayout.MANIFEST_FILE)
                        ? S3Fixtures.withoutStoreRecords(new String(bytes.get(), StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8)
                        : bytes.get());
    }

    private static PublishReport publish(String prefix, Site site, TargetSettings settings) throws Exception {
        try (Publisher publisher = new S3PublisherFactory().create("s3://" + BUCKET + "/" + prefix, settings)) {
            return publisher.publish(
                    site, new PublishRequest(false, HeaderPolicy.defaults(), PublishGuard.NONE, PublishLog.SILENT));
        }
    }

    private static TargetSettings direct() throws InvalidTargetException {
        return S3Fixtures.settings(s3);
    }

    private static TargetSettings viaProxy() throws InvalidTargetException {
        return viaProxy(Map.of());
    }

    private static TargetSettings viaProxy(Map<String, String> extraOptions) throws InvalidTargetException {
        Map<String, String> options = new HashMap<>(extraOptions);
        options.put(S3Options.ENDPOINT, "http://127.0.0.1:" + proxy.port());
        // A publish failed by a fault may leave its lock; the next one, in this same process whose publish that took
        // it has ended, takes it over at once.
        return S3Fixtures.settings(
                s3, options, Optional.of(S3Fixtures.serverCredentials("test-access-key", "test-secret-key")));
    }

    private static TargetSettings viaProxy(String timeoutSeconds, Retry retry) throws InvalidTargetException {
        TargetSettings settings = viaProxy(Map.of(NetworkTimeout.OPTION, timeoutSeconds));
        return new TargetSettings(
                settings.credentials(), settings.options(), settings.environment(), settings.workDirectory(), retry);
    }
}
