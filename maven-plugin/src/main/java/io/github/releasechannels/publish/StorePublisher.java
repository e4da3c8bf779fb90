package io.github.releasechannels.publish;

import io.github.releasechannels.site.Site;
import java.io.IOException;
import java.time.Duration;

/**
 * Publishes to any {@link FileStore}: reads the {@link TargetState}, plans by content hash, then writes each step
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
        TargetState state = TargetState.read(site, store, retry, log);
        request.guard().check(site, state);
        PublishPlan plan = planner.plan(site, state.manifest(), state.files(), request.headers(),
                store.supportsHeaders());
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

    @Override
    public void close() throws IOException {
        store.close();
    }
}
