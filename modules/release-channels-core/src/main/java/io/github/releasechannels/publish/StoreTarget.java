// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.io.IOException;
import java.util.Optional;

/**
 * A {@link FileStore} as a {@link PublishTarget}, opening a {@link StoreSession} per attempt. Writes are visible as
 * they happen, so the pipeline's order and the {@link PublishLock} (on the same store) are what keep agents safe.
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
    public void prefetchSnapshot() {
        store.prefetchSnapshot();
    }

    @Override
    public Session open(PublishLog log, WriteFence fence) {
        return new StoreSession(store, retry, log, fence);
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
