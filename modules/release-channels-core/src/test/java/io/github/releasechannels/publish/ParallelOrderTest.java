// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.publish.file.DirectoryStore;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteLayout;
import io.github.releasechannels.testing.RecordingLog;
import io.github.releasechannels.testing.Sites;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's order rules with 16 steps in flight, watched through a real directory store that records when
 * each write starts and ends and holds it open a little so that steps really overlap.
 */
class ParallelOrderTest {

    private static final int CHANNELS = 40;

    @TempDir
    Path docroot;

    /** One start or end of a write, numbered in the order it happened. */
    record Event(long sequence, boolean start, String action, String path) {}

    /** A directory store that records start and end events and may fail one path. */
    static final class EventStore implements FileStore {

        private final DirectoryStore delegate;
        private final List<Event> events = new ArrayList<>();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger mostInFlight = new AtomicInteger();
        private long sequence;
        private Optional<String> failing = Optional.empty();

        EventStore(Path root) {
            this.delegate = new DirectoryStore(root);
        }

        synchronized List<Event> events() {
            return List.copyOf(events);
        }

        private synchronized void record(boolean start, String action, String path) {
            events.add(new Event(sequence++, start, action, path));
        }

        private void step(String action, String path, Operation operation) throws IOException {
            if (path.equals(PublishLock.LOCK_FILE)) {
                operation.run();
                return;
            }
            record(true, action, path);
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(5);
                if (failing.filter(path::equals).isPresent()) {
                    throw new TargetException("refused (simulated): " + path);
                }
                operation.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } finally {
                inFlight.decrementAndGet();
                record(false, action, path);
            }
        }

        interface Operation {
            void run() throws IOException;
        }

        /** The directory's conditional writes, but no limit of its own: the pipeline's parallelism decides. */
        @Override
        public Capabilities capabilities() {
            return Capabilities.plainFiles(delegate.capabilities().conditionalWrites(), Integer.MAX_VALUE);
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
        public Optional<VersionedContent> readVersioned(String path) throws IOException {
            return delegate.readVersioned(path);
        }

        @Override
        public void write(SiteFile file, Headers headers) throws IOException {
            step("write", file.path(), () -> delegate.write(file, headers));
        }

        @Override
        public void delete(String path) throws IOException {
            step("delete", path, () -> delegate.delete(path));
        }

        @Override
        public boolean createIfAbsent(SiteFile file, Headers headers) throws IOException {
            boolean[] created = new boolean[1];
            step("write", file.path(), () -> created[0] = delegate.createIfAbsent(file, headers));
            return created[0];
        }

        @Override
        public boolean replaceIfUnchanged(SiteFile file, Headers headers, String expected) throws IOException {
            boolean[] replaced = new boolean[1];
            step("write", file.path(), () -> replaced[0] = delegate.replaceIfUnchanged(file, headers, expected));
            return replaced[0];
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

    private static String channels(int count, String version, boolean critical, int skipFrom) {
        StringBuilder yaml = new StringBuilder("channels:\n");
        for (int i = 0; i < count; i++) {
            if (i >= skipFrom) {
                continue;
            }
            yaml.append("  ch")
                    .append(i)
                    .append(":\n    version: ")
                    .append(version)
                    .append("\n    critical: ")
                    .append(critical && i % 2 == 0 ? "true" : "false")
                    .append('\n');
        }
        return yaml.toString();
    }

    private static PublishPipeline pipeline(EventStore store) {
        return PublishPipeline.forStore(
                store, new Retry(1, Duration.ZERO, Duration.ZERO, duration -> {}), PublishLock.Policy.DEFAULT, 16);
    }

    private static PublishRequest request() {
        return new PublishRequest(false, HeaderPolicy.defaults(), PublishGuard.NONE, new RecordingLog());
    }

    private static long end(List<Event> events, String path) {
        return events.stream()
                .filter(e -> !e.start() && e.path().equals(path))
                .mapToLong(Event::sequence)
                .max()
                .orElseThrow(() -> new AssertionError("no write of " + path));
    }

    private static long start(List<Event> events, String path) {
        return events.stream()
                .filter(e -> e.start() && e.path().equals(path))
                .mapToLong(Event::sequence)
                .min()
                .orElseThrow(() -> new AssertionError("no write of " + path));
    }

    @Test
    void everyOrderRuleHoldsWithSixteenStepsInFlight() throws Exception {
        EventStore store = new EventStore(docroot);
        try (PublishPipeline pipeline = pipeline(store)) {
            pipeline.publish(Sites.render(channels(CHANNELS, "14.2.1", false, CHANNELS)), request());
        }
        // The next publish raises every version, marks half critical and drops the last ten channels.
        EventStore next = new EventStore(docroot);
        Site site = Sites.render(channels(CHANNELS, "14.3.0", true, CHANNELS - 10));
        try (PublishPipeline pipeline = pipeline(next)) {
            pipeline.publish(site, request());
        }
        List<Event> events = next.events();
        assertTrue(next.mostInFlight.get() > 1, "steps ran side by side: " + next.mostInFlight.get());
        long lastUpload = events.stream()
                .filter(e -> !e.start()
                        && e.action().equals("write")
                        && !e.path().equals(SiteLayout.INDEX_FILE)
                        && !e.path().equals(SiteLayout.MANIFEST_FILE))
                .mapToLong(Event::sequence)
                .max()
                .orElseThrow();
        for (int i = 0; i < CHANNELS - 10; i++) {
            String version = "ch" + i + "/version";
            String critical = "ch" + i + "/critical";
            if (i % 2 == 0) {
                assertTrue(end(events, version) < start(events, critical), "critical=yes after its version: ch" + i);
            } else {
                assertTrue(end(events, version) < Long.MAX_VALUE, "ch" + i + " version written");
            }
            assertTrue(end(events, version) < start(events, SiteLayout.INDEX_FILE), "status page after ch" + i);
        }
        for (int i = CHANNELS - 10; i < CHANNELS; i++) {
            assertTrue(lastUpload < start(events, "ch" + i + "/version"), "deletion after every upload: ch" + i);
            assertTrue(
                    end(events, "ch" + i + "/version") < start(events, "ch" + i + "/critical"),
                    "a removed channel's version goes before its flag: ch" + i);
            assertTrue(end(events, "ch" + i + "/critical") < start(events, SiteLayout.INDEX_FILE));
        }
        long manifest = start(events, SiteLayout.MANIFEST_FILE);
        assertTrue(
                events.stream()
                        .filter(e -> !e.path().equals(SiteLayout.MANIFEST_FILE))
                        .allMatch(e -> e.sequence() < manifest),
                "the manifest starts after every other step ended");
    }

    @Test
    void aFailureStopsNewStepsWaitsForThoseInFlightAndKeepsTheOldManifest() throws Exception {
        EventStore store = new EventStore(docroot);
        Site first = Sites.render(channels(CHANNELS, "14.2.1", false, CHANNELS));
        try (PublishPipeline pipeline = pipeline(store)) {
            pipeline.publish(first, request());
        }
        EventStore next = new EventStore(docroot);
        next.failing = Optional.of("ch3/version");
        try (PublishPipeline pipeline = pipeline(next)) {
            IOException failure = assertThrows(
                    IOException.class,
                    () -> pipeline.publish(Sites.render(channels(CHANNELS, "14.3.0", false, CHANNELS)), request()));
            assertTrue(failure.getMessage().contains("ch3/version"), failure.getMessage());
        }
        List<Event> events = next.events();
        long failed = end(events, "ch3/version");
        long startsAfter =
                events.stream().filter(e -> e.start() && e.sequence() > failed).count();
        // Another chain may begin its next step in the instant between the failing write's end and the pipeline
        // seeing it; beyond that, nothing new is scheduled.
        assertTrue(startsAfter < 16, "no new steps after the failure: " + events);
        assertTrue(events.stream().filter(Event::start).count() < 2L * CHANNELS, "the publish stopped early");
        assertEquals(
                events.stream().filter(Event::start).count(),
                events.stream().filter(e -> !e.start()).count(),
                "every step in flight finished");
        assertFalse(
                events.stream()
                        .anyMatch(e -> e.path().equals(SiteLayout.MANIFEST_FILE)
                                || e.path().equals(SiteLayout.INDEX_FILE)),
                "nothing after the channels was written");
        assertEquals(
                new String(first.file(SiteLayout.MANIFEST_FILE).orElseThrow().content()),
                new String(new DirectoryStore(docroot)
                        .read(SiteLayout.MANIFEST_FILE)
                        .orElseThrow()));
    }
}
