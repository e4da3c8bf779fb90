// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import io.github.releasechannels.guard.ChannelPlan;
import io.github.releasechannels.model.ChannelChange;
import java.util.ArrayList;
import java.util.List;

/** The plan as log lines: a heading naming what it compares with, then each channel that changes. */
public final class PlanText {

    private PlanText() {}

    public static List<String> lines(ChannelPlan plan) {
        List<String> lines = new ArrayList<>();
        lines.add("What agents get, compared with what is " + plan.origin() + ":");
        long unchanged = 0;
        for (ChannelChange change : plan.changes()) {
            if (change.kind() == ChannelChange.Kind.UNCHANGED) {
                unchanged++;
            } else {
                lines.add("  " + change.describe());
            }
        }
        if (unchanged > 0) {
            lines.add("  "
                    + (unchanged == plan.changes().size()
                            ? "every channel unchanged"
                            : unchanged + (unchanged == 1 ? " channel" : " channels") + " unchanged"));
        }
        plan.rollout().forEach(change -> lines.add("  " + change.describe()));
        return List.copyOf(lines);
    }
}
