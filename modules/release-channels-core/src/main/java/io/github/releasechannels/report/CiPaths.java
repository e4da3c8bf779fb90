// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import io.github.releasechannels.model.SourceLocation;
import java.nio.file.Path;

/** Paths as a CI system wants them: relative to its checkout (GITHUB_WORKSPACE, CI_PROJECT_DIR), with slashes. */
final class CiPaths {

    private CiPaths() {}

    /**
     * The path of {@code location}'s file relative to {@code root}. Locations in the channels file are made relative
     * from its real path, so {@code -DreleaseChannels.file=teleport/channels.yaml} or a project in a sub-folder
     * still points at the right file; anything else is shown as it is.
     */
    static String relative(RunReport report, SourceLocation location, Path root) {
        if (!location.file().equals(report.file())) {
            return location.file();
        }
        Path file = report.channelsFile().toAbsolutePath().normalize();
        Path base = root.toAbsolutePath().normalize();
        if (!file.startsWith(base)) {
            return report.file();
        }
        return base.relativize(file).toString().replace('\\', '/');
    }
}
