// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteLayout;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One attempt against a {@link FileStore}: the snapshot is {@link TargetState#read}, each step one single-file
 * operation with retries, asked of the fence first, the finish the manifest's compare-and-swap. Where the store's
 * {@linkplain FileStore.Capabilities capabilities} say its conditional writes are atomic, each step writes only while
 * the file is what the snapshot listed; elsewhere the publish lock alone orders writers.
 */
final class StoreSession implements PublishTarget.Session {

    private final FileStore store;
    private final FileStore.Capabilities capabilities;
    private final Retry retry;
    private final PublishLog log;
    private final WriteFence fence;
    /** Entity tags of files this session found already written as planned (an answer lost, a retry). */
    private final Map<String, String> foundWritten = new ConcurrentHashMap<>();

    StoreSession(FileStore store, Retry retry, PublishLog log, WriteFence fence) {
        this.store = store;
        this.capabilities = store.capabilities();
        this.retry = retry;
        this.log = log;
        this.fence = fence;
    }

    @Override
    public void nothingChanged() {
        log.debug("Nothing changed on " + store.describe() + ": nothing written.");
    }

    @Override
    public String conflict() {
        return "Another publish changed " + store.describe();
    }

    @Override
    public TargetState snapshot(Site site, HeaderPolicy policy) throws IOException {
        return TargetState.read(site, store, retry, log, policy);
    }

    @Override
    public Optional<String> writtenEntityTag(String path) {
        return Optional.ofNullable(foundWritten.get(path)).or(() -> store.writtenEntityTag(path));
    }

    @Override
    public PublishTarget.Capabilities capabilities() {
        return PublishTarget.Capabilities.of(capabilities);
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
    public void write(PlannedChange step, Optional<StoredFile> before) throws IOException {
        Optional<String> expected = before.flatMap(StoredFile::version);
        boolean conditional = capabilities.conditionalWrites() == FileStore.ConditionalWrites.ATOMIC;
        retry.run(step.toString(), log, () -> {
            fence.check(step.toString());
            boolean written = switch (step.action()) {
                case ADD, UPDATE -> conditional ? writeIfUnchanged(step, expected) : write(step);
                case UPDATE_HEADERS ->
                    (conditional && expected.isPresent())
                            ? store.updateHeadersIfUnchanged(
                                    step.file().orElseThrow(), step.headers().orElseThrow(), expected.get())
                            : updateHeaders(step);
                case DELETE -> delete(step);
                case UNCHANGED -> true;
            };
            if (!written) {
                alreadyWritten(step);
            }
            return null;
        });
    }

    private boolean writeIfUnchanged(PlannedChange step, Optional<String> expected) throws IOException {
        return store.writeIfUnchanged(step.file().orElseThrow(), step.headers().orElseThrow(), expected);
    }

    private boolean write(PlannedChange step) throws IOException {
        store.write(step.file().orElseThrow(), step.headers().orElseThrow());
        return true;
    }

    private boolean updateHeaders(PlannedChange step) throws IOException {
        store.updateHeaders(step.file().orElseThrow(), step.headers().orElseThrow());
        return true;
    }

    private boolean delete(PlannedChange step) throws IOException {
        store.delete(step.path());
        return true;
    }

    /**
     * A write refused because the file is no longer what the snapshot listed: fine when it now holds what this step
     * writes (an earlier attempt of it landed and its answer was lost); otherwise another writer changed it, and the
     * publish stops rather than plan on what it no longer knows.
     */
    private void alreadyWritten(PlannedChange step) throws IOException {
        SiteFile file = step.file().orElseThrow();
        Optional<StoredFile> now =
                Optional.ofNullable(store.stat(List.of(step.path())).get(step.path()));
        if (now.filter(stored -> stored.sha256().equals(Optional.of(file.sha256()))
                        && stored.headers().equals(step.headers()))
                .isPresent()) {
            now.get().entityTag().ifPresent(tag -> foundWritten.put(step.path(), tag));
            return;
        }
        throw new ConcurrentPublishException(step.path() + " on " + store.describe() + " changed since "
                + "this publish read the target, not by this publish: a publish whose lease ran out, or "
                + "someone by hand, wrote it. This publish stopped before " + step + " and did not write "
                + "its manifest. Run the publish again from the newest commit: it plans from what the "
                + "target holds and the downgrade guard checks it.");
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
                    ? store.replaceIfUnchanged(
                            step.file().orElseThrow(), step.headers().orElseThrow(), expected.get())
                    : store.createIfAbsent(
                            step.file().orElseThrow(), step.headers().orElseThrow());
        });
    }

    @Override
    public Optional<VersionedContent> readManifest() throws IOException {
        return retry.run("read " + SiteLayout.MANIFEST_FILE, log, () -> store.readVersioned(SiteLayout.MANIFEST_FILE));
    }

    @Override
    public void close() {}
}
