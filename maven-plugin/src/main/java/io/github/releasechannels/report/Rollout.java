package io.github.releasechannels.report;

import io.github.releasechannels.model.ManagedUpdates;
import java.util.List;
import java.util.Optional;

/**
 * The Managed Updates v2 rollout ({@code managed_updates} in channels.yaml) as the reports show it: mode, strategy,
 * start → target version, and the groups in order.
 *
 * <p>This is the one place the reports take the rollout from: {@link #of} reads it off the validated
 * {@link ManagedUpdates} when the run report is given the configuration.
 *
 * @param mode          {@code enabled}, {@code disabled} or {@code suspended}
 * @param strategy      {@code halt-on-error} or {@code time-based}
 * @param startVersion  what new agents install before their group's turn, if set
 * @param targetVersion the version the rollout moves agents to
 * @param groups        in rollout order
 */
public record Rollout(String mode, String strategy, Optional<String> startVersion, String targetVersion,
        List<Group> groups) {

    public Rollout {
        groups = List.copyOf(groups);
    }

    /** The rollout as channels.yaml's {@code managed_updates} declares it; every day is {@code *}. */
    public static Rollout of(ManagedUpdates updates) {
        return new Rollout(updates.mode().word(), updates.strategy().word(),
                Optional.of(updates.startVersion().toString()), updates.targetVersion().version().toString(),
                updates.groups().stream().map(group -> new Group(group.name(), group.days().isEmpty() ? List.of("*")
                        : group.days().stream().map(ManagedUpdates.Group::shortDay).toList(), group.startHour(),
                        Math.toIntExact(group.waitHours()), group.canaryCount())).toList());
    }

    /**
     * One rollout group.
     *
     * @param name         the group
     * @param days         the days it may update, as written ({@code Mon}, {@code *})
     * @param startHourUtc 0..23
     * @param waitHours    hours after the previous group
     * @param canaryCount  canaries updated first (halt-on-error)
     */
    public record Group(String name, List<String> days, int startHourUtc, int waitHours, int canaryCount) {
        public Group {
            days = List.copyOf(days);
        }
    }
}
