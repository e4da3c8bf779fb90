// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Steps of a publish that run after every step of the wave before them: the chains of a wave may run side by side,
 * the steps of a chain run one after the other. {@link PublishPlanner} builds the waves in the order of {@link Kind}.
 *
 * @param kind   which part of the site the wave writes
 * @param chains each a sequence of steps that must not overlap
 */
public record Wave(Kind kind, List<List<PlannedChange>> chains) {

    /** The parts of a publish, in the order they run; why each comes where it does is on the constant. */
    public enum Kind {
        /** Files outside channels ({@code cmc.yaml}), a chain each: nothing an agent reads depends on their order. */
        SITE_FILES,
        /**
         * Each channel's {@code version} and {@code critical} as one chain in the order that keeps {@code critical}
         * truthful (see {@link PublishPlanner}); channels side by side.
         */
        CHANNELS,
        /**
         * Deletions of files the previous publish owned, after every write; a chain per directory, a channel's
         * {@code version} before its {@code critical}.
         */
        DELETIONS,
        /** The status page, once the channels it describes are served. */
        STATUS_PAGE,
        /** The manifest, last, so an interrupted publish is completed by the next one. */
        MANIFEST
    }

    public Wave {
        chains = chains.stream().map(List::copyOf).toList();
    }

    /** A wave of one chain per step. */
    static Wave eachAlone(Kind kind, List<PlannedChange> steps) {
        return new Wave(kind, steps.stream().map(List::of).toList());
    }

    /** The steps in chain order. */
    public List<PlannedChange> steps() {
        List<PlannedChange> steps = new ArrayList<>();
        chains.forEach(steps::addAll);
        return steps;
    }

    /** This wave with only the steps that {@code keep} accepts; chains left empty are dropped. */
    public Wave only(Predicate<PlannedChange> keep) {
        return new Wave(
                kind,
                chains.stream()
                        .map(chain -> chain.stream().filter(keep).toList())
                        .filter(chain -> !chain.isEmpty())
                        .toList());
    }

    public boolean isEmpty() {
        return chains.isEmpty();
    }
}
