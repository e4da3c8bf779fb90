// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import io.github.releasechannels.model.PipelineState;
import io.github.releasechannels.promote.PromotionPlan;
import java.util.Objects;

/**
 * The promotion pipeline as a run saw it: each stage as the history shows it, whatever the time, and the plan of a
 * promote run at the run's instant.
 *
 * @param pipeline       the stages, their sources and since when, what they wait for and when they are due
 * @param plan           where each stage stands at the run's instant ({@link PromotionPlan#at})
 * @param servingChecked whether the plan checked that each source is served as git says (promote with a base URL)
 */
public record PromotionsReport(PipelineState pipeline, PromotionPlan plan, boolean servingChecked) {

    public PromotionsReport {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(plan, "plan");
    }
}
