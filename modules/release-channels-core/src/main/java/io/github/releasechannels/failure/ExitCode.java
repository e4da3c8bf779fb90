// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.failure;

/** The exit status of a front end without Maven's own mapping (the command line), from how a run ended. */
public final class ExitCode {

    /** The run completed. */
    public static final int SUCCESS = 0;
    /** A {@link UserProblemException}: fix the input. */
    public static final int USER = 1;
    /** An {@link EnvironmentProblemException}, or any failure that is not the input's: check the surroundings. */
    public static final int ENVIRONMENT = 2;

    private ExitCode() {}

    /** The exit status for a run that ended with {@code failure}. */
    public static int of(Throwable failure) {
        return failure instanceof UserProblemException ? USER : ENVIRONMENT;
    }
}
