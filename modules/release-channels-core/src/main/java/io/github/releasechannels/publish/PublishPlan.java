// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.site.Manifest;
import java.util.List;
import java.util.Optional;

/**
 * Every step of a publish in the order it runs, including the files left as they are.
 *
 * @param steps    in execution order
 * @param previous the manifest found on the target before publishing
 */
public record PublishPlan(List<PlannedChange> steps, Optional<Manifest> previous) {

    public PublishPlan {
        steps = List.copyOf(steps);
    }

    public long count(PlannedChange.Action action) {
        return steps.stream().filter(step -> step.action() == action).count();
    }

    public boolean changesNothing() {
        return steps.stream().noneMatch(step -> step.action().writes());
    }
}
