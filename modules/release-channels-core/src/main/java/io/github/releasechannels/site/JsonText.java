// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.site;

/**
 * A string quoted as JSON outside a document {@link JsonOutput} writes: a value in a message, a YAML double-quoted
 * scalar of the cluster resources. A control character is always a backslash and {@code u00xx}, so a quoted value
 * reads the same in a log line, a YAML file and a JSON one.
 */
public final class JsonText {

    private JsonText() {}

    /** {@code value} as a JSON string: quotes, backslashes and control characters escaped. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
