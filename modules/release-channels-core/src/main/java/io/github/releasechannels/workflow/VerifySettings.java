// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import java.util.Optional;

/**
 * The verify goal's settings.
 *
 * @param run         what every goal reads
 * @param target      the deploy target, only to tailor the advice on Cache-Control: verify never opens it
 * @param waitSeconds ask again until every channel is in sync or this many seconds have passed
 */
public record VerifySettings(RunSettings run, Optional<String> target, int waitSeconds) {

    /** A blank target counts as unset. */
    public VerifySettings {
        target = target.filter(t -> !t.isBlank());
    }
}
