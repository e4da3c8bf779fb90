// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import io.github.releasechannels.model.Version;
import java.util.Optional;

/**
 * Whether a source channel is served as git says: a promotion waits while agents of the source are not yet told its
 * version (a publish that failed or a cache still serving the old one), as {@code verify} checks it.
 */
@FunctionalInterface
public interface SourceServing {

    /** No site to check: the history alone decides. */
    SourceServing NOT_CHECKED = (channel, version) -> Optional.empty();

    /**
     * Empty when {@code channel} is served in sync with {@code version}; otherwise what is served instead, such as
     * {@code https://updates.example.com/canary/version answers 17.2.0}.
     */
    Optional<String> notServing(String channel, Version version);
}
