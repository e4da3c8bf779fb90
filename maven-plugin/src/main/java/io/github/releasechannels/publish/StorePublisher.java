package io.github.releasechannels.publish;

import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteLayout;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Publishes to any {@link FileStore}: reads the previous manifest, plans by content hash, then writes each step
 * with retries. Stops at the first step that keeps failing, so every channel is left in its old or new state and
 * the manifest (written last) still describes what the next publish must finish.
 */
public final class StorePublisher implements Publisher {

    private final FileStore store;
    private final Retry retry;
    private final PublishPlanner planner = new PublishPlanner();

    public StorePublisher(FileStore store, Retry retry) {
        this.store = store;
        this.retry = retry;
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public PublishReport publish(Site site, PublishRequest request) throws IOException, PublishRefusedException {
        long started = System.nanoTime();
        PublishLog log = request.log();
        Optional<Manifest> previous = readManifest(store, retry, log);
        request.guard().check(site, previous);
        Map<String, StoredFile> existing = retry.run("read the current files", log,
                () -> store.stat(PublishPlanner.pathsToCompare(site, previous)));
        PublishPlan plan = planner.plan(site, previous, existing, request.headers(), store.supportsHeaders());
        long bytes = 0;
        for (PlannedChange step : plan.steps()) {
            if (!step.action().writes()) {
                log.debug("  " + step);
                continue;
            }
            log.info("  " + step);
            if (!request.dryRun()) {
                execute(step, log);
                if (step.action() != PlannedChange.Action.UPDATE_HEADERS) {
                    bytes += step.file().map(file -> (long) file.size()).orElse(0L);
                }
            }
        }
        return new PublishReport(store.describe(), plan, bytes, Duration.ofNanos(System.nanoTime() - started),
                request.dryRun());
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

    /** The manifest on the target; an unreadable one stops the publish rather than guess what the site owns. */
    static Optional<Manifest> readManifest(FileStore store, Retry retry, PublishLog log) throws IOException {
        Optional<byte[]> bytes = retry.run("read " + SiteLayout.MANIFEST_FILE, log,
                () -> store.read(SiteLayout.MANIFEST_FILE));
        if (bytes.isEmpty()) {
            log.info("No " + SiteLayout.MANIFEST_FILE + " on " + store.describe()
                    + ": first publish; files of others are left alone.");
            return Optional.empty();
        }
        try {
            return Optional.of(Manifest.parse(bytes.get()));
        } catch (Manifest.InvalidManifestException e) {
            throw new TargetException(e.getMessage() + " on " + store.describe() + ". Restore it from the last "
                    + "publish or delete it (the next publish then rewrites every file of the site)");
        }
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
