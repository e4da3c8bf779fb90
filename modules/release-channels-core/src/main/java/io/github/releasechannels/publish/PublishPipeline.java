// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one publish pipeline, for every target: lock, snapshot, guard, plan, log, apply, manifest compare-and-swap,
 * report. The safety rules live here and in the package-private classes it is made of, nowhere else:
 * <ul>
 *   <li>steps run in the {@link Wave}s the {@linkplain PublishPlanner planner} ordered, one wave after the other,
 *       the chains of a wave side by side and each chain's steps one after the other; the manifest last, only
 *       after every other step succeeded ({@link WaveExecutor});</li>
 *   <li>up to {@code parallelism} steps of a wave run at once; at the first failure no new step starts, the ones in
 *       flight finish, and the failure is reported, so every channel is left old or new;</li>
 *   <li>the manifest is written only if the target still holds the one the plan was made from; on a target whose
 *       writes are visible at once that is a {@link ConcurrentPublishException}, on an atomic one (git) a conflict
 *       that is planned again from a new snapshot, the guard included ({@link ManifestSwap}, {@link ConflictRetry});</li>
 *   <li>a plan that changes nothing while no publish holds the lock completes without taking it
 *       ({@link LockShortcut}); the manifest's content is decided by {@link ManifestContent}.</li>
 * </ul>
 */
public final class PublishPipeline implements Publisher {

    /** The default number of steps in flight at once ({@code releaseChannels.parallelism}). */
    public static final int DEFAULT_PARALLELISM = 16;

    public static final String PARALLELISM_OPTION = "parallelism";

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

    /** A store with the retries, lock policy and parallelism of {@code settings}: what every store's factory opens. */
    public static PublishPipeline forStore(FileStore store, TargetSettings settings) {
        return forStore(
                store,
                settings.retry(),
                settings.common().lock(),
                settings.common().parallelism());
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
    public void prefetchSnapshot() {
        target.prefetchSnapshot();
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
        LockShortcut.Outcome first = LockShortcut.tryWithoutLock(target, planner, site, request, lock);
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
     * Plans and applies, planning again after an atomic target's conflict; {@code planned} is a snapshot that still
     * holds under the lease, planned from instead of reading the target again.
     */
    private PublishReport publish(
            Site site, PublishRequest request, Optional<PublishLock.Lease> lease, Optional<TargetState> planned)
            throws IOException, PublishRefusedException {
        long started = System.nanoTime();
        PublishLog log = request.log();
        ConflictRetry conflicts = new ConflictRetry(target.describe(), sleeper, firstConflictBackoff);
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
                PublishPlan plan = ManifestContent.plan(
                        planner,
                        site,
                        state,
                        request.headers(),
                        session.capabilities().comparesHeaders());
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
            conflicts.afterConflict(attempt, conflict, log);
        }
    }

    private PublishReport report(PublishPlan plan, long bytes, long started, PublishRequest request) {
        return PublishReport.endingNow(target.describe(), plan, bytes, started, request.dryRun());
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
        Optional<Manifest.ConditionalWritesProof> recorded = ManifestContent.recordedProof(state);
        Optional<Manifest.ConditionalWritesProof> proof =
                lease.isPresent() ? lease.get().proveConditionalWrites(recorded) : recorded;
        Set<String> covered = new TreeSet<>(PublishPlanner.pathsToCompare(site, state.manifest()));
        covered.add(PublishLock.LOCK_FILE);
        session.prepare(site, plan, covered);
        // Every writing step in the plan's waves but the manifest's, which the finish writes.
        List<Wave> waves = plan.waves().stream()
                .map(wave -> wave.only(step -> step.action().writes() && !ManifestContent.isWrite(step)))
                .filter(wave -> !wave.isEmpty())
                .toList();
        List<PlannedChange> written =
                waves.stream().flatMap(wave -> wave.steps().stream()).toList();
        WaveExecutor.run(
                waves,
                Math.max(1, Math.min(parallelism, session.capabilities().maxParallelism())),
                session,
                state.files());
        Optional<Manifest.LeaseRecord> record = lease.isPresent() ? lease.get().beforeManifest() : Optional.empty();
        Optional<PlannedChange> manifest =
                ManifestContent.afterWrites(site, plan, state, written, policy, session, proof, record, log);
        return ManifestSwap.finish(target.describe(), site, session, manifest, state.manifestVersion(), lease);
    }

    @Override
    public void close() throws IOException {
        target.close();
    }
}
