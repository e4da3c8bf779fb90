package io.github.releasechannels.site;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * A JSON string literal outside a document {@link JsonOutput} writes: the YAML double-quoted scalars of the cluster
 * resources, a value quoted in a message. jackson-core's escaper, the one {@link JsonOutput} writes with.
 */
public final class JsonText {

    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

    private JsonText() {
    }

    /**
     * {@code value} as a JSON string: quotes, backslashes and control characters escaped ({@code \n}, {@code \t}
     * and the like in their short form, the others as a backslash, {@code u} and four hex digits).
     */
    public static String quote(String value) {
        return '"' + new String(ENCODER.quoteAsString(value)) + '"';
    }
}
