// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.failure;

/**
 * The input is wrong: channels.yaml, a parameter, a setting. The message lists every problem (with
 * {@code file:line:column} where the input is a file) and how to fix it; nothing was written or published. Maven
 * reports it as a build failure, the command line exits with {@link ExitCode#USER}.
 */
public class UserProblemException extends Exception {

    public UserProblemException(String message) {
        super(message);
    }

    public UserProblemException(String message, Throwable cause) {
        super(message, cause);
    }
}
