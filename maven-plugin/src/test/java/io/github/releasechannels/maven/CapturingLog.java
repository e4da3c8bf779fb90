// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.maven.plugin.logging.SystemStreamLog;

/** Maven's console log that also keeps every line, for assertions. */
final class CapturingLog extends SystemStreamLog {

    final List<String> lines;

    CapturingLog() {
        this(new CopyOnWriteArrayList<>());
    }

    /** A log that adds its lines to {@code lines}, e.g. one stream with what the goal prints elsewhere. */
    CapturingLog(List<String> lines) {
        this.lines = lines;
    }

    @Override
    public void info(CharSequence content) {
        lines.add("[INFO] " + content);
        super.info(content);
    }

    @Override
    public void warn(CharSequence content) {
        lines.add("[WARNING] " + content);
        super.warn(content);
    }

    @Override
    public void error(CharSequence content) {
        lines.add("[ERROR] " + content);
        super.error(content);
    }

    String text() {
        return String.join("\n", lines);
    }
}
