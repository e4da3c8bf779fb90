// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.failure;

import java.io.IOException;

/**
 * The input is right but the run could not complete: a file that cannot be read or written, a server that fails or
 * refuses. The message names the cause and what to check. An {@link IOException}, so the I/O code that raises it
 * needs no second path. Maven reports it as an execution error, the command line exits with
 * {@link ExitCode#ENVIRONMENT}.
 */
public class EnvironmentProblemException extends IOException {

    public EnvironmentProblemException(String message) {
        super(message);
    }

    public EnvironmentProblemException(String message, Throwable cause) {
        super(message, cause);
    }
}
