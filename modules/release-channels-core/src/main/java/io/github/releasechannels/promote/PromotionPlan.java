// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import io.github.releasechannels.model.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one promote run does: for each channel with {@code promote:}, the promotion that is due, or why it waits and
 * when it is due, or that it already has its source's version. In pipeline order: first the channels promoted from a
 * channel that is promoted from none, then the next stage, each stage by name.
 *
 * @param at    the instant the plan is for
 * @param steps one per promoted channel
 */
public record PromotionPlan(Instant at, List<Step> steps) {

    public PromotionPlan {
        Objects.requireNonNull(at, "at");
        steps = List.copyOf(steps);
    }

    /** One promoted channel's part of the plan. */
    public sealed interface Step permits Due, Waiting, UpToDate {
        /** The promoted channel. */
        String channel();

        /** The channel it is promoted from. */
        String source();

        /** {@code current: 17.2.1 → 17.3.0 from canary …}: one line for the log and the commit message. */
        String describe();
    }

    /**
     * A promotion to make now.
     *
     * @param channel the promoted channel
     * @param from    its version now
     * @param to      the source's version it takes
     * @param source  the channel it is promoted from
     * @param since   since when the source has served {@code to}
     * @param commit  the commit that started that
     * @param served  how long the source has served it at the plan's instant
     * @param soak    how long it had to ({@code after})
     */
    public record Due(
            String channel,
            Version from,
            Version to,
            String source,
            Instant since,
            String commit,
            Duration served,
            Duration soak)
            implements Step {
        @Override
        public String describe() {
            return channel + ": " + from + " → " + to + " from " + source + ", which has served it since "
                    + UtcTime.at(since) + " (" + Durations.text(served) + ", soak " + Durations.text(soak) + ", commit "
                    + commit.substring(0, Math.min(12, commit.length())) + ")";
        }
    }

    /** Why a promotion waits. */
    public enum Reason {
        /** The source or the channel itself is held. */
        HELD,
        /** The source's version would lower the channel's. */
        WOULD_LOWER,
        /** The source's version is past the promotion's {@code within} boundary. */
        CROSSES_BOUNDARY,
        /** The source's version is a pre-release and the channel takes none. */
        PRERELEASE,
        /** The source itself moves in this run; its new version starts its own soak. */
        SOURCE_MOVES,
        /** The history cannot prove since when the source has served its version. */
        UNPROVEN,
        /** The source has not served its version long enough. */
        SOAKING,
        /** A freeze applies now. */
        FROZEN,
        /** The site does not serve the source's version yet. */
        NOT_SERVED
    }

    /**
     * A promotion that waits.
     *
     * @param channel the promoted channel
     * @param source  the channel it is promoted from
     * @param reason  what it waits for
     * @param why     the reason in words, such as {@code canary has served 17.3.0 for 31 h of 48 h; due …}
     * @param due     when it is due if nothing else changes; empty when that depends on a person (a hold, a
     *                boundary) or never comes (every weekday frozen)
     */
    public record Waiting(String channel, String source, Reason reason, String why, Optional<Instant> due)
            implements Step {
        @Override
        public String describe() {
            return channel + " waits: " + why;
        }
    }

    /**
     * A channel that already has its source's version.
     *
     * @param version the version both have
     */
    public record UpToDate(String channel, String source, Version version) implements Step {
        @Override
        public String describe() {
            return channel + ": has " + source + "'s " + version;
        }
    }

    /** The promotions to make now, in pipeline order. */
    public List<Due> due() {
        return steps.stream().filter(Due.class::isInstance).map(Due.class::cast).toList();
    }
}
