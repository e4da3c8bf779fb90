// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.report.RunReport;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteRenderer;
import io.github.releasechannels.verify.SiteVerifier;
import java.util.Optional;

/**
 * Reads every channel from the live version server exactly as an agent does and compares it with channels.yaml;
 * fails unless every channel is in sync.
 */
public final class Verify {

    private Verify() {}

    public static RunReport run(VerifySettings settings, RunEnvironment environment)
            throws UserProblemException, EnvironmentProblemException {
        return GoalRun.run(Goal.VERIFY, settings.run(), environment, (loaded, run) -> {
            run.logConfiguration(loaded);
            SiteVerifier verifier = LiveSite.verifier(run, settings.target())
                    .orElseThrow(() ->
                            new UserProblemException("Set releaseChannels.baseUrl to the address agents read, e.g. "
                                    + "-DreleaseChannels.baseUrl=https://updates.example.com/teleport"));
            Site site = new SiteRenderer().render(loaded.config(), loaded.source(), Optional.of(verifier.baseUrl()));
            LiveSite.verify(verifier, site, settings.waitSeconds(), run);
        });
    }
}
