// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.model;

/**
 * A place in a source file, 1-based, as editors and compilers print it: {@code file:line:column}.
 */
public record SourceLocation(String file, int line, int column) {

    /** A location that names only the file, for problems that belong to no single line. */
    public static SourceLocation wholeFile(String file) {
        return new SourceLocation(file, 0, 0);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column : file;
    }
}
