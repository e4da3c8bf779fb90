// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.verify;

import io.github.releasechannels.model.Version;
import io.github.releasechannels.text.LogText;
import java.util.Locale;
import java.util.Optional;

/**
 * How Teleport's updaters read the two bodies: surrounding white space is ignored, a {@code version} may start with
 * {@code v}, a {@code critical} is {@code yes}/{@code true} or {@code no}/{@code false} in any case.
 */
final class AgentRules {

    /** The body an agent reads as "no version". */
    static final String NO_VERSION = "none";

    private AgentRules() {}

    /** The version agents read from {@code body}; empty for {@code none}. */
    static Optional<Version> version(String body) throws BadBodyException {
        String trimmed = body.strip();
        if (trimmed.equals(NO_VERSION)) {
            return Optional.empty();
        }
        Optional<Version> version = Version.parse(trimmed);
        if (version.isEmpty()) {
            throw new BadBodyException(
                    "the body " + quote(trimmed) + " is not a semantic version, so agents " + "cannot read it");
        }
        return version;
    }

    static boolean critical(String body) throws BadBodyException {
        String trimmed = body.strip().toLowerCase(Locale.ROOT);
        if (trimmed.equals("yes") || trimmed.equals("true")) {
            return true;
        }
        if (trimmed.equals("no") || trimmed.equals("false")) {
            return false;
        }
        throw new BadBodyException(
                "the body " + quote(body.strip()) + " is neither yes nor no, so agents read an " + "error");
    }

    /** A short, escaped form of a body that may be an HTML error page or hostile. */
    static String quote(String text) {
        return "'" + LogText.escape(text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'";
    }

    /** A body agents cannot read. */
    static final class BadBodyException extends Exception {
        BadBodyException(String message) {
            super(message);
        }
    }
}
