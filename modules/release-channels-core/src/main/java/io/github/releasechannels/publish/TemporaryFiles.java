// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The names under which stores stage a file before renaming it into place ({@code .version.tmp-<uuid>}) or set the
 * old one aside ({@code .version.old-<uuid>}): dot-files that web servers configured as documented do not serve.
 * A run killed mid-write leaves them behind; the next publish removes those of the files it covers.
 */
public final class TemporaryFiles {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private TemporaryFiles() {}

    /** A fresh name to stage {@code name} under, in the same directory. */
    public static String staging(String name) {
        return "." + name + ".tmp-" + UUID.randomUUID();
    }

    /** A fresh name to set the old {@code name} aside under while replacing it in two steps. */
    public static String aside(String name) {
        return "." + name + ".old-" + UUID.randomUUID();
    }

    /** Whether {@code candidate} is a staging or aside name of {@code name}, and nothing else. */
    public static boolean isTemporaryOf(String candidate, String name) {
        return Pattern.matches(Pattern.quote("." + name) + "\\.(tmp|old)-" + UUID_PATTERN, candidate);
    }
}
