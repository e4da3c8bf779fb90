// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.cli;

import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.text.LogText;
import java.io.PrintStream;

/**
 * The run's log on standard error, every line escaped as the Maven log's: the messages quote values from outside
 * (channels.yaml, a server's answer), which must not start a CI runner's command.
 */
final class ConsoleLog implements PublishLog {

    private final PrintStream err;
    private final boolean debug;

    ConsoleLog(PrintStream err, boolean debug) {
        this.err = err;
        this.debug = debug;
    }

    @Override
    public void info(String message) {
        err.println(LogText.escapeLines(message));
    }

    @Override
    public void warn(String message) {
        err.println("warning: " + LogText.escapeLines(message));
    }

    @Override
    public void debug(String message) {
        if (debug) {
            err.println("debug: " + LogText.escapeLines(message));
        }
    }
}
