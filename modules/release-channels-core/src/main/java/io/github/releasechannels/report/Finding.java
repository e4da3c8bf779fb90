// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import io.github.releasechannels.config.Problem;
import io.github.releasechannels.guard.Downgrade;

/**
 * One thing a CI system shows on a line of channels.yaml: a problem of the file, or a downgrade.
 *
 * @param severity whether it stopped the goal
 * @param check    what found it: {@value #CHANNELS_FILE} or {@value #DOWNGRADE}
 * @param problem  where, what, and how to fix it
 */
public record Finding(Severity severity, String check, Problem problem) {

    /** A problem of channels.yaml itself. */
    public static final String CHANNELS_FILE = "channels-file";
    /** A channel whose version goes down from what agents get now. */
    public static final String DOWNGRADE = "downgrade";

    public static Finding of(Problem problem) {
        return new Finding(Severity.ERROR, CHANNELS_FILE, problem);
    }

    /** A refused downgrade is an error, an allowed one a warning; both on the channel's line. */
    public static Finding of(Downgrade downgrade) {
        return new Finding(
                downgrade.allowed() ? Severity.WARNING : Severity.ERROR,
                DOWNGRADE,
                new Problem(downgrade.location(), downgrade.message(), downgrade.fix()));
    }

    /** A short title for an annotation. */
    public String title() {
        return switch (check) {
            case DOWNGRADE -> severity == Severity.ERROR ? "Downgrade refused" : "Downgrade allowed";
            default -> "Invalid channels.yaml";
        };
    }
}
