// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.model;

import io.github.releasechannels.text.LogText;

/**
 * channels.yaml read at a git ref whose commit is not the work tree's {@code HEAD}: publishing it puts an earlier (or
 * other) commit's channels back in front of agents. Decided once, where the file is read, and recorded wherever the
 * publish is: the manifest, the git target's commit message, the log and the run report.
 *
 * @param ref        the ref as given in {@code releaseChannels.ref}
 * @param fromCommit the work tree's {@code HEAD}: what a normal publish would have published
 * @param toCommit   the commit {@code ref} resolves to: what is published instead
 */
public record Rollback(String ref, String fromCommit, String toCommit) {

    private static final int SHORT_ID = 12;

    /** {@code rollback to commit 0123456789ab (ref 'v1') from HEAD ba9876543210}, the ref escaped for logs. */
    public String describe() {
        return "rollback to commit " + shortId(toCommit) + " (ref '" + LogText.escape(ref) + "') from HEAD "
                + shortId(fromCommit);
    }

    private static String shortId(String commit) {
        return commit.length() > SHORT_ID ? commit.substring(0, SHORT_ID) : commit;
    }
}
