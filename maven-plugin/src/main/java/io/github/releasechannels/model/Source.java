package io.github.releasechannels.model;

import java.util.Optional;

/**
 * Where a {@code channels.yaml} was read from.
 *
 * @param file                 the file's path as shown to users (relative to the repository where possible)
 * @param commit               the commit the content belongs to, when the file is in a git repository
 * @param uncommittedChanges   true when the content was read from a working tree that differs from {@code commit}
 */
public record Source(String file, Optional<String> commit, boolean uncommittedChanges) {

    public static Source untracked(String file) {
        return new Source(file, Optional.empty(), false);
    }
}
