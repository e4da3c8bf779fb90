// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.model;

import java.util.Objects;

/**
 * A channel held in place ({@code hold: "reason"} in channels.yaml): nothing is promoted out of it or into it until
 * the hold is removed.
 *
 * @param reason   why, as written; shown wherever the hold stops a promotion
 * @param location where {@code hold:} is declared
 */
public record Hold(String reason, SourceLocation location) {

    public Hold {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(location, "location");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("a hold without a reason");
        }
    }
}
