// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import java.time.Duration;

/** Soaks and waits as messages write them: {@code 45 min}, {@code 1 h 30 min}, {@code 31 h}, {@code 7 d}. */
final class Durations {

    private static final long DAYS_FROM_HOURS = 72;

    private Durations() {}

    /** Rounded down to the minute; days from 72 hours on, minutes below 10 hours. */
    static String text(Duration duration) {
        long minutes = Math.max(0, duration.toMinutes());
        long hours = minutes / 60;
        if (hours == 0) {
            return minutes + " min";
        }
        if (hours < 10 && minutes % 60 > 0) {
            return hours + " h " + minutes % 60 + " min";
        }
        if (hours < DAYS_FROM_HOURS) {
            return hours + " h";
        }
        return hours / 24 + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
    }
}
