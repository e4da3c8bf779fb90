// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.testing;

import io.github.releasechannels.publish.FileStore;
import io.github.releasechannels.publish.Headers;
import io.github.releasechannels.publish.PublishLock;
import io.github.releasechannels.publish.StoredFile;
import io.github.releasechannels.publish.VersionedContent;
import io.github.releasechannels.site.SiteFile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Wraps a real store, records every change in order ("write current/version", "delete old/critical", ...) and can
 * fail the n-th change to simulate a publish cut off part-way. The {@link PublishLock}'s own file is passed through
 * unrecorded: it is not part of the site; its replacements (the lease's renewals) can be held, as requests that hang.
 */
public final class RecordingStore implements FileStore {

    private final FileStore delegate;
    private final List<String> changes = new ArrayList<>();
    private int failAtChange = -1;
    private boolean failPermanently;
    private volatile CountDownLatch lockReplacements = new CountDownLatch(0);
    private volatile CountDownLatch lockCreated = new CountDownLatch(0);
    private volatile CountDownLatch lockCreationAnswers = new CountDownLatch(0);

    public RecordingStore(FileStore delegate) {
        this.delegate = delegate;
    }

    /** Every change after {@code count} successful ones fails (when {@code permanently}) or only the next one. */
    public RecordingStore failAfter(int count, boolean permanently) {
        this.failAtChange = count;
        this.failPermanently = permanently;
        return this;
    }

    /** Every replacement of the lock file from now on waits until {@code released} is counted down. */
    public RecordingStore holdLockReplacementsUntil(CountDownLatch released) {
        this.lockReplacements = released;
        return this;
    }

    /**
     * Every creation of the lock file from now on lands, counts {@code landed} down, and is answered only once
     * {@code answered} is counted down: a take of the lock whose answer is still on its way.
     */
    public RecordingStore holdLockCreationAnswersUntil(CountDownLatch landed, CountDownLatch answered) {
        this.lockCreated = landed;
        this.lockCreationAnswers = answered;
        return this;
    }

    public List<String> changes() {
        return List.copyOf(changes);
    }

    private void change(String description) throws IOException {
        if (failAtChange >= 0 && changes.size() >= failAtChange) {
            if (!failPermanently) {
                failAtChange = -1;
            }
            throw new IOException("connection reset (simulated) before " + description);
        }
        changes.add(description);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public Optional<byte[]> read(String path) throws IOException {
        return delegate.read(path);
    }

    @Override
    public Map<String, StoredFile> stat(Collection<String> paths) throws IOException {
        return delegate.stat(paths);
    }

    @Override
    public void write(SiteFile file, Headers headers) throws IOException {
        change("write " + file.path());
        delegate.write(file, headers);
    }

    /** The delegate's, but one operation at a time, so that the changes are recorded in the plan's order. */
    @Override
    public Capabilities capabilities() {
        Capabilities of = delegate.capabilities();
        return new Capabilities(of.conditionalWrites(), of.headers(), 1, of.claimed());
    }

    @Override
    public void updateHeaders(SiteFile file, Headers headers) throws IOException {
        change("headers " + file.path());
        delegate.updateHeaders(file, headers);
    }

    @Override
    public void delete(String path) throws IOException {
        if (!path.equals(PublishLock.LOCK_FILE)) {
            change("delete " + path);
        }
        delegate.delete(path);
    }

    @Override
    public Optional<String> writtenEntityTag(String path) {
        return delegate.writtenEntityTag(path);
    }

    @Override
    public Optional<VersionedContent> readVersioned(String path) throws IOException {
        return delegate.readVersioned(path);
    }

    @Override
    public boolean createIfAbsent(SiteFile file, Headers headers) throws IOException {
        if (!file.path().equals(PublishLock.LOCK_FILE)) {
            change("write " + file.path());
            return delegate.createIfAbsent(file, headers);
        }
        boolean created = delegate.createIfAbsent(file, headers);
        if (created) {
            lockCreated.countDown();
            try {
                lockCreationAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while held");
            }
        }
        return created;
    }

    @Override
    public boolean replaceIfUnchanged(SiteFile file, Headers headers, String expected) throws IOException {
        if (!file.path().equals(PublishLock.LOCK_FILE)) {
            change("write " + file.path());
        } else {
            try {
                lockReplacements.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while held");
            }
        }
        return delegate.replaceIfUnchanged(file, headers, expected);
    }

    @Override
    public boolean writeIfUnchanged(SiteFile file, Headers headers, Optional<String> expected) throws IOException {
        change("write " + file.path());
        return delegate.writeIfUnchanged(file, headers, expected);
    }

    @Override
    public boolean updateHeadersIfUnchanged(SiteFile file, Headers headers, String expected) throws IOException {
        change("headers " + file.path());
        return delegate.updateHeadersIfUnchanged(file, headers, expected);
    }

    @Override
    public void removeTemporaries(Collection<String> paths) throws IOException {
        delegate.removeTemporaries(paths);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
