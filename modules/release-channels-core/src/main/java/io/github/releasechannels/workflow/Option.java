// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One option of the goals, declared once: its property name, type, default, documentation and the goals that take
 * it. The Mojos' parameters are bound to it (a test fails when they disagree) and docs/goals.md's table is
 * generated from it.
 *
 * @param name          the property, e.g. {@code releaseChannels.target}
 * @param type          what its value is
 * @param defaultValue  its default as Maven writes it (an expression such as {@code ${basedir}/channels.yaml} is
 *                      expanded by Maven); empty when it has none
 * @param unset         what it means when it has no default and is not set, for the docs; empty for nothing
 * @param documentation what it does, Markdown, one paragraph
 * @param goals         the goals that take it
 */
public record Option(
        String name,
        OptionType type,
        Optional<String> defaultValue,
        String unset,
        String documentation,
        Set<Goal> goals) {

    public Option {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(unset, "unset");
        Objects.requireNonNull(documentation, "documentation");
        if (!name.startsWith(Options.PREFIX)) {
            throw new IllegalArgumentException(name + " is not under " + Options.PREFIX);
        }
        if (goals.isEmpty()) {
            throw new IllegalArgumentException(name + " applies to no goal");
        }
        goals = Set.copyOf(EnumSet.copyOf(goals));
    }

    /** Whether {@code goal} takes it. */
    public boolean appliesTo(Goal goal) {
        return goals.contains(goal);
    }
}
