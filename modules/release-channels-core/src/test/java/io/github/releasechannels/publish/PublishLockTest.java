// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.releasechannels.publish.file.DirectoryStore;
import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.testing.RecordingLog;
import io.github.releasechannels.testing.RecordingStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publish lock's lease on a real directory: renewed every quarter of its expiry, lost when a renewal finds the
 * lock taken or cannot get through in time (by the holder's own clock), and the rules for taking over a lock whose
 * holder is a process on this host that has ended, told apart by boot id, pid namespace and start time.
 */
@RealServer
class PublishLockTest {

    /**
     * Shorter than the option allows (releaseChannels.lock.expirySeconds is at least 4), as the tests wait out one or
     * two leases: a renewal of a local file takes microseconds, so half a second of renewal interval is ample.
     */
    private static final Duration EXPIRY = Duration.ofSeconds(2);

    private static final Headers LOCK_HEADERS = new Headers("text/plain; charset=utf-8", "no-store");

    @TempDir
    Path root;

    private final RecordingLog log = new RecordingLog();
    private final List<Process> children = new ArrayList<>();
    private DirectoryStore directory;

    @BeforeEach
    void setUp() {
        directory = new DirectoryStore(root);
    }

    @AfterEach
    void stopChildren() {
        children.forEach(Process::destroyForcibly);
    }

    private PublishLock lock(FileStore store, Duration patience) {
        return new PublishLock(
                store,
                Retry.defaults(),
                new PublishLock.Policy(EXPIRY, patience, Duration.ofMillis(200), Duration.ofMillis(200)),
                log);
    }

    private String lockText() throws IOException {
        return Files.readString(root.resolve(PublishLock.LOCK_FILE), StandardCharsets.UTF_8);
    }

    private Instant lockExpiry() throws IOException {
        return PublishLock.Holder.parse(lockText().getBytes(StandardCharsets.UTF_8))
                .orElseThrow()
                .expires();
    }

    @Test
    void aHeldLeaseIsRenewedEveryQuarterOfItsExpiryAndLetsWritesThroughPastIt() throws Exception {
        long started = System.nanoTime();
        try (PublishLock.Lease lease = lock(directory, Duration.ZERO).acquire("c1")) {
            Instant first = lockExpiry();
            // Two expiries long, so the lease outlives its first expiry twice over.
            while (System.nanoTime() - started < 2 * EXPIRY.toNanos()) {
                lease.check("update current/version");
                Thread.sleep(50);
            }
            assertTrue(lockExpiry().isAfter(first.plus(EXPIRY)), "renewed: " + first + " -> " + lockExpiry());
            assertEquals(
                    lease.holder().token(),
                    PublishLock.Holder.parse(lockText().getBytes(StandardCharsets.UTF_8))
                            .orElseThrow()
                            .token());
        }
        assertFalse(Files.exists(root.resolve(PublishLock.LOCK_FILE)), "removed when the publish ends");
        assertFalse(log.contains("lost"), log.toString());
    }

    @Test
    void aRenewalThatFindsTheLockTakenStopsThePublishBeforeItsNextWriteAndLeavesTheNewHoldersLock() throws Exception {
        PublishLock.Lease lease = lock(directory, Duration.ZERO).acquire("c1-older");
        PublishLock.Holder mine = lease.holder();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        PublishLock.Holder other = new PublishLock.Holder(
                UUID.randomUUID().toString(),
                "elsewhere",
                4242,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "c2-newer",
                now,
                now.plus(EXPIRY));
        directory.write(other.file(), LOCK_HEADERS);

        ConcurrentPublishException lost = awaitLost(lease, "update current/version");

        assertTrue(
                lost.getMessage()
                        .startsWith("This publish (commit c1-older) lost the publish lock "
                                + PublishLock.LOCK_FILE + " on directory " + root
                                + ": renewing it found it taken over by the "
                                + "publish of commit c2-newer by process 4242 on elsewhere"),
                lost.getMessage());
        assertTrue(
                lost.getMessage()
                        .contains("It stopped before update current/version and wrote nothing after " + "that"),
                lost.getMessage());
        assertTrue(log.contains("WARN This publish lost the publish lock"), log.toString());
        // Every later write is refused too, and the manifest is not written.
        assertThrows(ConcurrentPublishException.class, () -> lease.check("delete old/version"));
        assertThrows(ConcurrentPublishException.class, lease::beforeManifest);
        lease.close();
        assertTrue(lockText().contains("commit=c2-newer"), "the new holder's lock stays: " + lockText());
        assertFalse(lockText().contains(mine.token()));
    }

    /**
     * The renewals hang (no answer, no error): by its own monotonic clock the holder lets writes through only until
     * a quarter of the lease is left, then waits for the renewal, and once the lease has run out stops for good.
     */
    @Test
    void aLeaseWhoseRenewalsHangRunsOutByTheHoldersOwnClockAndLetsNoWriteThroughInItsLastQuarter() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        RecordingStore hanging = new RecordingStore(directory).holdLockReplacementsUntil(answer);
        long before = System.nanoTime();
        PublishLock.Lease lease = lock(hanging, Duration.ZERO).acquire("c1");
        long acquired = System.nanoTime();
        long writableUntil = acquired + EXPIRY.minus(EXPIRY.dividedBy(4)).toNanos();
        int letThrough = 0;
        ConcurrentPublishException lost = null;
        while (lost == null && System.nanoTime() - before < 6 * EXPIRY.toNanos()) {
            long asked = System.nanoTime();
            try {
                lease.check("update current/version");
                assertTrue(
                        asked - writableUntil < 0,
                        "a write was let through "
                                + Duration.ofNanos(asked - writableUntil).toMillis()
                                + " ms into the lease's last quarter");
                letThrough++;
            } catch (ConcurrentPublishException e) {
                lost = e;
                assertTrue(System.nanoTime() - before >= EXPIRY.toNanos(), "lost before the lease ran out");
            }
            Thread.sleep(20);
        }
        assertTrue(lost != null, "the lease never ran out");
        assertTrue(letThrough > 0, "writes went through while the lease was fresh");
        assertTrue(lost.getMessage().contains("no renewal got through before its lease ran out"), lost.getMessage());
        assertTrue(lost.getMessage().contains("raise releaseChannels.lock.expirySeconds"), lost.getMessage());
        // A renewal answered after that changes nothing: the lease stays lost.
        answer.countDown();
        Thread.sleep(EXPIRY.dividedBy(2).toMillis());
        assertThrows(ConcurrentPublishException.class, () -> lease.check("update stable/version"));
        lease.close();
    }

    @Test
    void aLockOfAnEndedProcessOnThisHostIsTakenOverAtOnceNamingTheProcess() throws Exception {
        HolderProcess self = linuxSelf();
        long dead = endedProcess();
        plant(holder(self.host(), dead, Optional.empty(), self.bootId(), self.pidNamespace(), Duration.ofHours(1)));

        try (PublishLock.Lease lease = lock(directory, Duration.ZERO).acquire("c2-newer")) {
            assertEquals("c2-newer", lease.holder().commit());
        }
        assertTrue(
                log.contains("WARN Taking over the publish lock " + PublishLock.LOCK_FILE + " on directory " + root
                        + " of the publish of commit c1-killed by process " + dead + " on " + self.host() + " (since "),
                log.toString());
        assertTrue(
                log.contains(": process " + dead + " no longer exists on this host, so its lock proves nothing."),
                log.toString());
    }

    @Test
    void aLockOfALiveProcessOrOfAnotherBootOrPidNamespaceOrWithoutThemIsWaitedFor() throws Exception {
        HolderProcess self = linuxSelf();
        long dead = endedProcess();
        Process live = liveProcess();
        Optional<Instant> liveStart = live.info().startInstant();
        List<PublishLock.Holder> waitedFor = List.of(
                holder(self.host(), live.pid(), liveStart, self.bootId(), self.pidNamespace(), Duration.ofHours(1)),
                holder(
                        self.host(),
                        dead,
                        Optional.empty(),
                        Optional.of(UUID.randomUUID().toString()),
                        self.pidNamespace(),
                        Duration.ofHours(1)),
                holder(self.host(), dead, Optional.empty(), self.bootId(), Optional.of("pid:[1]"), Duration.ofHours(1)),
                holder("another-host", dead, Optional.empty(), self.bootId(), self.pidNamespace(), Duration.ofHours(1)),
                // Written by an older version: no boot id, no namespace.
                holder(self.host(), dead, Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofHours(1)));
        for (PublishLock.Holder planted : waitedFor) {
            plant(planted);
            ConcurrentPublishException e = assertThrows(
                    ConcurrentPublishException.class,
                    () -> lock(directory, Duration.ZERO).acquire("c2-newer"),
                    planted.toString());
            assertTrue(
                    e.getMessage()
                            .startsWith("Another publish is running on directory " + root + ": the "
                                    + "publish of commit c1-killed by process " + planted.pid()),
                    e.getMessage());
            assertTrue(lockText().contains("token=" + planted.token()), "left in place: " + planted);
        }
        assertFalse(log.contains("Taking over"), log.toString());
    }

    @Test
    void aProcessIdNowUsedByAProcessThatStartedAfterTheLockWasTakenDoesNotHoldIt() throws Exception {
        HolderProcess self = linuxSelf();
        Process reused = liveProcess();
        Instant reusedStart = reused.info().startInstant().orElseThrow();
        // The lock's holder started an hour before the process that has its id now.
        PublishLock.Holder recordedStart = holder(
                self.host(),
                reused.pid(),
                Optional.of(reusedStart.minus(Duration.ofHours(1))),
                self.bootId(),
                self.pidNamespace(),
                Duration.ofHours(1));
        assertEquals(
                Optional.of("process id " + reused.pid() + " now belongs to another process (started " + reusedStart
                        + ", the lock's holder started " + reusedStart.minus(Duration.ofHours(1)) + ")"),
                self.ended(recordedStart, Set.of()));
        // Without the holder's start: the lock was taken an hour before the process with its id started.
        PublishLock.Holder acquiredBefore = new PublishLock.Holder(
                "t",
                self.host(),
                reused.pid(),
                Optional.empty(),
                self.bootId(),
                self.pidNamespace(),
                "c1",
                reusedStart.minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofHours(1)));
        assertTrue(self.ended(acquiredBefore, Set.of()).orElseThrow().contains("after the lock was taken"));
        // The very process, started when the lock says: alive.
        PublishLock.Holder same = holder(
                self.host(),
                reused.pid(),
                Optional.of(reusedStart),
                self.bootId(),
                self.pidNamespace(),
                Duration.ofHours(1));
        assertEquals(Optional.empty(), self.ended(same, Set.of()));

        plant(recordedStart);
        try (PublishLock.Lease lease = lock(directory, Duration.ZERO).acquire("c2-newer")) {
            assertTrue(log.contains("now belongs to another process"), log.toString());
        }
    }

    /** A lock this very process took for a publish that has ended (its removal failed) is taken over at once. */
    @Test
    void aLockOfThisProcessIsTakenOverOnlyOnceThePublishThatTookItHasEnded() throws Exception {
        HolderProcess self = linuxSelf();
        PublishLock.Lease running = lock(directory, Duration.ZERO).acquire("c1");
        ConcurrentPublishException e = assertThrows(
                ConcurrentPublishException.class,
                () -> lock(directory, Duration.ZERO).acquire("c2"));
        assertTrue(e.getMessage().contains("by process " + self.pid()), e.getMessage());
        // Ended, its lock left behind (as when the removal fails).
        String left = lockText();
        running.close();
        Files.writeString(root.resolve(PublishLock.LOCK_FILE), left);

        try (PublishLock.Lease lease = lock(directory, Duration.ZERO).acquire("c2")) {
            assertEquals("c2", lease.holder().commit());
        }
        assertTrue(log.contains("that is this process, and the publish that took it has ended"), log.toString());
    }

    /**
     * Two publishes of one process (a parallel Maven build): the second reads the lock the first has just written,
     * before the first's write of it is answered. It names this process and a publish that is running: waited for,
     * never taken over.
     */
    @Test
    void aLockThisProcessIsStillTakingIsWaitedForByItsOtherPublishesNotTakenOver() throws Exception {
        HolderProcess self = linuxSelf();
        CountDownLatch landed = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        RecordingStore store = new RecordingStore(directory).holdLockCreationAnswersUntil(landed, answered);
        ExecutorService first = Executors.newSingleThreadExecutor();
        try {
            Future<PublishLock.Lease> taking =
                    first.submit(() -> lock(store, Duration.ZERO).acquire("c1"));
            assertTrue(landed.await(30, TimeUnit.SECONDS), "the first publish wrote the lock");
            ConcurrentPublishException e = assertThrows(
                    ConcurrentPublishException.class,
                    () -> lock(directory, Duration.ZERO).acquire("c2"));
            assertTrue(e.getMessage().contains("the publish of commit c1 by process " + self.pid()), e.getMessage());
            answered.countDown();
            try (PublishLock.Lease lease = taking.get(30, TimeUnit.SECONDS)) {
                assertEquals("c1", lease.holder().commit());
                assertTrue(lockText().contains("token=" + lease.holder().token()), lockText());
            }
        } finally {
            answered.countDown();
            first.shutdownNow();
        }
        assertFalse(log.contains("Taking over"), log.toString());
    }

    @Test
    void anExpiredLockOfAnotherHostIsTakenOverOnceItExpires() throws Exception {
        PublishLock.Holder planted = holder(
                "another-host", 4242, Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofMillis(1500));
        plant(planted);

        try (PublishLock.Lease lease = lock(directory, Duration.ofSeconds(30)).acquire("c2-newer")) {
            assertFalse(Instant.now().isBefore(planted.expires()), "taken over before it expired");
        }
        assertTrue(
                log.contains("INFO Waiting for the publish of commit c1-killed by process 4242 on another-host"),
                log.toString());
        assertTrue(
                log.contains(": it has expired, so that run was killed or could not renew it (it stops before "
                        + "its next write)."),
                log.toString());
    }

    @Test
    void aLockFileReadsBackWithAndWithoutTheFieldsThatTellProcessesApart() {
        Instant now = Instant.parse("2025-01-02T03:04:05.678Z");
        PublishLock.Holder full = new PublishLock.Holder(
                "tok",
                "runner-7",
                123,
                Optional.of(now.minusSeconds(60)),
                Optional.of("0f6d6c44-4b43-4c39-9e5e-7d44c6e9a0b1"),
                Optional.of("pid:[4026531836]"),
                "abc",
                now,
                now.plus(EXPIRY));
        assertEquals(Optional.of(full), PublishLock.Holder.parse(full.file().content()));
        String old = "release-channels publish lock\ntoken=tok\nhost=runner-7\npid=123\ncommit=abc\n" + "acquired="
                + now + "\nexpires=" + now.plus(EXPIRY) + "\n";
        assertEquals(
                Optional.of(new PublishLock.Holder(
                        "tok",
                        "runner-7",
                        123,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        "abc",
                        now,
                        now.plus(EXPIRY))),
                PublishLock.Holder.parse(old.getBytes(StandardCharsets.UTF_8)));
        assertEquals(
                Optional.empty(),
                PublishLock.Holder.parse(old.replace("pid=123", "pid=many").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aLockFileFromTheTargetIsQuotedEscapedSoItCannotForgeALogLineOrACiCommand() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        plant(new PublishLock.Holder(
                "tok",
                "evil\r::add-mask::14.2.1",
                1,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "c1\u001b[2K##[stop-commands]x",
                now,
                now.plus(Duration.ofHours(1))));
        ConcurrentPublishException e = assertThrows(
                ConcurrentPublishException.class,
                () -> lock(directory, Duration.ZERO).acquire("c2-newer"));
        assertTrue(
                e.getMessage()
                        .contains("the publish of commit c1\\u001B[2K##\\u005Bstop-commands]x by process 1 "
                                + "on evil\\u000D::add-mask::14.2.1 (since "),
                e.getMessage());
    }

    private static ConcurrentPublishException awaitLost(PublishLock.Lease lease, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                lease.check(what);
            } catch (ConcurrentPublishException e) {
                return e;
            }
            Thread.sleep(20);
        }
        return fail("the lease was not lost within 30 s");
    }

    /** This process as the lock sees it; the rules for ended processes need Linux's boot id and pid namespace. */
    private static HolderProcess linuxSelf() {
        HolderProcess self = HolderProcess.current();
        assumeTrue(
                self.bootId().isPresent()
                        && self.pidNamespace().isPresent()
                        && self.started().isPresent(),
                "this system does not tell boot id, pid namespace and process start");
        return self;
    }

    private long endedProcess() throws Exception {
        Process process = new ProcessBuilder("true").start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        long pid = process.pid();
        assertTrue(ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty(), "process " + pid + " ended");
        return pid;
    }

    private Process liveProcess() throws IOException {
        Process process = new ProcessBuilder("sleep", "120").start();
        children.add(process);
        return process;
    }

    private static PublishLock.Holder holder(
            String host,
            long pid,
            Optional<Instant> started,
            Optional<String> bootId,
            Optional<String> pidNamespace,
            Duration expiresIn) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new PublishLock.Holder(
                UUID.randomUUID().toString(),
                host,
                pid,
                started,
                bootId,
                pidNamespace,
                "c1-killed",
                now,
                now.plus(expiresIn));
    }

    private void plant(PublishLock.Holder holder) throws IOException {
        directory.write(holder.file(), LOCK_HEADERS);
    }
}
