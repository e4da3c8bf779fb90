package io.github.releasechannels.publish;

import io.github.releasechannels.site.SiteFile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A lease on a target, held while a publish writes: a small file {@value #LOCK_FILE} at the site root, created only
 * when none exists and naming its holder (host, process, commit) and when it expires. A second publish waits for it
 * and then plans from what the first one left; a lock whose holder was killed is taken over once it has expired,
 * so a crash never blocks a target for longer than the expiry.
 */
public final class PublishLock {

    /** A dot-file: the documented web server setups do not serve it. */
    public static final String LOCK_FILE = ".release-channels.lock";
    /** Lock files are a few hundred bytes; anything larger is not one of ours. */
    private static final int MAX_LOCK_BYTES = 4096;
    private static final String CONTENT_TYPE = "text/plain; charset=utf-8";
    private static final String FIRST_LINE = "release-channels publish lock";

    /**
     * How long a lease lasts and how long a publish waits for another one.
     *
     * @param expiry how long a holder's lock is honoured; longer than any publish takes
     * @param patience how long to wait for another publish before giving up
     * @param poll   how often to look again while waiting
     * @param settle how long to wait before re-reading a lock written by a check-then-write, so that a publisher
     *               that passed the same check has written its own by then
     */
    public record Policy(Duration expiry, Duration patience, Duration poll, Duration settle) {

        public static final String EXPIRY_OPTION = "lock.expirySeconds";
        public static final String WAIT_OPTION = "lock.waitSeconds";
        public static final long DEFAULT_EXPIRY_SECONDS = 600;
        public static final long DEFAULT_WAIT_SECONDS = 120;
        public static final Policy DEFAULT = new Policy(Duration.ofSeconds(DEFAULT_EXPIRY_SECONDS),
                Duration.ofSeconds(DEFAULT_WAIT_SECONDS),
                Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    /** Who holds a lock, as written in it. */
    public record Holder(String token, String host, long pid, String commit, Instant acquired, Instant expires) {

        String describe() {
            return "the publish of commit " + commit + " by process " + pid + " on " + host + " (since " + acquired
                    + ", lock expires " + expires + ")";
        }

        byte[] format() {
            return (FIRST_LINE + "\ntoken=" + token + "\nhost=" + host + "\npid=" + pid + "\ncommit=" + commit
                    + "\nacquired=" + acquired + "\nexpires=" + expires + "\n").getBytes(StandardCharsets.UTF_8);
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
                        Long.parseLong(required(fields, "pid")), required(fields, "commit"),
                        Instant.parse(required(fields, "acquired")), Instant.parse(required(fields, "expires"))));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                return Optional.empty();
            }
        }

        private static String required(Map<String, String> fields, String name) {
            String value = fields.get(name);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("no " + name);
            }
            return value;
        }
    }

    private final FileStore store;
    private final Retry retry;
    private final Policy policy;
    private final PublishLog log;

    public PublishLock(FileStore store, Retry retry, Policy policy, PublishLog log) {
        this.store = store;
        this.retry = retry;
        this.policy = policy;
        this.log = log;
    }

    /** Takes the lock for a publish of {@code commit}, waiting up to the policy's wait for another holder. */
    public Lease acquire(String commit) throws IOException {
        String token = UUID.randomUUID().toString();
        Instant deadline = Instant.now().plus(policy.patience());
        boolean announcedWait = false;
        while (true) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Holder me = new Holder(token, hostName(), ProcessHandle.current().pid(), commit, now,
                    now.plus(policy.expiry()));
            SiteFile file = new SiteFile(LOCK_FILE, me.format(), CONTENT_TYPE);
            Headers headers = new Headers(CONTENT_TYPE, "no-store");
            Optional<VersionedContent> current = retry.run("read " + LOCK_FILE, log,
                    () -> store.readVersioned(LOCK_FILE));
            if (current.isEmpty()) {
                boolean created = retry.run("create " + LOCK_FILE, log, () -> store.createIfAbsent(file, headers));
                if (created && holds(token, store.conditionalWrites() == FileStore.ConditionalWrites.CHECK_THEN_WRITE)) {
                    log.debug("Holding the publish lock " + LOCK_FILE + " on " + store.describe() + " until "
                            + me.expires());
                    return new Lease(me);
                }
                if (!created && !now.isBefore(deadline)) {
                    throw new TargetException(LOCK_FILE + " cannot be created on " + store.describe() + ", yet "
                            + "none can be read: remove what has that name (a link or a directory)");
                }
                sleep(policy.poll().dividedBy(4));
                continue;
            }
            Holder other = Holder.parse(current.get().content()).orElseThrow(() -> new TargetException(
                    LOCK_FILE + " on " + store.describe() + " is not a publish lock this plugin wrote. If no "
                            + "publish is running, delete it and run the publish again"));
            if (other.token().equals(token)) {
                // Our own create whose answer was lost and retried.
                return new Lease(me);
            }
            if (!other.expires().isAfter(now)) {
                log.warn("Taking over the publish lock " + LOCK_FILE + " on " + store.describe() + " of "
                        + other.describe() + ": it has expired, so that run was killed or lost its target.");
                boolean replaced = retry.run("take over " + LOCK_FILE, log,
                        () -> store.replaceIfUnchanged(file, headers, current.get().version()));
                if (replaced && holds(token, store.conditionalWrites() != FileStore.ConditionalWrites.ATOMIC)) {
                    return new Lease(me);
                }
                continue;
            }
            if (!now.isBefore(deadline)) {
                throw new ConcurrentPublishException("Another publish is running on " + store.describe() + ": "
                        + other.describe() + ". Waited " + policy.patience().toSeconds() + " s for it "
                        + "(releaseChannels." + Policy.WAIT_OPTION + "). Run this publish again once it has "
                        + "finished; if that run was killed, its lock is taken over after " + other.expires()
                        + ", or delete " + LOCK_FILE + " after making sure that no publish is running.");
            }
            if (!announcedWait) {
                announcedWait = true;
                log.info("Waiting for " + other.describe() + " to finish on " + store.describe()
                        + "; this publish then plans from what it left.");
            }
            sleep(policy.poll());
        }
    }

    /** Whether the lock now names {@code token}, after letting racing check-then-writes land if asked to. */
    private boolean holds(String token, boolean settleFirst) throws IOException {
        if (settleFirst) {
            sleep(policy.settle());
        }
        return currentHolder().map(holder -> holder.token().equals(token)).orElse(false);
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

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "an unknown host";
        }
    }

    /** The lock while held; closing it removes the lock if it is still this publish's. */
    public final class Lease implements AutoCloseable {

        private final Holder holder;

        private Lease(Holder holder) {
            this.holder = holder;
        }

        public Holder holder() {
            return holder;
        }

        /** Fails when the lock is no longer this publish's: it outlived its expiry and another publish took it. */
        public void confirm() throws IOException {
            Optional<Holder> current = currentHolder();
            if (current.filter(other -> other.token().equals(holder.token())).isEmpty()) {
                throw new ConcurrentPublishException("This publish (commit " + holder.commit() + ") lost its lock on "
                        + store.describe() + ": it ran past the lock's expiry " + holder.expires() + " and "
                        + current.map(Holder::describe).orElse("another publish") + " took it over. Stopped "
                        + "before writing " + "the manifest; run the publish again from the newest commit, and "
                        + "raise releaseChannels." + Policy.EXPIRY_OPTION + " if publishes take this long.");
            }
        }

        @Override
        public void close() {
            try {
                if (currentHolder().filter(other -> other.token().equals(holder.token())).isPresent()) {
                    retry.run("remove " + LOCK_FILE, log, () -> {
                        store.delete(LOCK_FILE);
                        return null;
                    });
                }
            } catch (IOException e) {
                log.warn("Could not remove the publish lock " + LOCK_FILE + " on " + store.describe() + " ("
                        + e.getMessage() + "); the next publish waits for it until it expires at "
                        + holder.expires() + ".");
            }
        }
    }
}
