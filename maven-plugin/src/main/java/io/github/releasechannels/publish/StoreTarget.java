package io.github.releasechannels.publish;

import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteLayout;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link FileStore} as a {@link PublishTarget}: the snapshot is {@link TargetState#read}, each step one
 * single-file operation with retries, the finish the manifest's compare-and-swap. Writes are visible as they
 * happen, so the pipeline's order is what keeps agents safe.
 */
public final class StoreTarget implements PublishTarget {

    private final FileStore store;
    private final Retry retry;

    public StoreTarget(FileStore store, Retry retry) {
        this.store = store;
        this.retry = retry;
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public Optional<FileStore> lockFiles() {
        return Optional.of(store);
    }

    @Override
    public void logTo(PublishLog log) {
        store.logTo(log);
    }

    @Override
    public Session open(PublishLog log, WriteFence fence) {
        return new Session() {

            @Override
            public void nothingChanged() {
                log.debug("Nothing changed on " + store.describe() + ": nothing written.");
            }

            @Override
            public String conflict() {
                return "Another publish changed " + store.describe();
            }

            @Override
            public TargetState snapshot(Site site) throws IOException {
                return TargetState.read(site, store, retry, log);
            }

            @Override
            public TargetState snapshot(Site site, HeaderPolicy policy) throws IOException {
                return TargetState.read(site, store, retry, log, policy);
            }

            @Override
            public Optional<String> writtenEntityTag(String path) {
                return store.writtenEntityTag(path);
            }

            @Override
            public boolean comparesHeaders() {
                return store.supportsHeaders();
            }

            @Override
            public boolean atomic() {
                return false;
            }

            @Override
            public int maxParallelism() {
                return store.maxParallelism();
            }

            @Override
            public void prepare(Site site, PublishPlan plan, Set<String> paths) throws IOException {
                String what = "remove temporary files of killed publishes";
                retry.run(what, log, () -> {
                    fence.check(what);
                    store.removeTemporaries(paths);
                    return null;
                });
            }

            @Override
            public void write(PlannedChange step) throws IOException {
                retry.run(step.toString(), log, () -> {
                    fence.check(step.toString());
                    switch (step.action()) {
                        case ADD, UPDATE -> store.write(step.file().orElseThrow(), step.headers().orElseThrow());
                        case UPDATE_HEADERS -> store.updateHeaders(step.file().orElseThrow(),
                                step.headers().orElseThrow());
                        case DELETE -> store.delete(step.path());
                        case UNCHANGED -> {
                        }
                    }
                    return null;
                });
            }

            @Override
            public boolean finish(Optional<PlannedChange> manifest, Optional<String> expected) throws IOException {
                if (manifest.isEmpty()) {
                    return true;
                }
                PlannedChange step = manifest.get();
                return retry.run(step.toString(), log, () -> {
                    fence.check(step.toString());
                    return expected.isPresent()
                            ? store.replaceIfUnchanged(step.file().orElseThrow(), step.headers().orElseThrow(),
                                    expected.get())
                            : store.createIfAbsent(step.file().orElseThrow(), step.headers().orElseThrow());
                });
            }

            @Override
            public Optional<VersionedContent> readManifest() throws IOException {
                return retry.run("read " + SiteLayout.MANIFEST_FILE, log,
                        () -> store.readVersioned(SiteLayout.MANIFEST_FILE));
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
