// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import java.util.Optional;

/**
 * The promote goal's settings.
 *
 * @param run    what every goal reads; the file is edited in the working tree, so no ref may be set
 * @param commit commit the edit (only the channels file) with a message recording each promotion
 * @param push   push the commit to the branch of the same name on {@code origin}, planning again when another run
 *               pushed first
 * @param at     the instant to plan for, as given (RFC 3339 with its offset); empty: now
 */
public record PromoteSettings(RunSettings run, boolean commit, boolean push, Optional<String> at) {

    /** A blank instant counts as unset. */
    public PromoteSettings {
        at = at.map(String::trim).filter(a -> !a.isEmpty());
    }
}
