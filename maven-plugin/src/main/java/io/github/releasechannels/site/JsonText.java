package io.github.releasechannels.site;

/** JSON string literals, for the files this plugin writes by hand (the manifest, the reports). */
public final class JsonText {

    private JsonText() {
    }

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
