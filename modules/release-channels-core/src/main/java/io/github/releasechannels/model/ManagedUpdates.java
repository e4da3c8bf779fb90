// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.model;

import io.github.releasechannels.text.LogText;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Teleport Managed Updates v2 as declared under {@code managed_updates}: what {@code autoupdate_config} and
 * {@code autoupdate_version} say about agents (and optionally client tools). Validated against Teleport's own rules.
 *
 * @param mode              whether agents update
 * @param strategy          how groups follow each other
 * @param maintenanceWindow how long a group's window lasts; present exactly under {@link Strategy#TIME_BASED}
 * @param schedule          {@code regular} (by the groups) or {@code immediate} (every agent at once)
 * @param startVersion      what agents install before their group's turn
 * @param targetVersion     what agents update to in their group's turn
 * @param groups            the rollout groups in order; empty when Teleport picks its default group
 * @param tools             client tools (tsh, tctl) managed updates, when declared
 * @param allowDowngrade    whether a publish may lower a version of this section below the one published
 * @param location          where {@code managed_updates:} is, for messages
 * @param startVersionLocation where {@code start_version} is written
 */
public record ManagedUpdates(
        Mode mode,
        Strategy strategy,
        Optional<Duration> maintenanceWindow,
        Schedule schedule,
        Version startVersion,
        TargetVersion targetVersion,
        List<Group> groups,
        Optional<ClientTools> tools,
        boolean allowDowngrade,
        SourceLocation location,
        SourceLocation startVersionLocation) {

    public ManagedUpdates {
        Objects.requireNonNull(startVersionLocation, "startVersionLocation");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(startVersion, "startVersion");
        Objects.requireNonNull(targetVersion, "targetVersion");
        groups = List.copyOf(groups);
        if (maintenanceWindow.isPresent() != (strategy == Strategy.TIME_BASED)) {
            throw new IllegalArgumentException("a maintenance window belongs to time-based and only to it");
        }
    }

    /** Agent update mode; Teleport's precedence between resources is disabled > suspended > enabled. */
    public enum Mode {
        ENABLED,
        DISABLED,
        SUSPENDED;

        /** The word Teleport reads, such as {@code enabled}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How groups follow each other. */
    public enum Strategy {
        /** Each group after the one before has succeeded; a failure stops the rollout. */
        HALT_ON_ERROR,
        /** Each group in its own window, independently. */
        TIME_BASED;

        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** When groups update. */
    public enum Schedule {
        REGULAR,
        IMMEDIATE;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Client tools update mode. */
    public enum ToolsMode {
        ENABLED,
        DISABLED;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A version written out or taken from a channel.
     *
     * @param version         the version
     * @param followedChannel the channel it was taken from ({@code follows:}), if any
     * @param location        where the version is written: the {@code target_version} value, or the followed
     *                        channel's {@code version}
     */
    public record TargetVersion(Version version, Optional<String> followedChannel, SourceLocation location) {
        public TargetVersion {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(location, "location");
        }

        /** {@code 17.2.1}, or {@code 17.2.1 (follows current)}. */
        @Override
        public String toString() {
            return version
                    + followedChannel
                            .map(channel -> " (follows " + channel + ")")
                            .orElse("");
        }
    }

    /**
     * One rollout group.
     *
     * @param name        the group agents join with {@code teleport-update enable --group NAME}
     * @param days        the days its window opens, in the order written; empty means every day ({@code "*"})
     * @param startHour   the UTC hour its window opens, 0 to 23
     * @param waitHours   hours to wait after the previous group before this one starts
     * @param canaryCount agents updated first as canaries (halt-on-error only), 0 to 5
     */
    public record Group(String name, List<DayOfWeek> days, int startHour, long waitHours, int canaryCount) {
        public Group {
            Objects.requireNonNull(name, "name");
            days = List.copyOf(days);
            if (startHour < 0 || startHour > 23 || waitHours < 0 || canaryCount < 0 || canaryCount > 5) {
                throw new IllegalArgumentException("group " + name + " is out of range");
            }
        }

        /** The days as Teleport's documentation writes them ({@code Mon}), or {@code *} for every day. */
        public List<String> dayNames() {
            return days.isEmpty()
                    ? List.of("*")
                    : days.stream().map(Group::shortDay).toList();
        }

        /** {@code Mon, Tue} or {@code every day}. */
        public String daysText() {
            return days.isEmpty() ? "every day" : String.join(", ", dayNames());
        }

        /** {@code Mon}: the three-letter name, as Teleport's documentation writes days. */
        public static String shortDay(DayOfWeek day) {
            return MaintenanceWindow.dayName(day).substring(0, 3);
        }
    }

    /**
     * Client tools managed updates.
     *
     * @param mode          whether tsh and tctl update themselves
     * @param targetVersion the version they update to
     */
    public record ClientTools(ToolsMode mode, TargetVersion targetVersion) {
        public ClientTools {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(targetVersion, "targetVersion");
        }
    }

    /**
     * The rollout in a few lines of plain text, the one description shared by the log, the status page and CI
     * summaries: mode, strategy, versions, then each group in order.
     */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("mode " + mode.word() + ", strategy " + strategy.word()
                + maintenanceWindow
                        .map(window -> " (window " + durationText(window) + ")")
                        .orElse("")
                + ", schedule " + schedule.word());
        lines.add("agents " + startVersion + " -> " + targetVersion);
        if (groups.isEmpty()) {
            lines.add("no groups: Teleport uses one group from cluster_maintenance_config, else 'default' "
                    + "(Mon-Thu 12:00 UTC)");
        }
        for (int i = 0; i < groups.size(); i++) {
            lines.add((i + 1) + ". " + describe(groups.get(i)));
        }
        tools.ifPresent(t -> lines.add("client tools " + t.mode().word() + ", target " + t.targetVersion()));
        return lines;
    }

    /** {@code dev: Mon, Tue at 04:00 UTC, wait 0 h, 2 canaries}; the name, any text Teleport takes, escaped. */
    public static String describe(Group group) {
        return String.format(
                Locale.ROOT,
                "%s: %s at %02d:00 UTC, wait %d h%s",
                LogText.escape(group.name()),
                group.daysText(),
                group.startHour(),
                group.waitHours(),
                group.canaryCount() == 0
                        ? ""
                        : ", " + group.canaryCount() + (group.canaryCount() == 1 ? " canary" : " canaries"));
    }

    /** {@code 2h}, {@code 90m}, {@code 45s}: the largest unit that divides it. */
    public static String durationText(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
