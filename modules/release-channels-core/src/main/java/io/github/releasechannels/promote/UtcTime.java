// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Instants as promotion messages write them: {@code 2026-12-09 10:00 UTC}. */
public final class UtcTime {

    private static final DateTimeFormatter MINUTES =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private UtcTime() {}

    /** A past moment, to the minute it falls in. */
    public static String at(Instant instant) {
        return MINUTES.format(instant);
    }

    /** A moment something becomes due, rounded up to the minute: at the minute shown, it is due. */
    public static String due(Instant instant) {
        Instant minute = instant.truncatedTo(ChronoUnit.MINUTES);
        return MINUTES.format(minute.equals(instant) ? minute : minute.plus(1, ChronoUnit.MINUTES));
    }
}
