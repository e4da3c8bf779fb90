// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.model;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A time when no version changes ({@code freezes:} in channels.yaml): no promotion, and no hand change that is not
 * critical.
 *
 * @param reason   the freeze's name, as written, such as {@code year-end change freeze}
 * @param window   when it applies
 * @param location where the freeze is declared
 */
public record Freeze(String reason, Window window, SourceLocation location) {

    public Freeze {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(location, "location");
    }

    /** When a freeze applies. */
    public sealed interface Window permits Period, Weekdays {

        /** Whether {@code instant} is inside the window. */
        boolean covers(Instant instant);

        /** The first instant after {@code instant} the window does not cover, when it covers {@code instant}. */
        Optional<Instant> endAfter(Instant instant);
    }

    /**
     * From one instant (included) until another (excluded); a date in channels.yaml is its 00:00 UTC, so
     * {@code until: 2027-01-04} ends as 2027-01-04 begins.
     */
    public record Period(Instant from, Instant until) implements Window {
        public Period {
            if (!until.isAfter(from)) {
                throw new IllegalArgumentException("a freeze that ends before it starts: " + from + " " + until);
            }
        }

        @Override
        public boolean covers(Instant instant) {
            return !instant.isBefore(from) && instant.isBefore(until);
        }

        @Override
        public Optional<Instant> endAfter(Instant instant) {
            return Optional.of(until);
        }
    }

    /** Whole UTC days of the week, every week. */
    public record Weekdays(List<DayOfWeek> days) implements Window {
        public Weekdays {
            days = List.copyOf(days);
            if (days.isEmpty()) {
                throw new IllegalArgumentException("a weekday freeze without days");
            }
        }

        @Override
        public boolean covers(Instant instant) {
            return days.contains(instant.atZone(ZoneOffset.UTC).getDayOfWeek());
        }

        /** Empty when every day of the week is frozen. */
        @Override
        public Optional<Instant> endAfter(Instant instant) {
            if (EnumSet.copyOf(days).size() == DayOfWeek.values().length) {
                return Optional.empty();
            }
            LocalDate day = instant.atZone(ZoneOffset.UTC).toLocalDate();
            while (days.contains(day.getDayOfWeek())) {
                day = day.plusDays(1);
            }
            return Optional.of(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        }
    }

    public boolean covers(Instant instant) {
        return window.covers(instant);
    }

    /**
     * When it applies, as the status page and the job summary show it: {@code from 2026-12-18 00:00:00 UTC until
     * 2027-01-04 00:00:00 UTC} or {@code every Saturday, Sunday (whole UTC days)}.
     */
    public String windowText() {
        if (window instanceof Period period) {
            return "from " + WINDOW_TIME.format(period.from()) + " until " + WINDOW_TIME.format(period.until());
        }
        return "every "
                + ((Weekdays) window)
                        .days().stream().map(MaintenanceWindow::dayName).collect(Collectors.joining(", "))
                + " (whole UTC days)";
    }

    private static final DateTimeFormatter WINDOW_TIME = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** {@code 'year-end change freeze' (channels.yaml:21)}: how messages name a freeze. */
    public String describe() {
        return "'" + reason + "' (" + location.file() + ":" + location.line() + ")";
    }

    /** The freezes of {@code freezes} that cover {@code instant}, in the order declared. */
    public static List<Freeze> covering(List<Freeze> freezes, Instant instant) {
        return freezes.stream().filter(freeze -> freeze.covers(instant)).toList();
    }

    /**
     * The first instant at or after {@code instant} that no freeze covers, passing freezes that follow each other
     * or overlap; empty when there is none (every weekday frozen).
     */
    public static Optional<Instant> firstOpen(List<Freeze> freezes, Instant instant) {
        Instant at = instant;
        // Each step passes the end of a period or of a run of frozen weekdays; weekday freezes that together cover
        // the whole week would step forever, which the bound ends (and then nothing is open).
        for (int step = 0; step <= (freezes.size() + 1) * 8; step++) {
            Instant now = at;
            Optional<Freeze> covering =
                    freezes.stream().filter(freeze -> freeze.covers(now)).findFirst();
            if (covering.isEmpty()) {
                return Optional.of(at);
            }
            Optional<Instant> end = covering.get().window().endAfter(at);
            if (end.isEmpty()) {
                return Optional.empty();
            }
            at = end.get();
        }
        return Optional.empty();
    }
}
