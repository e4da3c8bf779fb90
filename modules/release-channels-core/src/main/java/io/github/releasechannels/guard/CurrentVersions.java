// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.guard;

import io.github.releasechannels.model.ChannelState;
import io.github.releasechannels.site.Manifest;
import java.util.Collection;
import java.util.Map;

/** Where what each channel serves now comes from when the target holds no manifest: the live site. */
@FunctionalInterface
public interface CurrentVersions {

    CurrentVersions UNKNOWN = channels -> Map.of();

    /** The current state of each of {@code channels} that has one; channels that are new are absent. */
    Map<String, ChannelState> of(Collection<String> channels);

    /**
     * The Managed Updates v2 versions published, by cluster, as the live site's manifest records them; empty when
     * it records none or cannot be read.
     */
    default Map<String, Manifest.RolloutVersions> rollouts() {
        return Map.of();
    }
}
