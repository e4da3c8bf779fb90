// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.Publishers;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.publish.TargetUri;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A deploy's target, opened on a thread of its own while channels.yaml is read and the site rendered: opening writes
 * nothing (a factory only builds its client and finds its credentials), and for an s3: target it is the SDK's
 * class loading and client set-up, which would otherwise wait for the render; then the first snapshot's reads (an
 * s3: target's manifest and listing) are {@linkplain Publisher#prefetchSnapshot made ahead} on the same thread.
 * What it finds is reported where the deploy would have opened the target, so the order of errors stays: a bad
 * channels.yaml first, whatever the open found; then the target's own problems; a failed open is a problem of the
 * target, as before.
 */
final class TargetOpening implements GoalRun.Beside {

    private final Publishers publishers;
    private final Optional<String> target;
    private final Optional<TargetSettings> settings;
    private final Optional<UserProblemException> settingsProblem;
    private final Optional<CompletableFuture<Publisher>> opened;
    private boolean handedOver;

    private TargetOpening(
            Publishers publishers,
            Optional<String> target,
            Optional<TargetSettings> settings,
            Optional<UserProblemException> settingsProblem,
            Optional<CompletableFuture<Publisher>> opened) {
        this.publishers = publishers;
        this.target = target;
        this.settings = settings;
        this.settingsProblem = settingsProblem;
        this.opened = opened;
    }

    /** What asks for the target's settings: the front end's credentials and the proxies, asked for once. */
    @FunctionalInterface
    interface SettingsSource {
        TargetSettings settings() throws UserProblemException;
    }

    /**
     * Starts opening {@code resolvedTarget}; nothing is started when there is no target, when it is malformed or
     * offline-refused (both reported later, in their place), or when its settings cannot be had (kept and thrown by
     * {@link #settings}).
     */
    static TargetOpening start(
            Publishers publishers, Optional<String> resolvedTarget, boolean offline, SettingsSource source) {
        if (resolvedTarget.isEmpty()) {
            return new TargetOpening(publishers, resolvedTarget, Optional.empty(), Optional.empty(), Optional.empty());
        }
        String target = resolvedTarget.get();
        boolean local;
        try {
            local = TargetUri.parse(target).isLocal();
        } catch (InvalidTargetException e) {
            return new TargetOpening(
                    publishers, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
        if (offline && !local) {
            // Refused before anything is sent: not even its credentials are asked for.
            return new TargetOpening(
                    publishers, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
        TargetSettings settings;
        try {
            settings = source.settings();
        } catch (UserProblemException e) {
            return new TargetOpening(publishers, resolvedTarget, Optional.empty(), Optional.of(e), Optional.empty());
        }
        CompletableFuture<Publisher> opened = new CompletableFuture<>();
        // A thread of its own, not a shared pool: it inherits the caller's context class loader (Maven's plugin
        // realm), where the SDK looks for its HTTP client.
        Thread thread = new Thread(
                () -> {
                    try {
                        Publisher publisher = publishers.open(target, settings);
                        // Before it is handed over: the snapshot's first reads then wait for no one.
                        publisher.prefetchSnapshot();
                        opened.complete(publisher);
                    } catch (InvalidTargetException | IOException | RuntimeException | Error e) {
                        opened.completeExceptionally(e);
                    }
                },
                "release-channels-open-target");
        thread.setDaemon(true);
        thread.start();
        return new TargetOpening(
                publishers, resolvedTarget, Optional.of(settings), Optional.empty(), Optional.of(opened));
    }

    /** The settings the target was opened with, or asked for now when it was not. */
    TargetSettings settings(SettingsSource source) throws UserProblemException {
        if (settingsProblem.isPresent()) {
            throw settingsProblem.get();
        }
        return settings.isPresent() ? settings.get() : source.settings();
    }

    /**
     * The publisher for {@code resolvedTarget}: the one opened beside the render, waited for, or opened now. The
     * caller closes it.
     *
     * @throws InvalidTargetException when the target or an option is malformed
     * @throws IOException            when the target cannot be reached or opened
     */
    Publisher publisher(String resolvedTarget, TargetSettings settings) throws InvalidTargetException, IOException {
        if (opened.isEmpty() || !target.equals(Optional.of(resolvedTarget))) {
            return publishers.open(resolvedTarget, settings);
        }
        handedOver = true;
        try {
            return opened.get().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handedOver = false;
            throw new InterruptedIOException("interrupted while opening " + resolvedTarget);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidTargetException invalid) {
                throw invalid;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * Unless the publisher was handed over, closes it once its opening ends, without waiting for it: a deploy that
     * stopped at channels.yaml does not wait on the network.
     */
    @Override
    public void close() {
        if (handedOver || opened.isEmpty()) {
            return;
        }
        // Its failure, if it failed, is not this run's to report: nothing waits on what this returns.
        var unused = opened.get().whenComplete((publisher, failure) -> {
            if (publisher != null) {
                try {
                    publisher.close();
                } catch (IOException | RuntimeException e) {
                    // Nothing was published with it; what the run reports is the reason it stopped.
                }
            }
        });
    }
}
