// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.site.Manifest;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Every step of a publish in the order it runs, including the files left as they are, as the waves
 * {@link PublishPlanner} ordered them.
 *
 * @param waves    in execution order, at most one of each {@link Wave.Kind}, in the order of the kinds
 * @param previous the manifest found on the target before publishing
 */
public record PublishPlan(List<Wave> waves, Optional<Manifest> previous) {

    public PublishPlan {
        waves = List.copyOf(waves);
    }

    /** Every step, in execution order. */
    public List<PlannedChange> steps() {
        return stream().toList();
    }

    public long count(PlannedChange.Action action) {
        return stream().filter(step -> step.action() == action).count();
    }

    public boolean changesNothing() {
        return stream().noneMatch(step -> step.action().writes());
    }

    private Stream<PlannedChange> stream() {
        return waves.stream().flatMap(wave -> wave.chains().stream()).flatMap(List::stream);
    }

    /** This plan with each step replaced by what {@code change} makes of it, in the same place. */
    PublishPlan map(UnaryOperator<PlannedChange> change) {
        return new PublishPlan(
                waves.stream()
                        .map(wave -> new Wave(
                                wave.kind(),
                                wave.chains().stream()
                                        .map(chain -> chain.stream().map(change).toList())
                                        .toList()))
                        .toList(),
                previous);
    }
}
