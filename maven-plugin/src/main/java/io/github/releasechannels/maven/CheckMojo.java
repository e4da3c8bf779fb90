// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.workflow.Check;
import io.github.releasechannels.workflow.CheckSettings;
import io.github.releasechannels.workflow.Goal;
import io.github.releasechannels.workflow.Options;
import io.github.releasechannels.workflow.RunEnvironment;
import io.github.releasechannels.workflow.RunSettings;
import java.util.Optional;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Validates channels.yaml and reports every problem, writing nothing. Meant for pull requests. With
 * {@code releaseChannels.baseUrl} it also refuses a channel whose version would go down from the one served now.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true, requiresProject = false)
public class CheckMojo extends AbstractChannelsMojo {

    /** The deploy target; check does not open it (that needs deploy's credentials), deploy guards against it. */
    @Parameter(property = Options.TARGET, defaultValue = Options.DEFAULT_TARGET)
    String target;

    /** Accept a channel whose version goes down (for this run; per channel: {@code allow_downgrade}). */
    @Parameter(property = Options.ALLOW_DOWNGRADE, defaultValue = "false")
    boolean allowDowngrade;

    /**
     * Accept a channel's version change inside a freeze of channels.yaml, with a warning (for this run; per channel:
     * {@code critical: true}).
     */
    @Parameter(property = Options.IGNORE_FREEZE, defaultValue = "false")
    boolean ignoreFreeze;

    @Override
    void run(RunSettings settings, RunEnvironment environment)
            throws UserProblemException, EnvironmentProblemException {
        Check.run(new CheckSettings(settings, Optional.ofNullable(target), allowDowngrade, ignoreFreeze), environment);
    }

    @Override
    String goal() {
        return Goal.CHECK.id();
    }
}
