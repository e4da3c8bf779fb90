// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.source;

import io.github.releasechannels.model.Source;
import java.util.Map;
import java.util.Optional;

/**
 * In CI, git is the truth: a deploy there publishes only what a commit holds. A channels file with changes no commit
 * holds (edited by an earlier step of the job, generated, or never committed) would publish versions no review saw
 * and no revert can undo, so it is refused unless the run says otherwise. Outside CI such a file is published with a
 * warning, and the status page and the manifest mark it.
 */
public final class GitTruth {

    /** The property that lets a CI deploy publish uncommitted changes anyway. */
    public static final String ALLOW_PROPERTY = "releaseChannels.allowUncommitted";

    private GitTruth() {}

    /** {@code CI=true}, as GitHub Actions, GitLab CI and most other CI systems set it in every job. */
    public static boolean inCi(Map<String, String> environment) {
        return "true".equalsIgnoreCase(String.valueOf(environment.get("CI")).trim());
    }

    /**
     * @param change what git says of the file's uncommitted change ({@code teleport/channels.yaml: modified}), if it
     *               could tell
     * @throws UncommittedChangesException in CI, unless allowed, when the file read differs from its commit
     */
    public static void requireCommitted(Source source, Optional<String> change, boolean inCi, boolean allowed)
            throws UncommittedChangesException {
        if (!inCi || allowed || !source.uncommittedChanges() || source.commit().isEmpty()) {
            return;
        }
        String commit = source.commit().get();
        String what = change.orElse(source.file() + ": not as commit " + commit + " holds it");
        throw new UncommittedChangesException(
                source.file(),
                what,
                commit,
                source.file() + " has changes that no "
                        + "commit holds (" + what + "; HEAD is commit " + commit
                        + "). In CI git is the truth: a deploy "
                        + "publishes only what a commit holds, so nothing was written or published. Commit the change and "
                        + "publish that commit, or set -D" + ALLOW_PROPERTY
                        + "=true to publish the working tree anyway.");
    }
}
