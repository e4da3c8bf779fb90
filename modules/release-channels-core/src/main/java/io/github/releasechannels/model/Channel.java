package io.github.releasechannels.model;

import java.util.Objects;

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
 */
public record Channel(String name, Version version, boolean critical, boolean allowDowngrade,
        SourceLocation location, SourceLocation versionLocation) {

    public Channel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(versionLocation, "versionLocation");
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
