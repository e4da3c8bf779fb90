package io.github.releasechannels.text;

/**
 * Untrusted text as it may go into a log line or a message: control, formatting, separator and unassigned
 * characters (newlines, escape sequences, right-to-left overrides) written as {@code \\uXXXX}, so a hostile file,
 * file name or request cannot forge or hide lines of the log. The one escaping the plugin uses.
 */
public final class LogText {

    private LogText() {
    }

    public static String escapeInvisible(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            int type = Character.getType(codePoint);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED) {
                out.append(String.format("\\u%04X", codePoint));
            } else {
                out.appendCodePoint(codePoint);
            }
        });
        return out.toString();
    }
}
