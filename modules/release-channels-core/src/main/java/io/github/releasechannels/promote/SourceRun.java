// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import io.github.releasechannels.model.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Since when a channel has held its version on the current branch: the start of the unbroken run of commits (first
 * parents from {@code HEAD}) that gave it that version, or why that cannot be proven.
 *
 * @param channel     the channel
 * @param version     the version it holds
 * @param start       where the run starts, when the history proves it
 * @param explanation how the run was found, or why it was not: said wherever the run is shown
 */
public record SourceRun(String channel, Version version, Optional<Start> start, String explanation) {

    public SourceRun {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(explanation, "explanation");
    }

    /**
     * @param commit the first commit of the run
     * @param since  the moment the soak counts from: that commit's time, or its parent's when that is later (a
     *               commit cannot have landed before its parent)
     */
    public record Start(String commit, Instant since) {
        public Start {
            Objects.requireNonNull(commit, "commit");
            Objects.requireNonNull(since, "since");
        }
    }

    /** A run that is proven to start at {@code start}. */
    public static SourceRun since(String channel, Version version, Start start, String explanation) {
        return new SourceRun(channel, version, Optional.of(start), explanation);
    }

    /** A run whose start the history cannot prove. */
    public static SourceRun unproven(String channel, Version version, String why) {
        return new SourceRun(channel, version, Optional.empty(), why);
    }
}
