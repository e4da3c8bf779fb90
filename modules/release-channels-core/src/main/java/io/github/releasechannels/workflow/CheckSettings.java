// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import java.util.Optional;

/**
 * The check goal's settings.
 *
 * @param run            what every goal reads
 * @param target         the deploy target, only named in advice: check never opens it
 * @param allowDowngrade accept a channel whose version goes down from what the live site serves
 * @param ignoreFreeze   accept a version change inside a freeze of channels.yaml, with a warning
 */
public record CheckSettings(RunSettings run, Optional<String> target, boolean allowDowngrade, boolean ignoreFreeze) {

    /** A blank target counts as unset. */
    public CheckSettings {
        target = target.map(String::trim).filter(t -> !t.isEmpty());
    }
}
