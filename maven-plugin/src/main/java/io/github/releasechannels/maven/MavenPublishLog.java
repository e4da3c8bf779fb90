// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import io.github.releasechannels.publish.PublishLog;
import org.apache.maven.plugin.logging.Log;

/** Maven's log behind the core's logging interface. */
final class MavenPublishLog implements PublishLog {

    private final Log log;

    MavenPublishLog(Log log) {
        this.log = log;
    }

    @Override
    public void info(String message) {
        log.info(message);
    }

    @Override
    public void warn(String message) {
        log.warn(message);
    }

    @Override
    public void debug(String message) {
        log.debug(message);
    }
}
