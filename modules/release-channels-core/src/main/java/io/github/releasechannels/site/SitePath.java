// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.site;

import java.util.Optional;

/**
 * The one rule for a path inside a site, relative to its root: what a manifest read from a target may list and
 * what any target may be asked to read, write or delete. A path is made of non-empty segments separated by
 * {@code /}, none of them {@code .} or {@code ..}, with no backslash and no control character (NUL included), so
 * it names the same file on a directory, a bucket prefix, an SFTP server and a git tree, and never one outside.
 */
public final class SitePath {

    private SitePath() {}

    /** Why {@code path} is not a site path, or empty when it is one. */
    public static Optional<String> problem(String path) {
        if (path.isEmpty()) {
            return Optional.of("is empty");
        }
        if (path.startsWith("/")) {
            return Optional.of("starts with '/': a site path is relative to the site's root");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of("contains the control character " + String.format("U+%04X", (int) c));
            }
            if (c == '\\') {
                return Optional.of("contains a backslash, which some targets read as a separator");
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                return Optional.of("has an empty segment ('//' or a trailing '/')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("has a '" + segment + "' segment, which could lead outside the site");
            }
        }
        return Optional.empty();
    }
}
