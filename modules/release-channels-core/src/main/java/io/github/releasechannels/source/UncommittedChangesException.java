// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.source;

import io.github.releasechannels.failure.UserProblemException;

/**
 * A deploy in CI was given a channels file that differs from the commit it is in: git is the truth there, so
 * nothing is published. Carries the file, what git says of it and the commit.
 */
public final class UncommittedChangesException extends UserProblemException {

    private final String file;
    private final String change;
    private final String commit;

    UncommittedChangesException(String file, String change, String commit, String message) {
        super(message);
        this.file = file;
        this.change = change;
        this.commit = commit;
    }

    /** The channels file as named in messages. */
    public String file() {
        return file;
    }

    /** What git says of it, e.g. {@code teleport/channels.yaml: modified}. */
    public String change() {
        return change;
    }

    /** The commit it differs from ({@code HEAD}). */
    public String commit() {
        return commit;
    }
}
