// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteLayout;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The one publish pipeline, for every target: lock, snapshot, guard, plan, log, apply, manifest compare-and-swap,
 * report. The safety rules live here and nowhere else:
 * <ul>
 *   <li>steps run in the {@link Wave}s the {@linkplain PublishPlanner planner} ordered, one wave after the other,
 *       the chains of a wave side by side and each chain's steps one after the other; the manifest last, only
 *       after every other step succeeded;</li>
 *   <li>up to {@code parallelism} steps of a wave run at once; at the first failure no new step starts, the ones in
 *       flight finish, and the failure is reported, so every channel is left old or new;</li>
 *   <li>the manifest is written only if the target still holds the one the plan was made from; on a target whose
 *       writes are visible at once that is a {@link ConcurrentPublishException}, on an atomic one (git) a conflict
 *       that is planned again from a new snapshot, the guard included.</li>
 * </ul>
 */
public final class PublishPipeline implements Publisher {

    /** The default number of steps in flight at once ({@code releaseChannels.parallelism}). */
    public static final int DEFAULT_PARALLELISM = 16;

    public static final String PARALLELISM_OPTION = "parallelism";
    /** How often an atomic target's conflict is planned again before giving up. */
    public static final int CONFLICT_ATTEMPTS = 5;

    private final PublishTarget target;
    private final PublishLock.Policy lockPolicy;
    private final Retry retry;
    private final int parallelism;
    private final Retry.Sleeper sleeper;
    private final Duration firstConflictBackoff;
    private final PublishPlanner planner = new PublishPlanner();

    public PublishPipeline(
            PublishTarget target,
            Retry retry,
            PublishLock.Policy lockPolicy,
            int parallelism,
            Retry.Sleeper sleeper,
            Duration firstConflictBackoff) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.target = target;
        this.retry = retry;
        this.lockPolicy = lockPolicy;
        this.parallelism = parallelism;
        this.sleeper = sleeper;
        this.firstConflictBackoff = firstConflictBackoff;
    }

    /** A store with the default lock policy and parallelism. */
    public static PublishPipeline forStore(FileStore store, Retry retry) {
        return forStore(store, retry, PublishLock.Policy.DEFAULT, DEFAULT_PARALLELISM);
    }

    public static PublishPipeline forStore(
            FileStore store, Retry retry, PublishLock.Policy lockPolicy, int parallelism) {
        return new PublishPipeline(
                new StoreTarget(store, retry),
                retry,
                lockPolicy,
                parallelism,
                duration -> Thread.sleep(duration.toMillis()),
                Duration.ofSeconds(1));
    }

    /** The target this pipeline publishes to. */
    public PublishTarget target() {
        return target;
    }

    @Override
    public String describe() {
        return target.describe();
    }

    @Override
    public PublishReport publish(Site site, PublishRequest request) throws IOException, PublishRefusedException {
        target.logTo(request.log());
        Optional<FileStore> lockFiles = target.lockFiles();
        if (request.dryRun() || lockFiles.isEmpty()) {
            // A dry run writes nothing, so it neither takes nor waits for the lock.
            return publish(site, request, Optional.empty(), Optional.empty());
        }
        PublishLock lock = new PublishLock(lockFiles.get(), retry, lockPolicy, request.log());
        WithoutLock first = withoutLock(site, request, lock);
        if (first.report().isPresent()) {
            return first.report().get();
        }
        try (PublishLock.Lease lease =
                lock.acquire(site.source().commit().orElse("(uncommitted)"), Optional.of(first.state()))) {
            if (lease.snapshotHolds()) {
                first.log().replay();
                request.log()
                        .debug("The publish lock was taken on the version the snapshot listed, which the "
                                + "manifest named as released: nothing was written since, so the plan stands.");
                return publish(site, request, Optional.of(lease), Optional.of(first.state()));
            }
            // Planned again from what the target holds under the lock: another publish may have written since.
            return publish(site, request, Optional.of(lease), Optional.empty());
        }
    }

    /**
     * The snapshot taken without the lock, with the lines its reading logged, held back; and the report when its
     * plan changes nothing and the lock is free.
     */
    private record WithoutLock(TargetState state, HeldLog log, Optional<PublishReport> report) {}

    /**
     * Plans from a snapshot taken without the lock. When the plan changes nothing and no publish holds the lock, the
     * publish is complete, having written nothing: like a dry run it neither takes nor waits for the lock, and what
     * it compared was on the target, so it is as if it ran before any other. Otherwise the lock is taken, and the
     * snapshot's info and debug lines are held back until it is known whether it is planned from again or a new one
     * is read (and logged) under the lock.
     */
    private WithoutLock withoutLock(Site site, PublishRequest request, PublishLock lock)
            throws IOException, PublishRefusedException {
        long started = System.nanoTime();
        HeldLog held = new HeldLog(request.log());
        try (PublishTarget.Session session = target.open(held, WriteFence.NONE)) {
            TargetState state = session.snapshot(site, request.headers());
            PublishPlan plan;
            try {
                plan = plan(site, state, request, session);
            } catch (PublishRefusedException e) {
                // Decided under the lock, after the guard, as for any publish that would write.
                return new WithoutLock(state, held, Optional.empty());
            }
            if (!plan.changesNothing()) {
                request.log().debug("The plan writes to " + target.describe() + ": taking the publish lock.");
                return new WithoutLock(state, held, Optional.empty());
            }
            if (!lock.isFree(state)) {
                // Another publish is running or left its lock: wait for it, or take the expired lock over and
                // release it, and compare again with what it left.
                request.log()
                        .debug(PublishLock.LOCK_FILE + " on " + target.describe() + " is held: going through "
                                + "the publish lock.");
                return new WithoutLock(state, held, Optional.empty());
            }
            held.replay();
            request.guard().check(site, state);
            plan.steps().forEach(step -> request.log().debug("  " + step));
            session.nothingChanged();
            return new WithoutLock(state, held, Optional.of(report(plan, 0, started, request)));
        } catch (IOException | RuntimeException e) {
            held.replay();
            throw e;
        }
    }

    /** The plan, its manifest step decided against the manifest this publish would write (see {@link #manifest}). */
    private PublishPlan plan(Site site, TargetState state, PublishRequest request, PublishTarget.Session session)
            throws PublishRefusedException {
        PublishPlan plan =
                planner.plan(site, state.manifest(), state.files(), request.headers(), session.comparesHeaders());
        Optional<SiteFile> manifest = manifest(
                site,
                plan,
                state,
                Map.of(),
                recordedProof(state),
                state.manifest().flatMap(Manifest::lease));
        if (manifest.isEmpty()) {
            return plan;
        }
        PlannedChange decided =
                PublishPlanner.compare(manifest.get(), state.files(), request.headers(), session.comparesHeaders());
        return plan.map(
                step -> step.path().equals(SiteLayout.MANIFEST_FILE) && step.action() != PlannedChange.Action.DELETE
                        ? decided
                        : step);
    }

    /** The target's proof that it honours conditional writes, which a plan keeps as it is. */
    private static Optional<Manifest.ConditionalWritesProof> recordedProof(TargetState state) {
        return state.manifest().flatMap(Manifest::conditionalWrites);
    }

    /**
     * The manifest to write: the site's, with the store's record (entity tag and headers) of each file this plan
     * leaves as it is and, from {@code written}, of each file it wrote, the proof of the store's conditional writes
     * and the lease it is written under. On a target without entity tags it is the site's manifest as rendered.
     * Empty when the site has none.
     */
    private static Optional<SiteFile> manifest(
            Site site,
            PublishPlan plan,
            TargetState state,
            Map<String, Manifest.Stored> written,
            Optional<Manifest.ConditionalWritesProof> proof,
            Optional<Manifest.LeaseRecord> lease) {
        Map<String, Manifest.Stored> records = new HashMap<>();
        for (PlannedChange step : plan.steps()) {
            StoredFile stored = state.files().get(step.path());
            if (step.action() == PlannedChange.Action.UNCHANGED
                    && stored != null
                    && stored.entityTag().isPresent()
                    && stored.headers().isPresent()) {
                Headers headers = stored.headers().get();
                records.put(
                        step.path(),
                        new Manifest.Stored(stored.entityTag().get(), headers.contentType(), headers.cacheControl()));
            }
        }
        records.putAll(written);
        return site.manifest(records, proof, lease);
    }

    /**
     * Plans and applies; {@code planned} is a snapshot that still holds under the lease, planned from instead of
     * reading the target again.
     */
    private PublishReport publish(
            Site site, PublishRequest request, Optional<PublishLock.Lease> lease, Optional<TargetState> planned)
            throws IOException, PublishRefusedException {
        long started = System.nanoTime();
        PublishLog log = request.log();
        Duration backoff = firstConflictBackoff;
        for (int attempt = 1; ; attempt++) {
            String conflict;
            try (PublishTarget.Session session =
                    target.open(log, lease.<WriteFence>map(held -> held).orElse(WriteFence.NONE))) {
                TargetState state =
                        attempt == 1 && planned.isPresent() ? planned.get() : session.snapshot(site, request.headers());
                if (attempt > 1) {
                    log.info(target.describe() + " now holds the publish of commit "
                            + state.manifest().flatMap(Manifest::commit).orElse("(unknown)")
                            + "; planning on top of it.");
                }
                request.guard().check(site, state);
                PublishPlan plan = plan(site, state, request, session);
                long bytes = 0;
                for (PlannedChange step : plan.steps()) {
                    if (!step.action().writes()) {
                        log.debug("  " + step);
                        continue;
                    }
                    log.info("  " + step);
                    if (step.action() != PlannedChange.Action.UPDATE_HEADERS) {
                        bytes += step.file().map(file -> (long) file.size()).orElse(0L);
                    }
                }
                if (request.dryRun()) {
                    return report(plan, 0, started, request);
                }
                if (plan.changesNothing()) {
                    session.nothingChanged();
                    return report(plan, 0, started, request);
                }
                if (apply(site, plan, state, request.headers(), session, lease, log)) {
                    return report(plan, bytes, started, request);
                }
                conflict = session.conflict();
            }
            if (attempt == CONFLICT_ATTEMPTS) {
                throw new ConcurrentPublishException(conflict + " while this one ran, " + attempt + " times in a "
                        + "row; its last write was rejected like the ones before. Nothing was forced "
                        + "and this publish changed nothing. Run the publish again from the newest commit: it "
                        + "plans from what the target holds and the downgrade guard checks it.");
            }
            log.warn(conflict + " while this one ran; planning again on top "
                    + "of it, the downgrade guard included, in " + backoff.toMillis() + " ms (attempt "
                    + (attempt + 1) + " of " + CONFLICT_ATTEMPTS + ")");
            try {
                sleeper.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting to publish to " + target.describe());
            }
            backoff = backoff.multipliedBy(2);
        }
    }

    private PublishReport report(PublishPlan plan, long bytes, long started, PublishRequest request) {
        return new PublishReport(
                target.describe(), plan, bytes, Duration.ofNanos(System.nanoTime() - started), request.dryRun());
    }

    /**
     * Writes the plan; false when an atomic target reported a conflict at the finish (nothing became visible).
     */
    private boolean apply(
            Site site,
            PublishPlan plan,
            TargetState state,
            HeaderPolicy policy,
            PublishTarget.Session session,
            Optional<PublishLock.Lease> lease,
            PublishLog log)
            throws IOException {
        // Before the first write: a store that ignores conditional writes stops the publish here.
        Optional<Manifest.ConditionalWritesProof> proof =
                lease.isPresent() ? lease.get().proveConditionalWrites(recordedProof(state)) : recordedProof(state);
        Set<String> covered = new TreeSet<>(PublishPlanner.pathsToCompare(site, state.manifest()));
        covered.add(PublishLock.LOCK_FILE);
        session.prepare(site, plan, covered);
        // Every writing step in the plan's waves but the manifest's, which the finish writes.
        List<Wave> waves = plan.waves().stream()
                .map(wave -> wave.only(step -> step.action().writes() && !isManifestWrite(step)))
                .filter(wave -> !wave.isEmpty())
                .toList();
        List<PlannedChange> steps =
                waves.stream().flatMap(wave -> wave.steps().stream()).toList();
        run(waves, Math.max(1, Math.min(parallelism, session.maxParallelism())), session, state.files());
        Optional<Manifest.LeaseRecord> record = lease.isPresent() ? lease.get().beforeManifest() : Optional.empty();
        Optional<PlannedChange> manifest = finalManifest(site, plan, state, steps, policy, session, proof, record, log);
        if (session.finish(manifest, state.manifestVersion())) {
            if (manifest.isPresent()) {
                lease.ifPresent(PublishLock.Lease::manifestWritten);
            }
            return true;
        }
        if (session.atomic()) {
            return false;
        }
        Optional<VersionedContent> now = session.readManifest();
        byte[] ours = manifest.orElseThrow().file().orElseThrow().content();
        if (now.filter(content -> Arrays.equals(content.content(), ours)).isPresent()) {
            // An attempt whose answer was lost wrote it; the retry then found its own manifest.
            lease.ifPresent(PublishLock.Lease::manifestWritten);
            return true;
        }
        String other = now.map(content -> {
                    try {
                        return "it now describes commit "
                                + Manifest.parse(content.content()).commit().orElse("(unknown)");
                    } catch (Manifest.InvalidManifestException e) {
                        return "it is now unreadable";
                    }
                })
                .orElse("it is now gone");
        throw new ConcurrentPublishException("Another publish changed " + SiteLayout.MANIFEST_FILE + " on "
                + target.describe() + " while this one ran (" + other + "). This publish (commit "
                + site.source().commit().orElse("(uncommitted)") + ") stopped before writing its manifest; "
                + "channel files it wrote may be served beside the other publish's. Run the publish again from the "
                + "newest commit: it plans from what the target holds and the downgrade guard checks it.");
    }

    /**
     * The manifest step once the writes are done, with the entity tags the target gave them; empty when the target
     * already holds exactly this manifest (files rewritten to what it records) or the site has none.
     */
    private static Optional<PlannedChange> finalManifest(
            Site site,
            PublishPlan plan,
            TargetState state,
            List<PlannedChange> written,
            HeaderPolicy policy,
            PublishTarget.Session session,
            Optional<Manifest.ConditionalWritesProof> proof,
            Optional<Manifest.LeaseRecord> lease,
            PublishLog log) {
        Map<String, Manifest.Stored> records = new HashMap<>();
        for (PlannedChange step : written) {
            Optional<Headers> headers = step.headers();
            session.writtenEntityTag(step.path())
                    .filter(tag -> headers.isPresent())
                    .ifPresent(tag -> records.put(
                            step.path(),
                            new Manifest.Stored(
                                    tag,
                                    headers.get().contentType(),
                                    headers.get().cacheControl())));
        }
        Optional<SiteFile> manifest = manifest(site, plan, state, records, proof, lease);
        if (manifest.isEmpty()) {
            return Optional.empty();
        }
        PlannedChange step = PublishPlanner.compare(manifest.get(), state.files(), policy, session.comparesHeaders());
        if (!isManifestWrite(step)) {
            log.debug("  " + SiteLayout.MANIFEST_FILE + " on the target already records this publish");
            return Optional.empty();
        }
        return Optional.of(step);
    }

    private static boolean isManifestWrite(PlannedChange step) {
        return step.path().equals(SiteLayout.MANIFEST_FILE)
                && (step.action() == PlannedChange.Action.ADD || step.action() == PlannedChange.Action.UPDATE);
    }

    /**
     * Runs the waves, each step with what the snapshot held at its path ({@code before}); the first failure stops
     * new steps, waits for those in flight, and is thrown.
     */
    private static void run(
            List<Wave> waves, int threads, PublishTarget.Session session, Map<String, StoredFile> before)
            throws IOException {
        if (threads == 1) {
            for (Wave wave : waves) {
                for (List<PlannedChange> chain : wave.chains()) {
                    for (PlannedChange step : chain) {
                        session.write(step, Optional.ofNullable(before.get(step.path())));
                    }
                }
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "release-channels-publish");
            thread.setDaemon(true);
            return thread;
        });
        AtomicBoolean failed = new AtomicBoolean();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        try {
            for (Wave wave : waves) {
                List<Future<Void>> running = new ArrayList<>();
                for (List<PlannedChange> chain : wave.chains()) {
                    running.add(pool.submit(() -> {
                        for (PlannedChange step : chain) {
                            if (failed.get()) {
                                return null;
                            }
                            try {
                                session.write(step, Optional.ofNullable(before.get(step.path())));
                            } catch (IOException | RuntimeException e) {
                                firstFailure.compareAndSet(null, e);
                                failed.set(true);
                                throw e;
                            }
                        }
                        return null;
                    }));
                }
                for (Future<Void> future : running) {
                    try {
                        future.get();
                    } catch (ExecutionException e) {
                        firstFailure.compareAndSet(null, e.getCause());
                    } catch (InterruptedException e) {
                        failed.set(true);
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while publishing");
                    }
                }
                Throwable first = firstFailure.get();
                if (first instanceof IOException io) {
                    throw io;
                }
                if (first instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (first instanceof Error error) {
                    throw error;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() throws IOException {
        target.close();
    }

    /**
     * A log that keeps its info and debug lines until they are replayed, or drops them when the work is done again
     * under the lock; warnings (a retry, a timeout) go out at once, where they happened.
     */
    private static final class HeldLog implements PublishLog {

        private final PublishLog log;
        private final List<Consumer<PublishLog>> lines = new ArrayList<>();

        HeldLog(PublishLog log) {
            this.log = log;
        }

        @Override
        public synchronized void info(String message) {
            lines.add(target -> target.info(message));
        }

        @Override
        public void warn(String message) {
            log.warn(message);
        }

        @Override
        public synchronized void debug(String message) {
            lines.add(target -> target.debug(message));
        }

        synchronized void replay() {
            lines.forEach(line -> line.accept(log));
            lines.clear();
        }
    }
}
