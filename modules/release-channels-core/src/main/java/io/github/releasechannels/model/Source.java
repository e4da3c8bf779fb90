// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.model;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a {@code channels.yaml} was read from.
 *
 * @param file                 the file's path as shown to users (relative to the repository where possible)
 * @param commit               the commit the content belongs to, when the file is in a git repository
 * @param commitTime           that commit's committer time: a time of the source, so rendering stays deterministic
 * @param uncommittedChanges   true when the content was read from a working tree that differs from {@code commit}
 * @param rollback             present when the content was read at a git ref whose commit is not {@code HEAD}
 */
public record Source(
        String file,
        Optional<String> commit,
        Optional<Instant> commitTime,
        boolean uncommittedChanges,
        Optional<Rollback> rollback) {

    public Source {
        if (commitTime.isPresent() && commit.isEmpty()) {
            throw new IllegalArgumentException("a commit time without a commit");
        }
        if (rollback.isPresent() && !commit.equals(Optional.of(rollback.get().toCommit()))) {
            throw new IllegalArgumentException("a rollback to another commit than the source's");
        }
    }

    /** A source that is not a rollback. */
    public Source(String file, Optional<String> commit, Optional<Instant> commitTime, boolean uncommittedChanges) {
        this(file, commit, commitTime, uncommittedChanges, Optional.empty());
    }

    public static Source untracked(String file) {
        return new Source(file, Optional.empty(), Optional.empty(), false);
    }
}
