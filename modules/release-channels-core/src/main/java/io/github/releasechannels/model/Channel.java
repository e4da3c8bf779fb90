// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.model;

import java.util.Objects;
import java.util.Optional;

/**
 * One release channel: the version agents subscribed to it should run, and whether they must update outside the
 * maintenance window.
 *
 * @param name     the channel path, such as {@code stable/cloud}
 * @param version  the target version
 * @param critical       whether the update ignores the maintenance window
 * @param allowDowngrade whether a publish may lower the version agents are served (they follow it down)
 * @param location       where the channel is declared, for messages
 * @param versionLocation where its version is written: what a pull request changes, where a downgrade is shown
 * @param promotion      where the channel takes its version from ({@code promote:}), if anywhere
 * @param hold           why the channel is held in place ({@code hold:}), if it is
 */
public record Channel(
        String name,
        Version version,
        boolean critical,
        boolean allowDowngrade,
        SourceLocation location,
        SourceLocation versionLocation,
        Optional<Promotion> promotion,
        Optional<Hold> hold) {

    public Channel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(versionLocation, "versionLocation");
        Objects.requireNonNull(promotion, "promotion");
        Objects.requireNonNull(hold, "hold");
    }

    /** Path of the {@code version} file relative to the site root. */
    public String versionPath() {
        return name + "/version";
    }

    /** Path of the {@code critical} file relative to the site root. */
    public String criticalPath() {
        return name + "/critical";
    }
}
