// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import io.github.releasechannels.publish.TargetUri;
import java.util.Optional;

/**
 * The promote goal's settings.
 *
 * @param run    what every goal reads; the file is edited in the working tree, so no ref may be set
 * @param commit commit the edit (only the channels file) with a message recording each promotion
 * @param push   push the commit to the branch of the same name on {@code origin}, planning again when another run
 *               pushed first
 * @param at     the instant to plan for, as given (RFC 3339 with its offset); empty: now
 * @param serverId      the id of the front end's server entry whose password is the push's HTTPS token, as the git
 *                      target's {@code releaseChannels.serverId}
 * @param tokenVariable the environment variable holding the push's HTTPS token when no server matches, as the git
 *                      target's {@code releaseChannels.git.tokenVariable}
 */
public record PromoteSettings(
        RunSettings run,
        boolean commit,
        boolean push,
        Optional<String> at,
        Optional<String> serverId,
        String tokenVariable) {

    /** A blank instant, server id or variable counts as unset. */
    public PromoteSettings {
        at = at.map(String::trim).filter(a -> !a.isEmpty());
        serverId = serverId.map(String::trim).filter(id -> !id.isEmpty());
        tokenVariable = tokenVariable == null || tokenVariable.isBlank()
                ? TargetUri.DEFAULT_GIT_TOKEN_VARIABLE
                : tokenVariable.trim();
    }

    /** Settings of a run that takes its token, if it pushes, from the default variable. */
    public PromoteSettings(RunSettings run, boolean commit, boolean push, Optional<String> at) {
        this(run, commit, push, at, Optional.empty(), TargetUri.DEFAULT_GIT_TOKEN_VARIABLE);
    }
}
