// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import java.util.Locale;

/** How bad a finding is: an error stops the goal, a warning does not. */
public enum Severity {
    ERROR,
    WARNING;

    /** {@code error}, {@code warning}: the word in the JSON report. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
