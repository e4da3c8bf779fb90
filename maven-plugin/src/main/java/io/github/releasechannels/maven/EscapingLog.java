// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import io.github.releasechannels.text.LogText;
import org.apache.maven.plugin.logging.Log;

/**
 * Maven's log with every line escaped by {@link LogText#escapeLines}: the last guard between text from outside the
 * plugin and a CI runner that reads the log for commands. Values are escaped where they are quoted; this keeps a
 * value that was not from starting a command on a line of its own.
 */
final class EscapingLog implements Log {

    private final Log log;

    EscapingLog(Log log) {
        this.log = log;
    }

    private static String escaped(CharSequence content) {
        return LogText.escapeLines(String.valueOf(content));
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }

    @Override
    public void debug(CharSequence content) {
        log.debug(escaped(content));
    }

    @Override
    public void debug(CharSequence content, Throwable error) {
        log.debug(escaped(content), error);
    }

    @Override
    public void debug(Throwable error) {
        log.debug(error);
    }

    @Override
    public boolean isInfoEnabled() {
        return log.isInfoEnabled();
    }

    @Override
    public void info(CharSequence content) {
        log.info(escaped(content));
    }

    @Override
    public void info(CharSequence content, Throwable error) {
        log.info(escaped(content), error);
    }

    @Override
    public void info(Throwable error) {
        log.info(error);
    }

    @Override
    public boolean isWarnEnabled() {
        return log.isWarnEnabled();
    }

    @Override
    public void warn(CharSequence content) {
        log.warn(escaped(content));
    }

    @Override
    public void warn(CharSequence content, Throwable error) {
        log.warn(escaped(content), error);
    }

    @Override
    public void warn(Throwable error) {
        log.warn(error);
    }

    @Override
    public boolean isErrorEnabled() {
        return log.isErrorEnabled();
    }

    @Override
    public void error(CharSequence content) {
        log.error(escaped(content));
    }

    @Override
    public void error(CharSequence content, Throwable error) {
        log.error(escaped(content), error);
    }

    @Override
    public void error(Throwable error) {
        log.error(error);
    }
}
