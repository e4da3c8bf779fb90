// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.workflow.Generate;
import io.github.releasechannels.workflow.GenerateSettings;
import io.github.releasechannels.workflow.Goal;
import io.github.releasechannels.workflow.RunEnvironment;
import io.github.releasechannels.workflow.RunSettings;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Validates channels.yaml and renders the version server: each channel's {@code version} and {@code critical}
 * files, {@code cmc.yaml}, the {@code index.html} status page and the {@code release-channels.json} manifest. The
 * directory is replaced as a whole.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true, requiresProject = false)
public class GenerateMojo extends AbstractSiteMojo {

    @Override
    void run(RunSettings settings, RunEnvironment environment)
            throws UserProblemException, EnvironmentProblemException {
        Generate.run(new GenerateSettings(settings, siteSettings()), environment);
    }

    @Override
    String goal() {
        return Goal.GENERATE.id();
    }
}
