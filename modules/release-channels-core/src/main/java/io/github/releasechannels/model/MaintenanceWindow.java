// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.model;

import java.time.DayOfWeek;
import java.util.List;
import java.util.Locale;

/**
 * The cluster's agent maintenance window: one hour starting at {@code utcStartHour} on the given days.
 *
 * @param utcStartHour 0 to 23
 * @param weekdays     the days in the order written; empty means every day
 */
public record MaintenanceWindow(int utcStartHour, List<DayOfWeek> weekdays) {

    public MaintenanceWindow {
        if (utcStartHour < 0 || utcStartHour > 23) {
            throw new IllegalArgumentException("utcStartHour must be 0..23: " + utcStartHour);
        }
        weekdays = List.copyOf(weekdays);
    }

    /**
     * The full English name, {@code Monday}, exactly as Go's {@code time.Weekday.String()} prints it: Teleport
     * releases before 16.5.3 compare the stored day with that string, so a stored {@code Mon} never matches.
     */
    public static String dayName(DayOfWeek day) {
        String name = day.name();
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }
}
