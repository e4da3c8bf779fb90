// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.guard;

import io.github.releasechannels.model.SourceLocation;
import io.github.releasechannels.model.Version;
import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.text.LogText;
import java.util.Optional;

/**
 * How one Managed Updates v2 version changes between what was published and channels.yaml, for the plan.
 *
 * @param cluster  the cluster whose {@code managed_updates} it is ({@value Manifest#TOP_LEVEL_CLUSTER} for the
 *                 top-level section)
 * @param setting  {@code start_version}, {@code target_version} or {@code tools.target_version}
 * @param before   as published, escaped ({@link LogText#escape}): a manifest may hold any text; empty when none
 *                 was recorded
 * @param after    as channels.yaml declares it; empty when no longer declared
 * @param location where channels.yaml writes it
 */
public record RolloutChange(
        String cluster,
        String setting,
        Optional<String> before,
        Optional<Version> after,
        Optional<SourceLocation> location) {

    public RolloutChange {
        before = before.map(LogText::escape);
    }

    /** {@code managed_updates target_version}, or for a named cluster {@code clusters.prod.managed_updates ...}. */
    public String subject() {
        return (cluster.equals(Manifest.TOP_LEVEL_CLUSTER) ? "" : "clusters." + LogText.escape(cluster) + ".")
                + "managed_updates " + setting;
    }

    public boolean changed() {
        return !before.equals(after.map(Version::toString));
    }

    /** {@code managed_updates target_version: 17.2.1 → 17.2.2}, {@code ...: added (17.2.1)}, {@code unchanged}. */
    public String describe() {
        String change;
        if (before.isEmpty()) {
            change = "added (" + after.map(Version::toString).orElse("none") + ")";
        } else if (after.isEmpty()) {
            change = "removed (was " + before.get() + ")";
        } else if (!changed()) {
            change = "unchanged (" + before.get() + ")";
        } else {
            change = before.get() + " → " + after.get();
        }
        return subject() + ": " + change;
    }
}
