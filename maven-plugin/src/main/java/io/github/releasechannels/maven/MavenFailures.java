// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.text.LogText;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The one place a run's failure becomes Maven's: a user problem fails the build ({@code BUILD FAILURE}, fix the
 * input), an environment problem is an execution error. Maven prints the message, which may quote a server's answer
 * or a target's file, so it is escaped line by line.
 */
final class MavenFailures {

    private MavenFailures() {}

    static MojoFailureException of(UserProblemException problem) {
        return new MojoFailureException(escaped(problem), problem);
    }

    static MojoExecutionException of(EnvironmentProblemException problem) {
        return new MojoExecutionException(escaped(problem), problem);
    }

    private static String escaped(Exception problem) {
        return LogText.escapeLines(String.valueOf(problem.getMessage()));
    }
}
