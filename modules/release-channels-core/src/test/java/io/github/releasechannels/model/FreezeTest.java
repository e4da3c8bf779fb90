// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a freeze applies and when the first unfrozen moment comes. */
class FreezeTest {

    private static final SourceLocation AT = new SourceLocation("channels.yaml", 21, 5);
    private static final Freeze YEAR_END = new Freeze(
            "year-end change freeze",
            new Freeze.Period(Instant.parse("2026-12-18T00:00:00Z"), Instant.parse("2027-01-04T00:00:00Z")),
            AT);
    private static final Freeze WEEKENDS =
            new Freeze("no weekend changes", new Freeze.Weekdays(List.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY)), AT);

    @Test
    void aPeriodIncludesItsStartAndNotItsEnd() {
        assertFalse(YEAR_END.covers(Instant.parse("2026-12-17T23:59:59Z")));
        assertTrue(YEAR_END.covers(Instant.parse("2026-12-18T00:00:00Z")));
        assertTrue(YEAR_END.covers(Instant.parse("2027-01-03T23:59:59.999Z")));
        assertFalse(YEAR_END.covers(Instant.parse("2027-01-04T00:00:00Z")));
    }

    @Test
    void weekdaysCoverWholeUtcDays() {
        assertFalse(WEEKENDS.covers(Instant.parse("2026-12-11T23:59:59Z")), "Friday");
        assertTrue(WEEKENDS.covers(Instant.parse("2026-12-12T00:00:00Z")), "Saturday");
        assertTrue(WEEKENDS.covers(Instant.parse("2026-12-13T23:59:59Z")), "Sunday");
        assertEquals(
                Optional.of(Instant.parse("2026-12-14T00:00:00Z")),
                WEEKENDS.window().endAfter(Instant.parse("2026-12-12T10:00:00Z")),
                "Monday 00:00 UTC");
    }

    @Test
    void theFirstOpenMomentPassesFreezesThatFollowEachOther() {
        // The year-end freeze ends on Monday 2027-01-04; with a freeze of Mondays too, the first open moment is
        // Tuesday; from Saturday 2027-01-02 both the weekend and the period must be passed.
        Freeze mondays = new Freeze("no Monday changes", new Freeze.Weekdays(List.of(DayOfWeek.MONDAY)), AT);
        assertEquals(
                Optional.of(Instant.parse("2027-01-05T00:00:00Z")),
                Freeze.firstOpen(List.of(WEEKENDS, YEAR_END, mondays), Instant.parse("2027-01-02T12:00:00Z")));
        assertEquals(
                Optional.of(Instant.parse("2026-12-16T09:00:00Z")),
                Freeze.firstOpen(List.of(WEEKENDS, YEAR_END), Instant.parse("2026-12-16T09:00:00Z")),
                "not frozen: the moment itself");
    }

    @Test
    void weekdayFreezesThatCoverTheWholeWeekNeverOpen() {
        Freeze workdays = new Freeze(
                "no weekday changes",
                new Freeze.Weekdays(List.of(
                        DayOfWeek.MONDAY,
                        DayOfWeek.TUESDAY,
                        DayOfWeek.WEDNESDAY,
                        DayOfWeek.THURSDAY,
                        DayOfWeek.FRIDAY)),
                AT);
        assertEquals(
                Optional.empty(), Freeze.firstOpen(List.of(WEEKENDS, workdays), Instant.parse("2026-12-16T09:00:00Z")));
        assertEquals(Optional.empty(), new Freeze.Weekdays(List.of(DayOfWeek.values())).endAfter(Instant.EPOCH));
    }

    @Test
    void aPeriodEndsAfterItStarts() {
        Instant at = Instant.parse("2026-12-18T00:00:00Z");
        assertThrows(IllegalArgumentException.class, () -> new Freeze.Period(at, at));
    }

    @Test
    void describeNamesTheFreezeAndItsLine() {
        assertEquals("'year-end change freeze' (channels.yaml:21)", YEAR_END.describe());
    }
}
