package io.github.releasechannels.site;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * JSON string literals for every JSON this plugin writes (the manifest, the run report, GitLab's Code Quality
 * report) and the YAML double-quoted scalars of the cluster resources: one escaper, jackson-core's, the library
 * that also reads them back.
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
