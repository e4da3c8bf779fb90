// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where each stage of the promotion pipeline stands as the git history of the channels file shows it, whatever the
 * time: each stage (a channel with {@code promote:}) with its source, since when the source has had its version, what
 * the stage waits for that does not depend on the clock, and when it is due. What depends on the clock (a soak still
 * running, a freeze in force now, a site that does not serve the source yet) is the promote goal's plan at an
 * instant. The status page shows this, so one commit and its history always render the same page.
 *
 * @param stages             one per channel with {@code promote:}, in pipeline order
 * @param historyUnavailable why the history was not read, when it was not: then no stage has a since
 */
public record PipelineState(List<Stage> stages, Optional<String> historyUnavailable) {

    public PipelineState {
        stages = List.copyOf(stages);
        Objects.requireNonNull(historyUnavailable, "historyUnavailable");
    }

    /** Where a stage stands, whatever the time. */
    public enum Status {
        /** It has its source's version: nothing to wait for. */
        HAS_SOURCE_VERSION,
        /** The source or the stage is held: it waits for a person to remove the hold. */
        HELD,
        /** The source's version is lower: it waits for the source to move on. */
        WOULD_LOWER,
        /** The source's version is past {@code within}: it waits for a person. */
        CROSSES_BOUNDARY,
        /** The source's version is a pre-release the stage does not take: it waits for a release. */
        PRERELEASE,
        /** Since when the source has had its version is not known (a shallow clone, no history). */
        UNPROVEN,
        /** It takes the source's version once the source has served it for the soak: at {@link Stage#due}. */
        SOAKS
    }

    /**
     * The first commit of the unbroken run that gave the source its version, and the moment its soak counts from.
     *
     * @param commit the commit id
     * @param at     its time, or its parent's when that is later
     */
    public record Since(String commit, Instant at) {
        public Since {
            Objects.requireNonNull(commit, "commit");
            Objects.requireNonNull(at, "at");
        }

        /** The commit as messages show it: its first 12 hexadecimal digits. */
        public String shortCommit() {
            return commit.substring(0, Math.min(12, commit.length()));
        }
    }

    /**
     * One stage.
     *
     * @param channel       the promoted channel
     * @param version       its version
     * @param source        the channel it takes its version from
     * @param sourceVersion the source's version
     * @param promotion     the declaration: soak, boundary, pre-releases
     * @param status        where it stands
     * @param why           {@link #status} in words, as the promote goal words it, such as {@code canary is held: …}
     * @param since         since when the source has had its version, when the history was read and proves it
     * @param due           when it takes the source's version: the end of the soak moved past any freeze it falls
     *                      in; for {@link Status#SOAKS} only, and empty when every day is frozen
     */
    public record Stage(
            String channel,
            Version version,
            String source,
            Version sourceVersion,
            Promotion promotion,
            Status status,
            String why,
            Optional<Since> since,
            Optional<Instant> due) {
        public Stage {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(due, "due");
        }
    }
}
