// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import io.github.releasechannels.failure.UserProblemException;

/**
 * A promote run that cannot go on as asked, such as a commit asked for a channels file that is not in a git
 * repository or has changes no commit holds; nothing was written. The message says why and what to do: the input
 * or the repository's state is to change, so it is the user's problem.
 */
public class PromoteRefusedException extends UserProblemException {

    public PromoteRefusedException(String message) {
        super(message);
    }
}
