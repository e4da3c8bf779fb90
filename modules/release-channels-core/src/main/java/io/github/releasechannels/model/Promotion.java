// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.model;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How a channel takes its version from another one: {@code promote: {from: canary, after: 48h}} in channels.yaml.
 *
 * @param from        the source channel
 * @param after       how long the source must have served its version before it is taken; at least {@link #MIN_AFTER}
 * @param within      the boundary a promotion never crosses on its own
 * @param prereleases whether a pre-release may be promoted into a channel that holds a release
 * @param location    where {@code promote:} is declared, for messages
 */
public record Promotion(String from, Duration after, Within within, boolean prereleases, SourceLocation location) {

    /** The shortest soak: a shorter one would promote before an hourly scheduled run could even look. */
    public static final Duration MIN_AFTER = Duration.ofHours(1);

    public Promotion {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(within, "within");
        Objects.requireNonNull(location, "location");
        if (after.compareTo(MIN_AFTER) < 0) {
            throw new IllegalArgumentException("a soak shorter than 1h: " + after);
        }
    }

    /** The boundary a promotion never crosses automatically, counted from the target's version. */
    public enum Within {
        /** Only versions of the target's major: 17.2.1 may go to 17.9.0, never to 18.0.0. */
        MAJOR,
        /** Only versions of the target's major and minor: 17.2.1 may go to 17.2.4, never to 17.3.0. */
        MINOR,
        /** Any higher version. */
        ANY;

        /** The word written in channels.yaml, such as {@code major}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether {@code to} stays inside this boundary around {@code from}. */
        public boolean allows(Version from, Version to) {
            return switch (this) {
                case MAJOR -> from.major().equals(to.major());
                case MINOR -> from.major().equals(to.major()) && from.minor().equals(to.minor());
                case ANY -> true;
            };
        }

        /** The line a version belongs to under this boundary: {@code 16.x} or {@code 17.2.x}. */
        public String line(Version version) {
            return switch (this) {
                case MAJOR -> version.major() + ".x";
                case MINOR -> version.major() + "." + version.minor() + ".x";
                case ANY -> version.toString();
            };
        }
    }
}
