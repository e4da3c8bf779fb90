// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a plan's writing waves against a session: one wave after the other, up to {@code threads} chains of a wave
 * at once, each chain's steps one after the other. At the first failure no new step starts, the ones in flight
 * finish, and the failure is thrown, so every channel is left old or new.
 */
final class WaveExecutor {

    private WaveExecutor() {}

    /** Runs {@code waves}, each step with what the snapshot held at its path ({@code before}). */
    static void run(List<Wave> waves, int threads, PublishTarget.Session session, Map<String, StoredFile> before)
            throws IOException {
        if (threads == 1) {
            for (Wave wave : waves) {
                for (PlannedChange step : wave.steps()) {
                    session.write(step, Optional.ofNullable(before.get(step.path())));
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
}
