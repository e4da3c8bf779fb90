// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.workflow.Goal;
import io.github.releasechannels.workflow.Options;
import io.github.releasechannels.workflow.RunEnvironment;
import io.github.releasechannels.workflow.RunSettings;
import io.github.releasechannels.workflow.Verify;
import io.github.releasechannels.workflow.VerifySettings;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Reads every channel from the live version server exactly as an agent does (HTTPS, no redirects, 10 s, 200 only)
 * and compares it with channels.yaml: one line per channel, {@code in sync}, {@code drift}, {@code missing} or
 * {@code error}. Fails unless every channel is in sync.
 */
@Mojo(name = "verify", threadSafe = true, requiresProject = false)
public class VerifyMojo extends AbstractChannelsMojo {

    /**
     * The deploy target, only to tailor the advice: who sets the Cache-Control of the channel files (this plugin
     * on S3, the web server for a directory or SFTP, the pages host for git). Verify never opens it.
     */
    @Parameter(property = Options.TARGET, defaultValue = Options.DEFAULT_TARGET)
    String target;

    /** Ask again until every channel is in sync or this many seconds have passed (a CDN picking up a publish). */
    @Parameter(property = Options.VERIFY_WAIT_SECONDS, defaultValue = "0")
    int waitSeconds;

    @Override
    void run(RunSettings settings, RunEnvironment environment)
            throws UserProblemException, EnvironmentProblemException {
        Verify.run(new VerifySettings(settings, Optional.ofNullable(target), waitSeconds), environment);
    }

    @Override
    String goal() {
        return Goal.VERIFY.id();
    }
}
