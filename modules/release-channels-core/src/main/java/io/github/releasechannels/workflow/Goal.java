// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import java.util.Locale;

/** The goals a front end runs, one use case each. */
public enum Goal {
    CHECK,
    GENERATE,
    DEPLOY,
    VERIFY,
    SERVE,
    PROMOTE;

    /** The goal's name on the command line and in reports, e.g. {@code deploy}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
