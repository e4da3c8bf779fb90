package io.github.releasechannels.publish;

import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteLayout;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Publishes to any {@link FileStore}: takes the target's {@link PublishLock}, reads the {@link TargetState}, plans
 * by content hash, then writes each step with retries, and swaps the manifest in last only if it is still the one the
 * plan was made from. Stops at the first step that keeps failing, so every channel is left in its old or new state
 * and the manifest still describes what the next publish must finish.
 */
public final class StorePublisher implements Publisher {

    private final FileStore store;
    private final Retry retry;
    private final PublishLock.Policy lockPolicy;
    private final PublishPlanner planner = new PublishPlanner();

    public StorePublisher(FileStore store, Retry retry) {
        this(store, retry, PublishLock.Policy.DEFAULT);
    }

    public StorePublisher(FileStore store, Retry retry, PublishLock.Policy lockPolicy) {
        this.store = store;
        this.retry = retry;
        this.lockPolicy = lockPolicy;
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public PublishReport publish(Site site, PublishRequest request) throws IOException, PublishRefusedException {
        if (request.dryRun()) {
            // A dry run writes nothing, so it neither takes nor waits for the lock.
            return publish(site, request, Optional.empty());
        }
        PublishLock lock = new PublishLock(store, retry, lockPolicy, request.log());
        try (PublishLock.Lease lease = lock.acquire(site.source().commit().orElse("(uncommitted)"))) {
            return publish(site, request, Optional.of(lease));
        }
    }

    private PublishReport publish(Site site, PublishRequest request, Optional<PublishLock.Lease> lease)
            throws IOException, PublishRefusedException {
        long started = System.nanoTime();
        PublishLog log = request.log();
        TargetState state = TargetState.read(site, store, retry, log);
        request.guard().check(site, state);
        if (lease.isPresent()) {
            Set<String> covered = new TreeSet<>(PublishPlanner.pathsToCompare(site, state.manifest()));
            covered.add(PublishLock.LOCK_FILE);
            retry.run("remove temporary files of killed publishes", log, () -> {
                store.removeTemporaries(covered);
                return null;
            });
        }
        PublishPlan plan = planner.plan(site, state.manifest(), state.files(), request.headers(),
                store.supportsHeaders());
        long bytes = 0;
        for (PlannedChange step : plan.steps()) {
            if (!step.action().writes()) {
                log.debug("  " + step);
                continue;
            }
            log.info("  " + step);
            if (lease.isPresent()) {
                if (isManifestWrite(step)) {
                    lease.get().confirm();
                    swapManifest(step, state.manifestVersion(), site, log);
                } else {
                    execute(step, log);
                }
                if (step.action() != PlannedChange.Action.UPDATE_HEADERS) {
                    bytes += step.file().map(file -> (long) file.size()).orElse(0L);
                }
            }
        }
        return new PublishReport(store.describe(), plan, bytes, Duration.ofNanos(System.nanoTime() - started),
                request.dryRun());
    }

    private static boolean isManifestWrite(PlannedChange step) {
        return step.path().equals(SiteLayout.MANIFEST_FILE) && (step.action() == PlannedChange.Action.ADD
                || step.action() == PlannedChange.Action.UPDATE);
    }

    /**
     * Writes the manifest only if it is still the one this publish planned from (none, or the same version): the
     * compare-and-swap that catches a publish which ran beside this one without the lock.
     */
    private void swapManifest(PlannedChange step, Optional<String> planned, Site site, PublishLog log)
            throws IOException {
        SiteFile manifest = step.file().orElseThrow();
        Headers headers = step.headers().orElseThrow();
        boolean swapped = retry.run(step.toString(), log, () -> planned.isPresent()
                ? store.replaceIfUnchanged(manifest, headers, planned.get())
                : store.createIfAbsent(manifest, headers));
        if (swapped) {
            return;
        }
        Optional<VersionedContent> now = retry.run("read " + SiteLayout.MANIFEST_FILE, log,
                () -> store.readVersioned(SiteLayout.MANIFEST_FILE));
        if (now.filter(content -> Arrays.equals(content.content(), manifest.content())).isPresent()) {
            // An attempt whose answer was lost wrote it; the retry then found its own manifest.
            return;
        }
        String other = now.map(content -> {
            try {
                return "it now describes commit " + Manifest.parse(content.content()).commit().orElse("(unknown)");
            } catch (Manifest.InvalidManifestException e) {
                return "it is now unreadable";
            }
        }).orElse("it is now gone");
        throw new ConcurrentPublishException("Another publish changed " + SiteLayout.MANIFEST_FILE + " on "
                + store.describe() + " while this one ran (" + other + "). This publish (commit "
                + site.source().commit().orElse("(uncommitted)") + ") stopped before writing its manifest; "
                + "channel files it wrote may be served beside the other publish's. Run the publish again from the "
                + "newest commit: it plans from what the target holds and the downgrade guard checks it.");
    }

    private void execute(PlannedChange step, PublishLog log) throws IOException {
        switch (step.action()) {
            case ADD, UPDATE -> retry.run(step.toString(), log, () -> {
                store.write(step.file().orElseThrow(), step.headers().orElseThrow());
                return null;
            });
            case UPDATE_HEADERS -> retry.run(step.toString(), log, () -> {
                store.updateHeaders(step.file().orElseThrow(), step.headers().orElseThrow());
                return null;
            });
            case DELETE -> retry.run(step.toString(), log, () -> {
                store.delete(step.path());
                return null;
            });
            case UNCHANGED -> {
            }
        }
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
