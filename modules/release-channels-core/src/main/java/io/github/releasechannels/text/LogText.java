// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.text;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The one escaping of text that came from outside the plugin (channels.yaml, a target's manifest and files, a
 * server's answer, git refs, exception messages quoting any of them) before it goes into a log line, an exception
 * message, a CI annotation or a job summary cell. Nothing from outside can then forge, hide or end a line, or be
 * taken for a command by the GitHub Actions runner:
 *
 * <ul>
 *   <li>control, formatting, separator, surrogate and unassigned characters (CR, LF, ESC, U+2028, right-to-left
 *       overrides) are written visibly as {@code \\uXXXX};</li>
 *   <li>{@code ##[}, the runner's older command form, which it finds anywhere in a line, becomes
 *       {@code ##\\u005B};</li>
 *   <li>{@code ::} at the start, after any spaces (the runner trims every white space before it looks for a
 *       {@code ::command::}), becomes {@code \\u003A:}.</li>
 * </ul>
 *
 * <p>Escaping is idempotent: escaped text stays as it is, so a value may pass more than once. Markdown and HTML are
 * escaped on top of this by the job summary; redaction of URLs is {@code url.UrlParts}'s, a separate rule.
 */
public final class LogText {

    /** The runner's older command form; it looks for it anywhere in a line. */
    static final String OLD_COMMAND_PREFIX = "##[";
    /** The runner's command form; it looks for it at the start of a line, after white space. */
    static final String COMMAND_PREFIX = "::";

    private LogText() {}

    /** {@code text} safe for one line of a log, an annotation or a summary cell. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            if (invisible(codePoint)) {
                out.append(String.format("\\u%04X", codePoint));
            } else {
                out.appendCodePoint(codePoint);
            }
        });
        for (int at = out.indexOf(OLD_COMMAND_PREFIX); at >= 0; at = out.indexOf(OLD_COMMAND_PREFIX, at + 1)) {
            out.replace(at + 2, at + 3, "\\u005B");
        }
        int start = 0;
        while (start < out.length() && Character.getType(out.charAt(start)) == Character.SPACE_SEPARATOR) {
            start++;
        }
        if (out.indexOf(COMMAND_PREFIX, start) == start) {
            out.replace(start, start + 1, "\\u003A");
        }
        return out.toString();
    }

    /**
     * A message of several lines of the plugin's own (a list of problems, reasons after a heading) with outside
     * text in them: each line escaped as {@link #escape}, the line breaks kept as {@code \n}. What a value should
     * have escaped and did not can then still not start a command on a line of its own.
     */
    public static String escapeLines(String message) {
        return Arrays.stream(message.split("\\R", -1)).map(LogText::escape).collect(Collectors.joining("\n"));
    }

    /**
     * Whether {@link #escape} writes {@code codePoint} as {@code \\uXXXX}: a control, formatting, separator,
     * surrogate or unassigned character, which has no place in a name a log shows.
     */
    public static boolean invisible(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.UNASSIGNED
                || type == Character.SURROGATE;
    }
}
