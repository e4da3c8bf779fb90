// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import io.github.releasechannels.model.SourceLocation;
import io.github.releasechannels.text.LogText;
import java.util.Comparator;
import java.util.List;

/**
 * One thing wrong with an input file: where, what, and how to fix it.
 *
 * <p>Values from the file are quoted into messages; control and formatting characters (newlines, escape sequences,
 * right-to-left overrides) are shown as {@code \\uXXXX} so a hostile file cannot forge or hide lines of the log.
 *
 * @param location where the problem is
 * @param message  what is wrong, naming the bad value
 * @param fix      how to fix it
 */
public record Problem(SourceLocation location, String message, String fix) {

    /** File order: problems of the whole file first, then by line and column; found order among equals. */
    public static final Comparator<Problem> IN_FILE_ORDER = Comparator.comparingInt(
                    (Problem problem) -> problem.location().line())
            .thenComparingInt(problem -> problem.location().column());

    /** {@code problems} sorted {@link #IN_FILE_ORDER}. */
    public static List<Problem> inFileOrder(List<Problem> problems) {
        return problems.stream().sorted(IN_FILE_ORDER).toList();
    }

    /** Longest value quoted in a message before it is cut. */
    static final int MAX_SHOWN = 80;

    public Problem {
        message = LogText.escape(message);
        fix = LogText.escape(fix);
    }

    /** A value from the file as quoted in a message: cut to {@value #MAX_SHOWN} characters. */
    static String shorten(String value) {
        return value.length() <= MAX_SHOWN
                ? value
                : value.substring(0, MAX_SHOWN - 1) + "… (" + value.length() + " characters)";
    }

    /** {@code channels.yaml:3:14: what is wrong — how to fix it}. */
    @Override
    public String toString() {
        return location + ": " + message + " — " + fix;
    }
}
