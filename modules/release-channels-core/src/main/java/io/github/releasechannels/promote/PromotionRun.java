// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.promote.PromotionPlan.Due;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One promote run's plan: reads the history of the sources a plan needs, plans, and checks the start of every run a
 * due promotion rests on against the whole file at that commit ({@link ChannelHistory.Runs#validated}), planning
 * again when a start moves. Only the due promotions pay for that full parse.
 */
public final class PromotionRun {

    private PromotionRun() {}

    /**
     * @param config  the channels file as it is now
     * @param history the history of that file on the current branch
     * @param at      the instant to plan for
     * @param serving whether each source is served in sync, or {@link SourceServing#NOT_CHECKED}
     * @throws IOException when the repository cannot be read
     */
    public static PromotionPlan plan(ChannelsConfig config, ChannelHistory history, Instant at, SourceServing serving)
            throws IOException {
        return plan(config, history.read(PromotionPlanner.sourcesToRead(config)), at, serving);
    }

    /**
     * The plan on a read of the history already made, for {@link PromotionPlanner#sourcesToRead} of {@code config}:
     * a run that also shows the {@link Pipeline} reads the history once.
     *
     * @throws IOException when the repository cannot be read
     */
    public static PromotionPlan plan(ChannelsConfig config, ChannelHistory.Runs runs, Instant at, SourceServing serving)
            throws IOException {
        Map<String, SourceRun> known = new HashMap<>(runs.all());
        while (true) {
            PromotionPlan plan = PromotionPlanner.plan(config, known, at, serving);
            boolean moved = false;
            for (Due due : plan.due()) {
                SourceRun validated = runs.validated(due.source());
                if (!validated.equals(known.get(due.source()))) {
                    known.put(due.source(), validated);
                    moved = true;
                }
            }
            if (!moved) {
                return plan;
            }
        }
    }
}
