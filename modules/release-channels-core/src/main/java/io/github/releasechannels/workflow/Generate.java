// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.model.Channel;
import io.github.releasechannels.report.RunReport;

/**
 * Validates channels.yaml and renders the version server into the output directory, replaced as a whole, and the
 * cluster resources beside it.
 */
public final class Generate {

    private Generate() {}

    public static RunReport run(GenerateSettings settings, RunEnvironment environment)
            throws UserProblemException, EnvironmentProblemException {
        return GoalRun.run(Goal.GENERATE, settings.run(), environment, (loaded, run) -> {
            SiteOutput.render(run, settings.site(), loaded, SiteOutput.LocalCopy.REPLACE);
            Channel first = loaded.config().channels().get(0);
            run.log()
                    .info("Served over HTTPS, 'curl https://<version-server>/" + first.versionPath() + "' prints "
                            + first.version());
        });
    }
}
