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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A lease on a target, held while a publish writes: a small file {@value #LOCK_FILE} at the site root, created only
 * when none exists and naming its holder (host, process, commit) and when it expires. A second publish waits for it
 * and then plans from what the first one left.
 *
 * <p>The holder renews its lease every quarter of the expiry, replacing the lock only while it is still the one it
 * wrote, and issues a write only while at least a quarter of the lease is left by its own monotonic clock (the
 * {@link Lease} is the publish's {@link WriteFence}): that quarter absorbs clock skew between runners and the time a
 * write takes to land. A renewal that finds the lock taken, or that cannot get through before the lease runs out,
 * stops the publish before its next write, whatever a server answers later. A lock that has expired is taken over,
 * and so at once is the lock of a process on this host that has ended (see {@link HolderProcess}).
 *
 * <p>Where a store is configured to trust conditional writes it cannot vouch for ({@link FileStore#claimedConditions}),
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
    /** The tokens of the leases this process holds now; see {@link HolderProcess#ended}. */
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
        public static final Policy DEFAULT = new Policy(Duration.ofSeconds(DEFAULT_EXPIRY_SECONDS),
                Duration.ofSeconds(DEFAULT_WAIT_SECONDS),
                Duration.ofSeconds(2), Duration.ofSeconds(2));

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
     * older versions and on systems that do not tell; such a lock is taken over only once it has expired.
     */
    public record Holder(String token, String host, long pid, Optional<Instant> processStarted,
            Optional<String> bootId, Optional<String> pidNamespace, String commit, Instant acquired,
            Instant expires) {

        static Holder of(String token, HolderProcess process, String commit, Instant acquired, Instant expires) {
            return new Holder(token, process.host(), process.pid(), process.started(), process.bootId(),
                    process.pidNamespace(), commit, acquired, expires);
        }

        /** For the log: the commit and host are whatever the lock file on the target says, so they are escaped. */
        String describe() {
            return "the publish of commit " + LogText.escape(commit) + " by process " + pid + " on "
                    + LogText.escape(host) + " (since " + acquired + ", lock expires " + expires + ")";
        }

        Holder expiring(Instant newExpiry) {
            return new Holder(token, host, pid, processStarted, bootId, pidNamespace, commit, acquired, newExpiry);
        }

        SiteFile file() {
            StringBuilder text = new StringBuilder(FIRST_LINE).append("\ntoken=").append(token)
                    .append("\nhost=").append(host).append("\npid=").append(pid);
            processStarted.ifPresent(started -> text.append("\nprocess_started=").append(started));
            bootId.ifPresent(id -> text.append("\nboot_id=").append(id));
            pidNamespace.ifPresent(namespace -> text.append("\npid_namespace=").append(namespace));
            text.append("\ncommit=").append(commit).append("\nacquired=").append(acquired)
                    .append("\nexpires=").append(expires).append('\n');
            return new SiteFile(LOCK_FILE, text.toString().getBytes(StandardCharsets.UTF_8), CONTENT_TYPE);
        }

        static Optional<Holder> parse(byte[] bytes) {
            if (bytes.length > MAX_LOCK_BYTES) {
                return Optional.empty();
            }
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
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
                return Optional.of(new Holder(required(fields, "token"), required(fields, "host"),
                        Long.parseLong(required(fields, "pid")),
                        optional(fields, "process_started").map(Instant::parse), optional(fields, "boot_id"),
                        optional(fields, "pid_namespace"), required(fields, "commit"),
                        Instant.parse(required(fields, "acquired")), Instant.parse(required(fields, "expires"))));
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

    /** Takes the lock for a publish of {@code commit}, waiting up to the policy's wait for another holder. */
    public Lease acquire(String commit) throws IOException {
        String token = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + policy.patience().toNanos();
        boolean announcedWait = false;
        Holder attempted = null;
        long attemptedAt = 0;
        while (true) {
            // The lease runs from before the lock is read: the holder's clock never counts it longer than others.
            long startedAt = System.nanoTime();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Holder me = Holder.of(token, self, commit, now, now.plus(policy.expiry()));
            Optional<VersionedContent> current = retry.run("read " + LOCK_FILE, log,
                    () -> store.readVersioned(LOCK_FILE));
            if (current.isEmpty()) {
                attempted = me;
                attemptedAt = startedAt;
                boolean created = retry.run("create " + LOCK_FILE, log, () -> store.createIfAbsent(me.file(), HEADERS));
                if (created) {
                    Optional<String> version = holds(token,
                            store.conditionalWrites() == FileStore.ConditionalWrites.CHECK_THEN_WRITE);
                    if (version.isPresent()) {
                        return held(me, version.get(), startedAt);
                    }
                }
                if (!created && System.nanoTime() - deadline >= 0) {
                    throw new TargetException(LOCK_FILE + " cannot be created on " + store.describe() + ", yet "
                            + "none can be read: remove what has that name (a link or a directory)");
                }
                sleep(policy.poll().dividedBy(4));
                continue;
            }
            Holder other = Holder.parse(current.get().content()).orElseThrow(() -> new TargetException(
                    LOCK_FILE + " on " + store.describe() + " is not a publish lock this plugin wrote. If no "
                            + "publish is running, delete it and run the publish again"));
            if (attempted != null && other.token().equals(token)) {
                // Our own create or takeover whose answer was lost and retried.
                return held(attempted, current.get().version(), attemptedAt);
            }
            Optional<String> ended = self.ended(other, HELD_HERE);
            if (!other.expires().isAfter(now) || ended.isPresent()) {
                log.warn("Taking over the publish lock " + LOCK_FILE + " on " + store.describe() + " of "
                        + other.describe() + ": " + ended.map(reason -> reason + ", so its lock proves nothing.")
                                .orElse("it has expired, so that run was killed or could not renew it (it stops "
                                        + "before its next write)."));
                attempted = me;
                attemptedAt = startedAt;
                boolean replaced = retry.run("take over " + LOCK_FILE, log,
                        () -> store.replaceIfUnchanged(me.file(), HEADERS, current.get().version()));
                if (replaced) {
                    Optional<String> version = holds(token,
                            store.conditionalWrites() != FileStore.ConditionalWrites.ATOMIC);
                    if (version.isPresent()) {
                        return held(me, version.get(), startedAt);
                    }
                }
                continue;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new ConcurrentPublishException("Another publish is running on " + store.describe() + ": "
                        + other.describe() + ". Waited " + policy.patience().toSeconds() + " s for it "
                        + "(releaseChannels." + Policy.WAIT_OPTION + "). Run this publish again once it has "
                        + "finished; if that run was killed on another host, its lock is taken over after "
                        + other.expires() + ", or delete " + LOCK_FILE + " after making sure that no publish is "
                        + "running.");
            }
            if (!announcedWait) {
                announcedWait = true;
                log.info("Waiting for " + other.describe() + " to finish on " + store.describe()
                        + "; this publish then plans from what it left.");
            }
            sleep(policy.poll());
        }
    }

    /**
     * The version of the lock when it names {@code token}, after letting racing check-then-writes land if asked to;
     * empty when it names another holder or is gone.
     */
    private Optional<String> holds(String token, boolean settleFirst) throws IOException {
        if (settleFirst) {
            sleep(policy.settle());
        }
        return retry.run("read " + LOCK_FILE, log, () -> store.readVersioned(LOCK_FILE))
                .filter(content -> Holder.parse(content.content()).filter(h -> h.token().equals(token)).isPresent())
                .map(VersionedContent::version);
    }

    private Lease held(Holder holder, String version, long writtenAt) {
        log.debug("Holding the publish lock " + LOCK_FILE + " on " + store.describe() + " until " + holder.expires()
                + ", renewed every " + policy.renewEvery().toMillis() + " ms");
        return new Lease(holder, version, writtenAt);
    }

    private Optional<Holder> currentHolder() throws IOException {
        return retry.run("read " + LOCK_FILE, log, () -> store.readVersioned(LOCK_FILE))
                .flatMap(content -> Holder.parse(content.content()));
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
     * The lock while held: renewed by a thread of its own, asked before every write ({@link #check}), removed on
     * {@link #close} if it is still this publish's.
     */
    public final class Lease implements WriteFence, AutoCloseable {

        /** One write of the lock file at a time: a renewal, or the probe of conditional writes. */
        private final Object lockWrites = new Object();
        private final Thread renewals;
        private Holder holder;
        /** The version token of the lock as this publish last wrote it, what a renewal expects to replace. */
        private String version;
        /** {@link System#nanoTime} when the lock last written was being sent: the lease runs from there. */
        private long writtenAt;
        private long nextRenewal;
        /** Why this publish may write no more, once that is so. */
        private String lost;
        private boolean closed;

        private Lease(Holder holder, String version, long writtenAt) {
            this.holder = holder;
            this.version = version;
            this.writtenAt = writtenAt;
            this.nextRenewal = writtenAt + policy.renewEvery().toNanos();
            HELD_HERE.add(holder.token());
            renewals = new Thread(this::renewals, "release-channels-lock-renewal");
            renewals.setDaemon(true);
            renewals.start();
        }

        public synchronized Holder holder() {
            return holder;
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
                    + holder.expires() + ", and no write is issued in the last " + policy.margin().toMillis()
                    + " ms of a lease), so another publish may have taken it over. If the link to the target is "
                    + "this slow, raise releaseChannels." + Policy.EXPIRY_OPTION;
        }

        /** Fails unless the lease holds and the lock on the target is still this publish's. */
        public void confirm() throws IOException {
            String what = "writing " + SiteLayout.MANIFEST_FILE;
            check(what);
            Optional<Holder> current = currentHolder();
            String token = holder().token();
            if (current.filter(other -> other.token().equals(token)).isEmpty()) {
                lose(current.map(other -> other.describe() + " took it over").orElse("it was removed"));
                throw lostBefore(what);
            }
        }

        /**
         * Proves the store's claimed conditional writes ({@link FileStore#claimedConditions}) unless {@code recorded}
         * is a recent proof for the same store, and returns the proof for the manifest to record. Two writes of this
         * publish's own lock, with its own content, that a store honouring the conditions must refuse: if one is
         * let through it rewrites the lock as it was, and the publish stops before writing anything of the site.
         */
        public Optional<Manifest.ConditionalWritesProof> proveConditionalWrites(
                Optional<Manifest.ConditionalWritesProof> recorded) throws IOException {
            Optional<FileStore.ClaimedConditions> claimed = store.claimedConditions();
            if (claimed.isEmpty()) {
                return recorded;
            }
            Instant now = Instant.now();
            String where = claimed.get().store();
            if (recorded.filter(proof -> proof.store().equals(where)
                    && !proof.proven().isBefore(now.minus(PROOF_LIFETIME))
                    && !proof.proven().isAfter(now.plus(PROOF_CLOCK_SKEW))).isPresent()) {
                return recorded;
            }
            check("probing conditional writes");
            synchronized (lockWrites) {
                SiteFile same = holder().file();
                if (retry.run("probe If-None-Match with " + LOCK_FILE, log,
                        () -> store.createIfAbsent(same, HEADERS))) {
                    throw ignored(claimed.get(), "If-None-Match: *", "the object exists");
                }
                String noSuchVersion = "\"release-channels-probe-" + UUID.randomUUID() + "\"";
                if (retry.run("probe If-Match with " + LOCK_FILE, log,
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
                }
                if (ranOut()) {
                    // A renewal now could only extend a lock this publish no longer writes under.
                    lose(lapsed());
                    return;
                }
                renew();
            }
        }

        /** One renewal: the lock replaced with a later expiry, only while it is the one this publish last wrote. */
        private void renew() {
            long sentAt = System.nanoTime();
            Holder renewed;
            String expected;
            synchronized (this) {
                renewed = holder.expiring(Instant.now().truncatedTo(ChronoUnit.MILLIS).plus(policy.expiry()));
                expected = version;
            }
            SiteFile file = renewed.file();
            boolean replaced;
            String written = null;
            try {
                synchronized (lockWrites) {
                    replaced = store.replaceIfUnchanged(file, HEADERS, expected);
                    if (replaced) {
                        written = store.writtenEntityTag(LOCK_FILE)
                                .orElseGet(() -> SiteFile.sha256(file.content()));
                    }
                }
            } catch (TargetException e) {
                lose("renewing it failed: " + e.getMessage());
                return;
            } catch (IOException | RuntimeException e) {
                Duration again = policy.renewEvery().dividedBy(4);
                synchronized (this) {
                    nextRenewal = System.nanoTime() + again.toNanos();
                    log.warn("Could not renew the publish lock " + LOCK_FILE + " on " + store.describe() + " ("
                            + e.getMessage() + "); trying again in " + again.toMillis() + " ms. Without a renewal "
                            + "this publish stops writing before its lock expires at " + holder.expires() + ".");
                }
                return;
            }
            if (!replaced) {
                Optional<Holder> now;
                try {
                    now = currentHolder();
                } catch (IOException e) {
                    now = Optional.empty();
                }
                lose("renewing it found it " + now.filter(other -> !other.token().equals(renewed.token()))
                        .map(other -> "taken over by " + other.describe()).orElse("replaced or removed"));
                return;
            }
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
                nextRenewal = sentAt + policy.renewEvery().toNanos();
                notifyAll();
            }
        }

        private synchronized void lose(String reason) {
            if (lost == null) {
                lost = reason;
                notifyAll();
                log.warn("This publish lost the publish lock " + LOCK_FILE + " on " + store.describe() + ": "
                        + reason + ". It stops before its next write.");
            }
        }

        private synchronized ConcurrentPublishException lostBefore(String what) {
            return new ConcurrentPublishException("This publish (commit " + holder.commit() + ") lost the publish "
                    + "lock " + LOCK_FILE + " on " + store.describe() + ": " + lost + ". It stopped before " + what
                    + " and wrote nothing after that; the publish that holds the lock now, or the next one, plans "
                    + "from what the target holds. Run the publish again from the newest commit.");
        }

        /** Waits on this lease's monitor until notified or {@code deadline} ({@link System#nanoTime}). */
        private void waitUntil(long deadline) throws InterruptedIOException {
            long millis = Math.max(1, (deadline - System.nanoTime() + 999_999) / 1_000_000);
            try {
                wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while holding the publish lock");
            }
        }

        /** Stops renewing, then removes the lock if it is still this publish's. */
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
                if (currentHolder().filter(other -> other.token().equals(last.token())).isPresent()) {
                    retry.run("remove " + LOCK_FILE, log, () -> {
                        store.delete(LOCK_FILE);
                        return null;
                    });
                }
            } catch (IOException e) {
                log.warn("Could not remove the publish lock " + LOCK_FILE + " on " + store.describe() + " ("
                        + e.getMessage() + "); the next publish waits for it until it expires at "
                        + last.expires() + ".");
            } finally {
                HELD_HERE.remove(last.token());
            }
        }
    }
}
