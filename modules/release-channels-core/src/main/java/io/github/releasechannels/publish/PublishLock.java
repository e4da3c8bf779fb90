// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteLayout;
import io.github.releasechannels.text.LogText;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A lease on a target, held while a publish writes: a small file {@value #LOCK_FILE} at the site root naming its
 * holder (host, process, commit) and when it expires. A second publish waits for it and then plans from what the
 * first one left.
 *
 * <p>How the lock is taken and released follows what the store can decide in one step. Where replacing a file only
 * while it has a given version is atomic ({@link FileStore.ConditionalWrites#ATOMIC}: S3's {@code If-Match}), the
 * lock object stays between publishes: a publish takes it with one conditional write on the version its snapshot
 * listed, and releases it without a request of its own, as the manifest it writes last names its lease
 * ({@link Manifest.LeaseRecord}): a lock whose version or token the manifest names is free. Elsewhere the lock is
 * created only where none exists (a hard link or a rename on a directory or SFTP, exclusive) and removed when the
 * publish ends; a store that only checks and then writes is given time to let a racing write land and is read back.
 *
 * <p>The holder renews its lease every quarter of the expiry, replacing the lock only while it is still the one it
 * wrote, and issues a write only while at least a quarter of the lease is left by its own monotonic clock (the
 * {@link Lease} is the publish's {@link WriteFence}): that quarter absorbs clock skew between runners and the time a
 * write takes to land. A renewal that finds the lock taken, or that cannot get through before the lease runs out,
 * stops the publish before its next write, whatever a server answers later. A lock that has expired is taken over,
 * and so at once is the lock of a process on this host that has ended (see {@link HolderProcess}).
 *
 * <p>Where a store is configured to trust conditional writes it cannot vouch for ({@link FileStore.Capabilities#claimed}),
 * the lease proves them before the publish's first write with two conditional writes of its own lock that must fail,
 * unless the target's manifest records a recent proof for the same store.
 */
public final class PublishLock {

    /** A dot-file: the documented web server setups do not serve it. */
    public static final String LOCK_FILE = ".release-channels.lock";
    /** How long a proof that a store honours conditional writes is trusted before a publish probes it again. */
    public static final Duration PROOF_LIFETIME = Duration.ofHours(24);
    /** How far ahead of this clock a proof may be dated (another runner's clock) and still count. */
    private static final Duration PROOF_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Lock files are a few hundred bytes; anything larger is not one of ours. */
    private static final int MAX_LOCK_BYTES = 4096;

    private static final String CONTENT_TYPE = "text/plain; charset=utf-8";
    private static final Headers HEADERS = new Headers(CONTENT_TYPE, "no-store");
    private static final String FIRST_LINE = "release-channels publish lock";
    /** The tokens of the leases this process holds or is taking now; see {@link HolderProcess#ended}. */
    private static final Set<String> HELD_HERE = ConcurrentHashMap.newKeySet();

    /**
     * How long a lease lasts and how long a publish waits for another one.
     *
     * @param expiry   how long a lock is honoured after its holder last wrote it; the holder renews it every quarter of
     *                 this and writes nothing in its last quarter
     * @param patience how long to wait for another publish before giving up
     * @param poll     how often to look again while waiting
     * @param settle   how long to wait before re-reading a lock written by a check-then-write, so that a publisher
     *                 that passed the same check has written its own by then
     */
    public record Policy(Duration expiry, Duration patience, Duration poll, Duration settle) {

        public static final String EXPIRY_OPTION = "lock.expirySeconds";
        public static final String WAIT_OPTION = "lock.waitSeconds";
        /** A killed runner's lock on another host clears within a minute; a live holder renews it every 15 s. */
        public static final long DEFAULT_EXPIRY_SECONDS = 60;
        /** Under this a renewal every quarter of the lease would leave no room for a slow store's answer. */
        public static final long MIN_EXPIRY_SECONDS = 4;
        /** Beyond this a killed runner on another host blocks publishing for longer than anyone waits. */
        public static final long MAX_EXPIRY_SECONDS = 3600;

        public static final long DEFAULT_WAIT_SECONDS = 120;
        public static final long MAX_WAIT_SECONDS = 86_400;
        public static final Policy DEFAULT = new Policy(
                Duration.ofSeconds(DEFAULT_EXPIRY_SECONDS),
                Duration.ofSeconds(DEFAULT_WAIT_SECONDS),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2));

        /** How often the holder renews its lease: a quarter of the expiry. */
        public Duration renewEvery() {
            return expiry.dividedBy(4);
        }

        /** The last part of a lease in which the holder issues no write: a quarter of the expiry. */
        public Duration margin() {
            return expiry.dividedBy(4);
        }
    }

    /**
     * Who holds a lock, as written in it. Process start, boot id and pid namespace are absent in locks written by
     * older versions and on systems that do not tell; such a lock is taken over only once it has expired. A lock
     * whose holder released it without writing a manifest says when ({@code released}; its expiry is then that
     * moment too, so that older versions of the plugin take it over at once).
     */
    public record Holder(
            String token,
            String host,
            long pid,
            Optional<Instant> processStarted,
            Optional<String> bootId,
            Optional<String> pidNamespace,
            String commit,
            Instant acquired,
            Instant expires,
            Optional<Instant> released) {

        public Holder(
                String token,
                String host,
                long pid,
                Optional<Instant> processStarted,
                Optional<String> bootId,
                Optional<String> pidNamespace,
                String commit,
                Instant acquired,
                Instant expires) {
            this(token, host, pid, processStarted, bootId, pidNamespace, commit, acquired, expires, Optional.empty());
        }

        static Holder of(String token, HolderProcess process, String commit, Instant acquired, Instant expires) {
            return new Holder(
                    token,
                    process.host(),
                    process.pid(),
                    process.started(),
                    process.bootId(),
                    process.pidNamespace(),
                    commit,
                    acquired,
                    expires);
        }

        /** For the log: the commit and host are whatever the lock file on the target says, so they are escaped. */
        String describe() {
            return "the publish of commit " + LogText.escape(commit) + " by process " + pid + " on "
                    + LogText.escape(host) + " (since " + acquired + ", lock expires " + expires + ")";
        }

        Holder expiring(Instant newExpiry) {
            return new Holder(
                    token, host, pid, processStarted, bootId, pidNamespace, commit, acquired, newExpiry, released);
        }

        Holder releasing(Instant now) {
            return new Holder(
                    token, host, pid, processStarted, bootId, pidNamespace, commit, acquired, now, Optional.of(now));
        }

        SiteFile file() {
            StringBuilder text = new StringBuilder(FIRST_LINE)
                    .append("\ntoken=")
                    .append(token)
                    .append("\nhost=")
                    .append(host)
                    .append("\npid=")
                    .append(pid);
            processStarted.ifPresent(
                    started -> text.append("\nprocess_started=").append(started));
            bootId.ifPresent(id -> text.append("\nboot_id=").append(id));
            pidNamespace.ifPresent(namespace -> text.append("\npid_namespace=").append(namespace));
            text.append("\ncommit=")
                    .append(commit)
                    .append("\nacquired=")
                    .append(acquired)
                    .append("\nexpires=")
                    .append(expires);
            released.ifPresent(when -> text.append("\nreleased=").append(when));
            text.append('\n');
            return new SiteFile(LOCK_FILE, text.toString().getBytes(StandardCharsets.UTF_8), CONTENT_TYPE);
        }

        /** The lock a publish wrote, or empty for anything else (a lock file is never trusted to be one). */
        public static Optional<Holder> parse(byte[] bytes) {
            if (bytes.length > MAX_LOCK_BYTES) {
                return Optional.empty();
            }
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
            if (lines.length == 0 || !lines[0].equals(FIRST_LINE)) {
                return Optional.empty();
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int equals = lines[i].indexOf('=');
                if (equals > 0) {
                    fields.put(lines[i].substring(0, equals), lines[i].substring(equals + 1));
                }
            }
            try {
                return Optional.of(new Holder(
                        required(fields, "token"),
                        required(fields, "host"),
                        Long.parseLong(required(fields, "pid")),
                        optional(fields, "process_started").map(Instant::parse),
                        optional(fields, "boot_id"),
                        optional(fields, "pid_namespace"),
                        required(fields, "commit"),
                        Instant.parse(required(fields, "acquired")),
                        Instant.parse(required(fields, "expires")),
                        optional(fields, "released").map(Instant::parse)));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                return Optional.empty();
            }
        }

        private static String required(Map<String, String> fields, String name) {
            return optional(fields, name).orElseThrow(() -> new IllegalArgumentException("no " + name));
        }

        private static Optional<String> optional(Map<String, String> fields, String name) {
            return Optional.ofNullable(fields.get(name)).filter(value -> !value.isEmpty());
        }
    }

    /**
     * Whether {@code lock} is free without waiting for it: its holder released it, or {@code manifest} (the
     * target's) was written under its lease, as the last write of that holder's publish.
     */
    public static boolean isReleased(Holder lock, Optional<Manifest> manifest) {
        return lock.released().isPresent()
                || manifest.flatMap(Manifest::lease)
                        .filter(lease -> lease.token().equals(lock.token()))
                        .isPresent();
    }

    private final FileStore store;
    private final Retry retry;
    private final Policy policy;
    private final PublishLog log;
    private final HolderProcess self;

    public PublishLock(FileStore store, Retry retry, Policy policy, PublishLog log) {
        this(store, retry, policy, log, HolderProcess.current());
    }

    /** A lock taken in the name of {@code self}, which tests set to stand for another process. */
    PublishLock(FileStore store, Retry retry, Policy policy, PublishLog log, HolderProcess self) {
        this.store = store;
        this.retry = retry;
        this.policy = policy;
        this.log = log;
        this.self = self;
    }

    /** Whether the lock stays between publishes: only where the store replaces it atomically on its version. */
    private boolean persistent() {
        return store.capabilities().conditionalWrites() == FileStore.ConditionalWrites.ATOMIC;
    }

    /**
     * Whether a publish that writes nothing may pass the lock by, as {@code seen} (a snapshot taken without the
     * lock) shows it: there is none, or it is released. The listing alone tells when it shows the lock with the
     * version the manifest names; otherwise the lock is read once.
     */
    public boolean isFree(TargetState seen) throws IOException {
        if (freeAsListed(seen)) {
            return true;
        }
        return readLock()
                .map(current -> current.holder()
                        .filter(holder -> isReleased(holder, seen.manifest()))
                        .isPresent())
                .orElse(true);
    }

    /** Takes the lock for a publish of {@code commit}, waiting up to the policy's wait for another holder. */
    public Lease acquire(String commit) throws IOException {
        return acquire(commit, Optional.empty());
    }

    /**
     * Takes the lock for a publish of {@code commit}, waiting up to the policy's wait for another holder.
     *
     * @param seen the snapshot taken without the lock, if any. Where it shows the lock free (none listed, or listed
     *             with the version its manifest names as released), the lock is taken at once with a write
     *             conditional on what was listed, without reading it first. When such a write succeeds on a store
     *             whose lock persists, nothing can have written to the target since the snapshot, and the lease
     *             says so ({@link Lease#snapshotHolds}): see docs/publishing.md for the argument.
     */
    public Lease acquire(String commit, Optional<TargetState> seen) throws IOException {
        String token = UUID.randomUUID().toString();
        // Known as this process's before the first write of the lock: another publish of this process that reads
        // the lock before that write is answered sees a publish that is running, not one that has ended.
        HELD_HERE.add(token);
        boolean held = false;
        try {
            Lease lease = acquireAs(token, commit, seen);
            held = true;
            return lease;
        } finally {
            if (!held) {
                HELD_HERE.remove(token);
            }
        }
    }

    private Lease acquireAs(String token, String commit, Optional<TargetState> seen) throws IOException {
        long deadline = System.nanoTime() + policy.patience().toNanos();
        boolean announcedWait = false;
        Attempt attempted = null;
        Optional<String> listed = seen.flatMap(PublishLock::listedVersion);
        boolean steady = seen.filter(PublishLock::manifestSteady).isPresent();
        ReleasingManifest releasing = new ReleasingManifest(seen);
        boolean fromListing = seen.filter(PublishLock::freeAsListed).isPresent();
        while (true) {
            // The lease runs from before the lock is read: the holder's clock never counts it longer than others.
            long startedAt = System.nanoTime();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Holder me = Holder.of(token, self, commit, now, now.plus(policy.expiry()));
            Optional<String> version;
            Optional<Holder> other;
            boolean free;
            if (fromListing) {
                // Free as listed: no need to read it.
                fromListing = false;
                version = listed;
                other = Optional.empty();
                free = true;
            } else {
                Optional<LockRead> current = readLock();
                if (current.isPresent() && current.get().holder().isEmpty()) {
                    throw new TargetException(LOCK_FILE + " on " + store.describe() + " is not a publish lock "
                            + "this plugin wrote. If no publish is running, delete it and run the publish again");
                }
                version = current.map(LockRead::version);
                other = current.flatMap(LockRead::holder);
                if (attempted != null
                        && other.filter(holder -> holder.token().equals(token)).isPresent()) {
                    // Our own take whose answer was lost and retried.
                    return held(attempted, version.orElseThrow());
                }
                free = other.isEmpty() || isReleased(other.get(), releasing.manifest);
                if (!free && persistent() && releasing.refresh()) {
                    // Before waiting for the holder or taking its lock over: its publish may have ended since the
                    // manifest known here, and its own manifest released it.
                    free = isReleased(other.get(), releasing.manifest);
                }
            }
            if (free) {
                boolean snapshotHolds = persistent()
                        && steady
                        && releasing.fromSnapshot
                        && version.isPresent()
                        && version.equals(listed);
                attempted = new Attempt(me, startedAt, snapshotHolds);
                Optional<String> taken = take(me, version);
                if (taken.isPresent()) {
                    return held(attempted, taken.get());
                }
                if (version.isEmpty() && System.nanoTime() - deadline >= 0) {
                    throw new TargetException(LOCK_FILE + " cannot be created on " + store.describe() + ", yet "
                            + "none can be read: remove what has that name (a link or a directory)");
                }
                sleep(policy.poll().dividedBy(4));
                continue;
            }
            Holder holder = other.orElseThrow();
            Optional<String> ended = self.ended(holder, HELD_HERE);
            if (!holder.expires().isAfter(now) || ended.isPresent()) {
                log.warn("Taking over the publish lock " + LOCK_FILE + " on " + store.describe() + " of "
                        + holder.describe() + ": "
                        + ended.map(reason -> reason + ", so its lock proves nothing.")
                                .orElse("it has expired, so that run was killed or could not renew it (it stops "
                                        + "before its next write)."));
                attempted = new Attempt(me, startedAt, false);
                Optional<String> taken = take(me, version);
                if (taken.isPresent()) {
                    return held(attempted, taken.get());
                }
                continue;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new ConcurrentPublishException("Another publish is running on " + store.describe() + ": "
                        + holder.describe() + ". Waited " + policy.patience().toSeconds() + " s for it "
                        + "(releaseChannels." + Policy.WAIT_OPTION + "). Run this publish again once it has "
                        + "finished; if that run was killed on another host, its lock is taken over after "
                        + holder.expires() + ", or delete " + LOCK_FILE + " after making sure that no publish is "
                        + "running.");
            }
            if (!announcedWait) {
                announcedWait = true;
                log.info("Waiting for " + holder.describe() + " to finish on " + store.describe()
                        + "; this publish then plans from what it left.");
            }
            sleep(policy.poll());
        }
    }

    /**
     * The target's manifest as far as it says which lease released the lock: the snapshot's at first; where the lock
     * stays, the target's once it changed, as a holder's manifest, once written, releases its lock, which stays as
     * it is.
     */
    private final class ReleasingManifest {
        private Optional<Manifest> manifest;
        private Optional<String> version;
        /** Whether {@link #manifest} is the snapshot's, read with the listing the lock was seen in. */
        private boolean fromSnapshot;

        ReleasingManifest(Optional<TargetState> seen) {
            manifest = seen.flatMap(TargetState::manifest);
            version = seen.flatMap(TargetState::manifestVersion);
            fromSnapshot = seen.isPresent();
        }

        /** Reads the manifest again if its version changed (one metadata request otherwise); whether it did. */
        boolean refresh() throws IOException {
            Optional<String> now = retry
                    .run(
                            "read the metadata of " + SiteLayout.MANIFEST_FILE,
                            log,
                            () -> store.stat(List.of(SiteLayout.MANIFEST_FILE)))
                    .values()
                    .stream()
                    .findFirst()
                    .flatMap(StoredFile::version);
            if (now.equals(version)) {
                return false;
            }
            Optional<VersionedContent> read = retry.run(
                    "read " + SiteLayout.MANIFEST_FILE, log, () -> store.readVersioned(SiteLayout.MANIFEST_FILE));
            version = read.map(VersionedContent::version);
            manifest = read.flatMap(PublishLock::parseQuietly);
            fromSnapshot = false;
            return true;
        }
    }

    /** A write of the lock that takes it, and when it was sent; whether it proves the snapshot still holds. */
    private record Attempt(Holder holder, long sentAt, boolean snapshotHolds) {}

    /** The lock as read: its version, and its holder unless it is not a lock this plugin wrote. */
    private record LockRead(String version, Optional<Holder> holder) {}

    private Optional<LockRead> readLock() throws IOException {
        return retry.run("read " + LOCK_FILE, log, () -> store.readVersioned(LOCK_FILE))
                .map(content -> new LockRead(content.version(), Holder.parse(content.content())));
    }

    /**
     * Writes {@code me} over the lock at {@code version}, or creates it where there is none; the version written
     * when this publish holds it now, empty when another write came first.
     */
    private Optional<String> take(Holder me, Optional<String> version) throws IOException {
        boolean written = version.isPresent()
                ? retry.run("take " + LOCK_FILE, log, () -> store.replaceIfUnchanged(me.file(), HEADERS, version.get()))
                : retry.run("create " + LOCK_FILE, log, () -> store.createIfAbsent(me.file(), HEADERS));
        if (!written) {
            return Optional.empty();
        }
        return switch (store.capabilities().conditionalWrites()) {
            // The store decided in the write: it is ours, at the version it answered.
            case ATOMIC -> {
                Optional<String> answered = store.writtenEntityTag(LOCK_FILE);
                yield answered.isPresent() ? answered : holds(me.token(), false);
            }
            // A create is exclusive; a replacement checked first, so a racing one gets time to land.
            case EXCLUSIVE_CREATE -> holds(me.token(), version.isPresent());
            case CHECK_THEN_WRITE -> holds(me.token(), true);
        };
    }

    /**
     * The version of the lock when it names {@code token}, after letting racing check-then-writes land if asked to;
     * empty when it names another holder or is gone.
     */
    private Optional<String> holds(String token, boolean settleFirst) throws IOException {
        if (settleFirst) {
            sleep(policy.settle());
        }
        return readLock()
                .filter(read ->
                        read.holder().filter(h -> h.token().equals(token)).isPresent())
                .map(LockRead::version);
    }

    private Lease held(Attempt attempt, String version) {
        Holder holder = attempt.holder();
        log.debug("Holding the publish lock " + LOCK_FILE + " on " + store.describe() + " until " + holder.expires()
                + ", renewed every " + policy.renewEvery().toMillis() + " ms");
        return new Lease(holder, version, attempt.sentAt(), attempt.snapshotHolds());
    }

    private Optional<Holder> currentHolder() throws IOException {
        return readLock().flatMap(LockRead::holder);
    }

    /** The lock's version as the snapshot listed it; empty when it listed none. */
    private static Optional<String> listedVersion(TargetState seen) {
        return Optional.ofNullable(seen.files().get(LOCK_FILE)).flatMap(StoredFile::version);
    }

    /**
     * Whether the snapshot alone shows the lock free: it listed none, or listed it with the version its manifest
     * names as released by the lease it was written under.
     */
    private static boolean freeAsListed(TargetState seen) {
        Optional<String> listed = listedVersion(seen);
        return listed.isEmpty()
                || listed.equals(seen.manifest().flatMap(Manifest::lease).map(Manifest.LeaseRecord::lockVersion));
    }

    /**
     * Whether the snapshot listed the manifest with the version it read: then the manifest it planned from is the
     * one the listing saw beside the other files.
     */
    private static boolean manifestSteady(TargetState seen) {
        return Optional.ofNullable(seen.files().get(SiteLayout.MANIFEST_FILE))
                .flatMap(StoredFile::version)
                .equals(seen.manifestVersion());
    }

    /** A manifest read while waiting only tells which lease released the lock; one that cannot be read tells none. */
    private static Optional<Manifest> parseQuietly(VersionedContent read) {
        try {
            return Optional.of(Manifest.parse(read.content()));
        } catch (Manifest.InvalidManifestException e) {
            return Optional.empty();
        }
    }

    private static void sleep(Duration duration) throws InterruptedIOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the publish lock");
        }
    }

    /**
     * The lock while held: renewed by a thread of its own, asked before every write ({@link #check}), released on
     * {@link #close} unless the manifest this publish wrote names it ({@link #beforeManifest}).
     */
    public final class Lease implements WriteFence, AutoCloseable {

        /** One write of the lock file at a time: a renewal, the probe of conditional writes, the release. */
        private final Object lockWrites = new Object();

        private final Thread renewals;
        private final boolean snapshotHolds;
        private Holder holder;
        /** The version token of the lock as this publish last wrote it, what a renewal expects to replace. */
        private String version;
        /** {@link System#nanoTime} when the lock last written was being sent: the lease runs from there. */
        private long writtenAt;

        private long nextRenewal;
        /**
         * Renewals whose answer never came, by the expiry they wrote, with when each was sent: one of them may have
         * landed, and the lock then names this publish at a version it was not told.
         */
        private final Map<Instant, Long> unanswered = new LinkedHashMap<>();
        /** Whether a renewal is on its way to the store. */
        private boolean renewing;
        /** Once the manifest is next: renewals wait until half the lease is gone, so the manifest names the lock. */
        private boolean finishing;
        /** The record of this lease that the manifest names, once {@link #beforeManifest} gave it. */
        private Manifest.LeaseRecord recorded;

        private boolean manifestWritten;
        /** Why this publish may write no more, once that is so. */
        private String lost;

        private boolean closed;

        private Lease(Holder holder, String version, long writtenAt, boolean snapshotHolds) {
            this.holder = holder;
            this.version = version;
            this.writtenAt = writtenAt;
            this.snapshotHolds = snapshotHolds;
            this.nextRenewal = writtenAt + policy.renewEvery().toNanos();
            renewals = new Thread(this::renewals, "release-channels-lock-renewal");
            renewals.setDaemon(true);
            renewals.start();
        }

        public synchronized Holder holder() {
            return holder;
        }

        /**
         * Whether the snapshot taken without the lock still shows the target: the lock was taken with a write
         * conditional on the version that snapshot listed, on a store that decides it, and was free then by that
         * snapshot's own manifest, which the listing saw with the version it read. No publish can have written since
         * without first writing the lock, so the snapshot need not be taken again.
         */
        public boolean snapshotHolds() {
            return snapshotHolds;
        }

        /**
         * Returns while the lease has more than its margin left; past that, waits for a renewal in flight until the
         * lease runs out. Fails once the lease ran out, a renewal found the lock taken, or one failed for good.
         */
        @Override
        public synchronized void check(String what) throws IOException {
            while (true) {
                if (lost != null) {
                    throw lostBefore(what);
                }
                long now = System.nanoTime();
                long expiresAt = writtenAt + policy.expiry().toNanos();
                if (now - (expiresAt - policy.margin().toNanos()) < 0) {
                    return;
                }
                if (now - expiresAt >= 0) {
                    lose(lapsed());
                    continue;
                }
                waitUntil(expiresAt);
            }
        }

        private synchronized boolean ranOut() {
            return System.nanoTime() - (writtenAt + policy.expiry().toNanos()) >= 0;
        }

        private synchronized String lapsed() {
            return "no renewal got through before its lease ran out (the lock it last wrote expires "
                    + holder.expires() + ", and no write is issued in the last "
                    + policy.margin().toMillis()
                    + " ms of a lease), so another publish may have taken it over. If the link to the target is "
                    + "this slow, raise releaseChannels." + Policy.EXPIRY_OPTION;
        }

        /**
         * Called once every other write of the publish has ended, before the manifest: fails unless the lease holds,
         * and returns the record of it the manifest names where the lock stays between publishes. A renewal in
         * flight is waited for, so the record names the lock as it is; the next renewal is then put off until half
         * the lease is gone, so that a manifest written at once leaves the lock as its record says. Where the lock
         * does not stay, the lock is read to see that it is still this publish's.
         */
        public Optional<Manifest.LeaseRecord> beforeManifest() throws IOException {
            String what = "writing " + SiteLayout.MANIFEST_FILE;
            synchronized (this) {
                finishing = true;
                while (renewing && lost == null && !ranOut()) {
                    waitUntil(writtenAt + policy.expiry().toNanos());
                }
                nextRenewal = Math.max(
                        nextRenewal, writtenAt + policy.expiry().dividedBy(2).toNanos());
                notifyAll();
            }
            check(what);
            if (!persistent()) {
                Optional<Holder> current = currentHolder();
                String token = holder().token();
                if (current.filter(other -> other.token().equals(token)).isEmpty()) {
                    lose(current.map(other -> other.describe() + " took it over")
                            .orElse("it was removed"));
                    throw lostBefore(what);
                }
                return Optional.empty();
            }
            synchronized (this) {
                recorded = new Manifest.LeaseRecord(holder.token(), version);
                return Optional.of(recorded);
            }
        }

        /** The manifest naming this lease's record is on the target: it released the lock. */
        public synchronized void manifestWritten() {
            manifestWritten = recorded != null;
        }

        /**
         * Proves the store's claimed conditional writes ({@link FileStore.Capabilities#claimed}) unless {@code recorded}
         * is a recent proof for the same store, and returns the proof for the manifest to record. Two writes of this
         * publish's own lock, with its own content, that a store honouring the conditions must refuse: if one is
         * let through it rewrites the lock as it was, and the publish stops before writing anything of the site.
         */
        public Optional<Manifest.ConditionalWritesProof> proveConditionalWrites(
                Optional<Manifest.ConditionalWritesProof> recorded) throws IOException {
            Optional<FileStore.ClaimedConditions> claimed = store.capabilities().claimed();
            if (claimed.isEmpty()) {
                return recorded;
            }
            Instant now = Instant.now();
            String where = claimed.get().store();
            if (recorded.filter(proof -> proof.store().equals(where)
                            && !proof.proven().isBefore(now.minus(PROOF_LIFETIME))
                            && !proof.proven().isAfter(now.plus(PROOF_CLOCK_SKEW)))
                    .isPresent()) {
                return recorded;
            }
            check("probing conditional writes");
            synchronized (lockWrites) {
                SiteFile same = holder().file();
                if (retry.run(
                        "probe If-None-Match with " + LOCK_FILE, log, () -> store.createIfAbsent(same, HEADERS))) {
                    throw ignored(claimed.get(), "If-None-Match: *", "the object exists");
                }
                String noSuchVersion = "\"release-channels-probe-" + UUID.randomUUID() + "\"";
                if (retry.run(
                        "probe If-Match with " + LOCK_FILE,
                        log,
                        () -> store.replaceIfUnchanged(same, HEADERS, noSuchVersion))) {
                    throw ignored(claimed.get(), "If-Match: " + noSuchVersion, "the object has another ETag");
                }
            }
            log.info(store.describe() + " refuses conditional writes that must fail (If-None-Match, If-Match), "
                    + "as it must; the manifest records it, and the next publishes trust it for "
                    + PROOF_LIFETIME.toHours() + " h.");
            return Optional.of(new Manifest.ConditionalWritesProof(where, now.truncatedTo(ChronoUnit.SECONDS)));
        }

        private TargetException ignored(FileStore.ClaimedConditions claimed, String condition, String why) {
            return new TargetException(store.describe() + " ignores conditional writes: a PUT of " + LOCK_FILE
                    + " with " + condition + ", which it had to refuse (" + why + "), succeeded. On such a store "
                    + "two publishes can both take the lock and replace each other's manifest, and the older commit "
                    + "can land last. This publish stopped before writing anything of the site. "
                    + claimed.whenIgnored());
        }

        private void renewals() {
            while (true) {
                synchronized (this) {
                    while (!closed && lost == null && System.nanoTime() - nextRenewal < 0) {
                        try {
                            waitUntil(nextRenewal);
                        } catch (InterruptedIOException e) {
                            return;
                        }
                    }
                    if (closed || lost != null) {
                        return;
                    }
                    renewing = true;
                }
                try {
                    if (ranOut()) {
                        // A renewal now could only extend a lock this publish no longer writes under.
                        lose(lapsed());
                        return;
                    }
                    renew();
                } finally {
                    synchronized (this) {
                        renewing = false;
                        notifyAll();
                    }
                }
            }
        }

        /** One renewal: the lock replaced with a later expiry, only while it is the one this publish last wrote. */
        private void renew() {
            long sentAt = System.nanoTime();
            Holder renewed;
            String expected;
            synchronized (this) {
                renewed = holder.expiring(
                        Instant.now().truncatedTo(ChronoUnit.MILLIS).plus(policy.expiry()));
                expected = version;
            }
            SiteFile file = renewed.file();
            boolean replaced;
            String written = null;
            try {
                synchronized (lockWrites) {
                    replaced = store.replaceIfUnchanged(file, HEADERS, expected);
                    if (replaced) {
                        written = store.writtenEntityTag(LOCK_FILE).orElseGet(() -> SiteFile.sha256(file.content()));
                    }
                }
            } catch (TargetException e) {
                lose("renewing it failed: " + e.getMessage());
                return;
            } catch (IOException | RuntimeException e) {
                Duration again = policy.renewEvery().dividedBy(4);
                synchronized (this) {
                    unanswered.put(renewed.expires(), sentAt);
                    nextRenewal = System.nanoTime() + again.toNanos();
                    log.warn("Could not renew the publish lock " + LOCK_FILE + " on " + store.describe() + " ("
                            + e.getMessage() + "); trying again in " + again.toMillis() + " ms. Without a renewal "
                            + "this publish stops writing before its lock expires at " + holder.expires() + ".");
                }
                return;
            }
            if (!replaced) {
                Optional<LockRead> now;
                try {
                    now = readLock();
                } catch (IOException e) {
                    now = Optional.empty();
                }
                if (adoptLanded(now, renewed, sentAt)) {
                    return;
                }
                Optional<Holder> other = now.flatMap(LockRead::holder);
                lose("renewing it found it "
                        + other.filter(h -> !h.token().equals(renewed.token()))
                                .map(h -> "taken over by " + h.describe())
                                .orElse("replaced or removed"));
                return;
            }
            accept(renewed, written, sentAt);
        }

        /**
         * Whether the lock found in place of the expected one is a renewal of this publish whose answer was lost but
         * which landed: this one ({@code renewed}, sent at {@code sentAt}), when the client's own second attempt of
         * it was refused because the first had landed, or an earlier one that failed. The lease then counts from when
         * that one was sent; after an earlier one, it renews again at once.
         */
        private boolean adoptLanded(Optional<LockRead> now, Holder renewed, long sentAt) {
            Optional<Holder> mine = now.flatMap(LockRead::holder)
                    .filter(h ->
                            h.token().equals(renewed.token()) && h.released().isEmpty());
            if (mine.isEmpty()) {
                return false;
            }
            if (mine.get().expires().equals(renewed.expires())) {
                accept(renewed, now.get().version(), sentAt);
                return true;
            }
            Long earlier;
            synchronized (this) {
                earlier = unanswered.get(mine.get().expires());
            }
            if (earlier == null) {
                return false;
            }
            accept(mine.get(), now.get().version(), earlier);
            synchronized (this) {
                nextRenewal = System.nanoTime();
            }
            return true;
        }

        /** The lock as this publish wrote it last, sent at {@code sentAt}: the lease runs from there. */
        private void accept(Holder renewed, String written, long sentAt) {
            synchronized (this) {
                if (lost != null) {
                    return;
                }
                if (ranOut()) {
                    // Answered after the lease had run out: this publish already counts it as lost.
                    lose("its renewal was answered only after its lease had run out");
                    return;
                }
                holder = renewed;
                version = written;
                writtenAt = sentAt;
                unanswered.clear();
                nextRenewal = sentAt + (finishing ? policy.expiry().dividedBy(2) : policy.renewEvery()).toNanos();
                notifyAll();
            }
        }

        private synchronized void lose(String reason) {
            if (lost == null) {
                lost = reason;
                notifyAll();
                log.warn("This publish lost the publish lock " + LOCK_FILE + " on " + store.describe() + ": " + reason
                        + ". It stops before its next write.");
            }
        }

        private synchronized ConcurrentPublishException lostBefore(String what) {
            return new ConcurrentPublishException("This publish (commit " + holder.commit() + ") lost the publish "
                    + "lock " + LOCK_FILE + " on " + store.describe() + ": " + lost + ". It stopped before " + what
                    + " and wrote nothing after that; the publish that holds the lock now, or the next one, plans "
                    + "from what the target holds. Run the publish again from the newest commit.");
        }

        /** Waits on this lease's monitor until notified or {@code deadline} ({@link System#nanoTime}). */
        @SuppressWarnings("WaitNotInLoop") // every caller calls it in a loop that checks its condition again
        private void waitUntil(long deadline) throws InterruptedIOException {
            long millis = Math.max(1, (deadline - System.nanoTime() + 999_999) / 1_000_000);
            try {
                wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while holding the publish lock");
            }
        }

        /**
         * Stops renewing, then releases the lock if it is still this publish's, unless the manifest this publish
         * wrote names it: where the lock stays, by writing it as released (on its version, so never over another
         * publish's lock); elsewhere by removing it.
         */
        @Override
        public void close() {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
            try {
                // A renewal in flight ends within the store's own timeout.
                renewals.join(policy.expiry().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Holder last = holder();
            try {
                boolean released;
                synchronized (this) {
                    released = manifestWritten;
                }
                if (!released) {
                    release(last);
                }
            } catch (IOException e) {
                log.warn("Could not release the publish lock " + LOCK_FILE + " on " + store.describe() + " ("
                        + e.getMessage() + "); the next publish waits for it until it expires at "
                        + last.expires() + ".");
            } finally {
                HELD_HERE.remove(last.token());
            }
        }

        private void release(Holder last) throws IOException {
            if (!persistent()) {
                if (currentHolder()
                        .filter(other -> other.token().equals(last.token()))
                        .isPresent()) {
                    retry.run("remove " + LOCK_FILE, log, () -> {
                        store.delete(LOCK_FILE);
                        return null;
                    });
                }
                return;
            }
            Holder released = last.releasing(Instant.now().truncatedTo(ChronoUnit.MILLIS));
            String expected;
            synchronized (this) {
                expected = version;
            }
            for (int attempt = 1; attempt <= 2; attempt++) {
                String on = expected;
                boolean written;
                synchronized (lockWrites) {
                    written = retry.run(
                            "release " + LOCK_FILE, log, () -> store.replaceIfUnchanged(released.file(), HEADERS, on));
                }
                if (written) {
                    return;
                }
                // A renewal whose answer was lost may have landed: release the lock that still names this publish.
                Optional<LockRead> now = readLock()
                        .filter(read -> read.holder()
                                .filter(h -> h.token().equals(last.token())
                                        && h.released().isEmpty())
                                .isPresent());
                if (now.isEmpty()) {
                    return;
                }
                expected = now.get().version();
            }
        }
    }
}
