// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.releasechannels.publish.FileStore;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.PublishGuard;
import io.github.releasechannels.publish.PublishLock;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.PublishRequest;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.Publishers;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.concurrent.PublishProcess;
import io.github.releasechannels.publish.concurrent.PublishProcessMain;
import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteLayout;
import io.github.releasechannels.testing.ChannelPoller;
import io.github.releasechannels.testing.FaultProxy;
import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.testing.RecordingLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The publish lock's lease with real publishing processes on S3Mock. The older commit's publish reaches the store
 * through a {@link FaultProxy} that makes its link slow or dark; the newer one goes straight to S3Mock; a poller
 * reads every channel straight from S3Mock throughout, as agents would, and must never see a version go down.
 * Leases are short here ({@value #EXPIRY_SECONDS} s: renewed every second, no write in the last second).
 */
@RealServer
@ExtendWith(S3MockServer.Extension.class)
class S3LeaseTest {

    private static final String BUCKET = S3MockServer.BUCKET;
    private static final String EXPIRY_SECONDS = "4";
    private static final String BASE = "c0-base";
    private static final String OLDER = "c1-older";
    private static final String NEWER = "c2-newer";
    private static final String BASE_SITE = channels("1.0.0");
    private static final String OLDER_SITE = channels("2.0.0");
    private static final String NEWER_SITE = channels("3.0.0");

    private static S3MockServer s3;
    private static S3Client inspector;
    private static FaultProxy proxy;

    @TempDir
    Path work;

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

    /** Thirty channels, so a publish over a slow link, one file at a time, takes several leases. */
    private static String channels(String version) {
        StringBuilder yaml = new StringBuilder("channels:\n");
        for (int i = 0; i < 30; i++) {
            yaml.append("  fleet/n")
                    .append(i)
                    .append(":\n    version: ")
                    .append(version)
                    .append('\n');
        }
        return yaml.toString();
    }

    /**
     * Every request of the older publish takes 400 ms, so it holds the lock for more than three expiries; its
     * renewals, as slow as its writes, keep it. The newer publish waits for it instead of taking it over, then plans
     * on top of it.
     */
    @Test
    void aPublishOverASlowLinkKeepsItsLeaseForSeveralExpiriesAndTheNextPublishWaitsForIt() throws Exception {
        String prefix = "lease/slow-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        publishDirectly(prefix, BASE_SITE, BASE);
        Path go = Files.writeString(work.resolve("go"), "go");
        proxy.passThrough().delayEachRequest(Duration.ofMillis(400));
        ChannelPoller poller = ChannelPoller.rising(sites(), () -> path -> served(prefix, path));
        try {
            PublishProcess older = PublishProcess.start(
                    work,
                    target(prefix),
                    OLDER,
                    OLDER_SITE,
                    go,
                    viaProxy(Map.of(PublishPipeline.PARALLELISM_OPTION, "1")));
            await(() -> lockNames(prefix, OLDER), older, "the older publish holds the lock");
            long held = System.nanoTime();
            PublishProcess newer = PublishProcess.start(work, target(prefix), NEWER, NEWER_SITE, go, direct(Map.of()));

            int olderExit = older.awaitExit();
            Duration olderHeld = Duration.ofNanos(System.nanoTime() - held);
            int newerExit = newer.awaitExit();

            assertEquals(PublishProcessMain.PUBLISHED, olderExit, older.output());
            assertEquals(PublishProcessMain.PUBLISHED, newerExit, newer.output());
            assertTrue(
                    olderHeld.compareTo(Duration.ofSeconds(3 * Long.parseLong(EXPIRY_SECONDS))) > 0,
                    "the slow publish held its lock only " + olderHeld.toMillis() + " ms");
            assertFalse(newer.output().contains("Taking over"), newer.output());
            assertFalse(older.output().contains("lost the publish lock"), older.output());
            assertTrue(newer.output().contains("INFO Waiting for the publish of commit " + OLDER), newer.output());
            assertEquals("published " + NEWER + " on top of " + OLDER, newer.result());
        } finally {
            proxy.passThrough();
            assertEquals(List.of(), poller.stop(2), "what agents saw");
        }
        assertEquals(
                S3Fixtures.contents(PublishProcessMain.site(NEWER_SITE, NEWER)),
                S3Fixtures.contents(inspector, BUCKET, prefix));
    }

    /**
     * The older publish's link goes dark in the middle of its channel writes: nothing it sends arrives any more, its
     * renewals included. Its lease runs out, the newer publish takes the lock over and publishes; then the link comes
     * back. The older publish must stop before its next write, say so, and never write again: a write of it landing
     * now would take channels back from 3.0.0 to 2.0.0.
     */
    @Test
    void aPublishWhoseLinkGoesDarkLosesItsLeaseIsTakenOverAndNeverWritesAgain() throws Exception {
        String prefix = "lease/dark-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        publishDirectly(prefix, BASE_SITE, BASE);
        Path go = Files.writeString(work.resolve("go"), "go");
        proxy.darkFrom("PUT /" + BUCKET + "/" + prefix + "/fleet/n5/version");
        ChannelPoller poller = ChannelPoller.rising(sites(), () -> path -> served(prefix, path));
        try {
            PublishProcess older = olderGoingDark(prefix, go);
            PublishProcess newer = PublishProcess.start(
                    work, target(prefix), NEWER, NEWER_SITE, go, direct(Map.of(PublishLock.Policy.WAIT_OPTION, "60")));
            int newerExit = newer.awaitExit();
            assertEquals(PublishProcessMain.PUBLISHED, newerExit, newer.output());
            assertTrue(
                    newer.output().contains("WARN Taking over the publish lock " + PublishLock.LOCK_FILE),
                    newer.output());
            assertTrue(
                    newer.output().contains("of the publish of commit " + OLDER + " by process " + older.pid()),
                    newer.output());
            assertTrue(newer.output().contains(": it has expired"), newer.output());

            assertTrue(proxy.heldInTheDark() > 0, "the dark link held the older publish's requests");
            proxy.passThrough();
            int olderExit = older.awaitExit();

            assertEquals(PublishProcessMain.CONCURRENT, olderExit, older.output());
            assertTrue(
                    older.result()
                            .startsWith("concurrent This publish (commit " + OLDER + ") lost the publish " + "lock "
                                    + PublishLock.LOCK_FILE),
                    older.output());
            assertTrue(older.result().contains("no renewal got through before its lease ran out"), older.output());
            assertTrue(older.result().contains("It stopped before "), older.output());
        } finally {
            proxy.passThrough();
            assertEquals(List.of(), poller.stop(2), "what agents saw");
        }
        assertEquals(
                S3Fixtures.contents(PublishProcessMain.site(NEWER_SITE, NEWER)),
                S3Fixtures.contents(inspector, BUCKET, prefix),
                "exactly the newer site, and no lock");
    }

    /**
     * As above, but the older publish's write that went into the dark is not lost: it reaches the store after the
     * newer publish has taken the lock over and published, as a packet held in a network arrives long after its
     * sender gave up. It is a PUT of a channel's version conditional on the ETag the older publish listed, which the
     * newer one has replaced since: the store refuses it (412), and no agent sees the version go down. Without the
     * condition it landed, and agents saw 3.0.0 → 2.0.0 after both publishes had ended.
     */
    @Test
    void aWriteOfALapsedLeaseThatReachesTheStoreLateIsRefusedByItsCondition() throws Exception {
        String prefix = "lease/late-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        publishDirectly(prefix, BASE_SITE, BASE);
        Path go = Files.writeString(work.resolve("go"), "go");
        String late = "PUT /" + BUCKET + "/" + prefix + "/fleet/n5/version";
        proxy.darkFromDeliveringLate(late);
        ChannelPoller poller = ChannelPoller.rising(sites(), () -> path -> served(prefix, path));
        int lateAnswer;
        try {
            PublishProcess older = olderGoingDark(prefix, go);
            PublishProcess newer = PublishProcess.start(
                    work, target(prefix), NEWER, NEWER_SITE, go, direct(Map.of(PublishLock.Policy.WAIT_OPTION, "60")));
            assertEquals(PublishProcessMain.PUBLISHED, newer.awaitExit(), newer.output());
            assertTrue(
                    newer.output().contains("WARN Taking over the publish lock " + PublishLock.LOCK_FILE),
                    newer.output());
            proxy.passThrough();
            assertEquals(PublishProcessMain.CONCURRENT, older.awaitExit(), older.output());

            lateAnswer = proxy.deliverLate();
            // Agents go on reading for a while after the late write.
            Thread.sleep(500);
        } finally {
            proxy.passThrough();
            assertEquals(List.of(), poller.stop(2), "what agents saw");
        }
        assertEquals(412, lateAnswer, "the store refused the late write: its If-Match names the base's ETag");
        assertEquals(
                S3Fixtures.contents(PublishProcessMain.site(NEWER_SITE, NEWER)),
                S3Fixtures.contents(inspector, BUCKET, prefix),
                "exactly the newer site, and no lock held");
    }

    /**
     * A publish run after another, in a process of its own, finds the lock object the first one left, released by
     * the manifest that names its lease: it takes it at once (no wait, no takeover) with one PUT conditional on the
     * ETag it listed, without reading the lock or listing the target again, and its own manifest releases it in turn.
     */
    @Test
    void aLockReleasedByTheManifestIsTakenByTheNextProcessInOneRequestWithoutWaiting() throws Exception {
        String prefix = "lease/released-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path go = Files.writeString(work.resolve("go"), "go");
        // Leases of a minute: no renewal within these publishes.
        Map<String, String> minute = Map.of(PublishLock.Policy.EXPIRY_OPTION, "60");
        proxy.passThrough();
        PublishProcess first = PublishProcess.start(work, target(prefix), OLDER, OLDER_SITE, go, viaProxy(minute));
        assertEquals(PublishProcessMain.PUBLISHED, first.awaitExit(), first.output());
        PublishLock.Holder left = lock(prefix);
        String released = lockEntityTag(prefix);
        assertEquals(
                Optional.of(new Manifest.LeaseRecord(left.token(), released)),
                manifest(prefix).lease());

        proxy.passThrough();
        PublishProcess next = PublishProcess.start(
                work,
                target(prefix),
                NEWER,
                NEWER_SITE,
                go,
                viaProxy(Map.of(PublishLock.Policy.EXPIRY_OPTION, "60", PublishLock.Policy.WAIT_OPTION, "0")));
        assertEquals(PublishProcessMain.PUBLISHED, next.awaitExit(), next.output());

        assertEquals("published " + NEWER + " on top of " + OLDER, next.result());
        assertFalse(next.output().contains("Taking over") || next.output().contains("Waiting for"), next.output());
        List<String> heads = proxy.requestHeads();
        List<String> lockRequests =
                heads.stream().filter(S3LeaseTest::isLockRequest).toList();
        assertEquals(1, lockRequests.size(), "the lock: one PUT, no read, no release: " + lockRequests);
        assertTrue(lockRequests.get(0).startsWith("PUT "), lockRequests.get(0));
        assertEquals(Optional.of("\"" + released + "\""), header(lockRequests.get(0), "If-Match"));
        assertEquals(1, heads.stream().filter(S3LeaseTest::isListing).count(), "one listing: " + heads);
        PublishLock.Holder taken = lock(prefix);
        assertEquals(NEWER, taken.commit());
        assertEquals(
                Optional.of(new Manifest.LeaseRecord(taken.token(), lockEntityTag(prefix))),
                manifest(prefix).lease());
    }

    /**
     * Two publishes started together, each over a link of its own, both find the lock released by the base's
     * manifest and both PUT it with If-Match on the same ETag: the store lets one through. The winner plans from the
     * snapshot it took (one listing); the loser's PUT is refused, and once it holds the lock it reads the target
     * again (two listings), so it plans on top of the winner or is refused as a downgrade.
     */
    @Test
    void twoPublishesRacingForTheLockObjectOnTheSameEntityTagOneWinsAndTheOtherListsAgainUnderIt() throws Exception {
        List<String> stories = new ArrayList<>();
        int raced = 0;
        try (FaultProxy other =
                FaultProxy.start(FaultProxy.Protocol.HTTP, s3.endpoint().getPort())) {
            for (int round = 1; round <= 3; round++) {
                String prefix = "lease/race-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
                publishDirectly(prefix, BASE_SITE, BASE);
                String released = lockEntityTag(prefix);
                proxy.passThrough();
                other.passThrough();
                Path go = work.resolve("go-" + round);
                PublishProcess older =
                        PublishProcess.start(work, target(prefix), OLDER, OLDER_SITE, go, viaProxy(Map.of()));
                PublishProcess newer = PublishProcess.start(
                        work,
                        target(prefix),
                        NEWER,
                        NEWER_SITE,
                        go,
                        options("http://127.0.0.1:" + other.port(), Map.of()));
                PublishProcess.startTogether(go, older, newer);
                int olderExit = older.awaitExit();
                int newerExit = newer.awaitExit();
                String story = "round " + round + ": older " + older.result() + " | newer " + newer.result();
                stories.add(story);

                assertEquals(PublishProcessMain.PUBLISHED, newerExit, story + "\n" + newer.output());
                boolean olderWon = olderExit == PublishProcessMain.PUBLISHED;
                if (olderWon) {
                    assertEquals("published " + NEWER + " on top of " + OLDER, newer.result(), story);
                } else {
                    assertEquals(PublishProcessMain.REFUSED, olderExit, story + "\n" + older.output());
                }
                List<String> winner = olderWon ? proxy.requestHeads() : other.requestHeads();
                List<String> loser = olderWon ? other.requestHeads() : proxy.requestHeads();
                Optional<String> sameTag = Optional.of("\"" + released + "\"");
                if (firstLockPut(winner).equals(sameTag) && firstLockPut(loser).equals(sameTag)) {
                    raced++;
                    assertEquals(
                            1, winner.stream().filter(S3LeaseTest::isListing).count(), story);
                    assertEquals(
                            2, loser.stream().filter(S3LeaseTest::isListing).count(), story);
                }
                assertEquals(
                        S3Fixtures.contents(PublishProcessMain.site(NEWER_SITE, NEWER)),
                        S3Fixtures.contents(inspector, BUCKET, prefix),
                        story);
            }
        }
        System.out.println("Races for the lock object:\n  " + String.join("\n  ", stories));
        assertTrue(raced > 0, "in no round did both publishes PUT the lock on the same ETag: " + stories);
    }

    /**
     * A publish that lists the target while another one holds the lock and writes, waits for it, and finds the lock
     * released once the other's manifest names it, still with the very ETag it listed (the other never renewed):
     * its snapshot was taken while the other wrote, so it lists the target again under the lock and plans on top.
     * The manifest it planned from was not the one that released the lock, and that is what tells.
     */
    @Test
    void aPublishThatListedWhileAnotherHeldTheLockListsAgainThoughTheLockKeptTheEntityTagItListed() throws Exception {
        String prefix = "lease/joined-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        publishDirectly(prefix, BASE_SITE, BASE);
        // Leases of a minute: the older publish, about 4 s over its slowed link, never renews its lock.
        Map<String, String> minute = Map.of(PublishLock.Policy.EXPIRY_OPTION, "60");
        try (FaultProxy newerLink =
                FaultProxy.start(FaultProxy.Protocol.HTTP, s3.endpoint().getPort())) {
            proxy.passThrough().delayEachRequest(Duration.ofMillis(100));
            Map<String, String> olderOptions = new HashMap<>(minute);
            olderOptions.put(PublishPipeline.PARALLELISM_OPTION, "1");
            PublishProcess older = PublishProcess.start(
                    work,
                    target(prefix),
                    OLDER,
                    OLDER_SITE,
                    Files.writeString(work.resolve("go-older"), "go"),
                    viaProxy(olderOptions));
            Path go = work.resolve("go-newer");
            PublishProcess newer = PublishProcess.start(
                    work,
                    target(prefix),
                    NEWER,
                    NEWER_SITE,
                    go,
                    options("http://127.0.0.1:" + newerLink.port(), minute));
            newer.awaitReady();
            await(() -> lockNames(prefix, OLDER), older, "the older publish holds the lock");
            String held = lockEntityTag(prefix);
            Files.writeString(go, "go");

            assertEquals(PublishProcessMain.PUBLISHED, older.awaitExit(), older.output());
            assertEquals(PublishProcessMain.PUBLISHED, newer.awaitExit(), newer.output());

            assertTrue(newer.output().contains("INFO Waiting for the publish of commit " + OLDER), newer.output());
            assertEquals("published " + NEWER + " on top of " + OLDER, newer.result());
            assertFalse(newer.output().contains("Taking over"), newer.output());
            List<String> heads = newerLink.requestHeads();
            List<String> takes = heads.stream()
                    .filter(head -> head.startsWith("PUT ") && isLockRequest(head))
                    .toList();
            assertEquals(
                    Optional.of("\"" + held + "\""),
                    header(takes.get(0), "If-Match"),
                    "taken on the ETag it listed while the older publish held it: " + takes);
            assertEquals(2, heads.stream().filter(S3LeaseTest::isListing).count(), "listed again: " + heads);
        } finally {
            proxy.passThrough();
        }
        assertEquals(
                S3Fixtures.contents(PublishProcessMain.site(NEWER_SITE, NEWER)),
                S3Fixtures.contents(inspector, BUCKET, prefix));
    }

    /**
     * A renewal that reaches the store but whose answer is lost: the client sends it again, which the store refuses
     * (its If-Match names the ETag the first one replaced). The lock names this publish with the expiry that very
     * renewal wrote, so the lease goes on from it instead of being counted as lost.
     */
    @Test
    void aRenewalWhoseAnswerIsLostButWhichLandedKeepsTheLease() throws Exception {
        String prefix = "lease/renewal-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        RecordingLog log = new RecordingLog();
        Duration expiry = Duration.ofSeconds(Long.parseLong(EXPIRY_SECONDS));
        proxy.passThrough();
        try (FileStore store = new S3PublisherFactory()
                .openStore(target(prefix), PublishProcessMain.settings(viaProxy(Map.of())), List.of())) {
            PublishLock lock = new PublishLock(
                    store,
                    Retry.defaults(),
                    new PublishLock.Policy(expiry, Duration.ZERO, Duration.ofMillis(200), Duration.ofMillis(200)),
                    log);
            try (PublishLock.Lease lease = lock.acquire("c1")) {
                // The next request is the first renewal, a quarter of the lease from now.
                proxy.atRequest(1, FaultProxy.Action.DROP_RESPONSE);
                long until = System.nanoTime() + expiry.multipliedBy(2).toNanos();
                while (System.nanoTime() - until < 0) {
                    lease.check("update fleet/n0/version");
                    Thread.sleep(50);
                }
                assertEquals(1, proxy.faultsFired(), "the renewal's answer was dropped");
                assertTrue(
                        proxy.requestHeads().stream()
                                        .filter(S3LeaseTest::isLockRequest)
                                        .filter(head -> head.startsWith("PUT "))
                                        .count()
                                >= 3,
                        "renewed since: " + proxy.requestHeads());
                assertEquals(lease.holder().token(), lock(prefix).token());
                assertTrue(
                        lock(prefix).expires().isAfter(Instant.now()),
                        lock(prefix).toString());
            }
        }
        assertFalse(log.contains("lost the publish lock"), log.toString());
    }

    /** The older publish, one write at a time over the proxy with 2 s timeouts, started and seen to go dark. */
    private PublishProcess olderGoingDark(String prefix, Path go) throws Exception {
        PublishProcess older = PublishProcess.start(
                work,
                target(prefix),
                OLDER,
                OLDER_SITE,
                go,
                viaProxy(Map.of(PublishPipeline.PARALLELISM_OPTION, "1", "timeoutSeconds", "2")));
        await(proxy::isDark, older, "the older publish's link went dark");
        return older;
    }

    private static boolean isListing(String head) {
        return head.startsWith("GET ") && head.lines().findFirst().orElse("").contains("list-type=2");
    }

    private static boolean isLockRequest(String head) {
        return head.lines().findFirst().orElse("").contains("/" + PublishLock.LOCK_FILE + " ");
    }

    /** The If-Match of the first PUT of the lock among these requests. */
    private static Optional<String> firstLockPut(List<String> heads) {
        return heads.stream()
                .filter(head -> head.startsWith("PUT ") && isLockRequest(head))
                .findFirst()
                .flatMap(head -> header(head, "If-Match"));
    }

    private static Optional<String> header(String head, String name) {
        return head.lines()
                .skip(1)
                .filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(line -> line.substring(name.length() + 1).trim())
                .findFirst();
    }

    private static PublishLock.Holder lock(String prefix) {
        return PublishLock.Holder.parse(inspector
                        .getObjectAsBytes(b -> b.bucket(BUCKET).key(prefix + "/" + PublishLock.LOCK_FILE))
                        .asByteArray())
                .orElseThrow();
    }

    private static String lockEntityTag(String prefix) {
        return inspector
                .headObject(b -> b.bucket(BUCKET).key(prefix + "/" + PublishLock.LOCK_FILE))
                .eTag()
                .replace("\"", "");
    }

    private static Manifest manifest(String prefix) throws Exception {
        return Manifest.parse(inspector
                .getObjectAsBytes(b -> b.bucket(BUCKET).key(prefix + "/" + SiteLayout.MANIFEST_FILE))
                .asByteArray());
    }

    private static List<Site> sites() throws Exception {
        return List.of(
                PublishProcessMain.site(BASE_SITE, BASE),
                PublishProcessMain.site(OLDER_SITE, OLDER),
                PublishProcessMain.site(NEWER_SITE, NEWER));
    }

    private static Optional<byte[]> served(String prefix, String path) {
        return S3Fixtures.readWhole(inspector, BUCKET, prefix + "/" + path);
    }

    private static boolean lockNames(String prefix, String commit) {
        return S3Fixtures.readWhole(inspector, BUCKET, prefix + "/" + PublishLock.LOCK_FILE)
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8).contains("\ncommit=" + commit + "\n"))
                .orElse(false);
    }

    private static String target(String prefix) {
        return "s3://" + BUCKET + "/" + prefix;
    }

    private static Map<String, String> direct(Map<String, String> extra) {
        return options("http://127.0.0.1:" + s3.endpoint().getPort(), extra);
    }

    private static Map<String, String> viaProxy(Map<String, String> extra) {
        return options("http://127.0.0.1:" + proxy.port(), extra);
    }

    private static Map<String, String> options(String endpoint, Map<String, String> extra) {
        Map<String, String> options = new TreeMap<>(Map.of(
                S3Options.ENDPOINT,
                endpoint,
                S3Options.PATH_STYLE,
                "true",
                S3Options.REGION,
                "us-east-1",
                "user",
                "test-access-key",
                "password",
                "test-secret-key",
                PublishLock.Policy.EXPIRY_OPTION,
                EXPIRY_SECONDS));
        options.putAll(extra);
        // A waiting publish looks at the lock again every 200 ms instead of every 2 s.
        return PublishProcessMain.withQuickLock(options);
    }

    private void publishDirectly(String prefix, String yaml, String commit) throws Exception {
        Map<String, String> options = new HashMap<>(direct(Map.of()));
        try (Publisher publisher = Publishers.standard().open(target(prefix), PublishProcessMain.settings(options))) {
            publisher.publish(
                    PublishProcessMain.site(yaml, commit),
                    new PublishRequest(false, HeaderPolicy.defaults(), PublishGuard.NONE, PublishLog.SILENT));
        }
    }

    private static void await(BooleanSupplier condition, PublishProcess process, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 120 s: " + what + "\n" + process.output());
            }
            Thread.sleep(20);
        }
    }
}
