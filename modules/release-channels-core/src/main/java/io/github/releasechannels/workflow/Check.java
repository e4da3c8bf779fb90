// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.guard.FreezeGuard;
import io.github.releasechannels.model.ChannelChange;
import io.github.releasechannels.model.ChannelState;
import io.github.releasechannels.publish.PublishRefusedException;
import io.github.releasechannels.publish.TargetState;
import io.github.releasechannels.report.RunReport;
import io.github.releasechannels.site.SiteRenderer;
import io.github.releasechannels.source.ChannelsLoader;
import io.github.releasechannels.url.UrlParts;
import io.github.releasechannels.verify.SiteVerifier;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates channels.yaml and reports every problem, writing nothing but the reports. With a base URL it also
 * refuses a channel whose version would go down from the one served now; during a freeze, a channel whose version
 * changed from the one served now (without a base URL: from the previous commit).
 */
public final class Check {

    private Check() {}

    public static RunReport run(CheckSettings settings, RunEnvironment environment)
            throws UserProblemException, EnvironmentProblemException {
        return GoalRun.run(Goal.CHECK, settings.run(), environment, (loaded, run) -> {
            run.logConfiguration(loaded);
            run.pipeline(loaded);
            Optional<SiteVerifier> liveSite = LiveSite.verifier(run, settings.target());
            if (liveSite.isPresent()) {
                try {
                    LiveSite.downgradeGuard(
                                    liveSite,
                                    settings.allowDowngrade(),
                                    settings.ignoreFreeze(),
                                    run.log(),
                                    run::planned)
                            .check(new SiteRenderer().render(loaded.config(), loaded.source()), TargetState.empty());
                } catch (PublishRefusedException e) {
                    throw new UserProblemException(
                            loaded.source().file()
                                    + (e.duringFreeze()
                                            ? " changes what " + liveSite.get().baseUrl() + " serves during a freeze"
                                            : " would downgrade agents")
                                    + ":\n" + e.getMessage(),
                            e);
                }
                run.log()
                        .info("No channel goes down from what " + liveSite.get().baseUrl() + " serves.");
            } else {
                checkFreezesAgainstPreviousCommit(settings, loaded, run);
                if (settings.target().isPresent()) {
                    run.log()
                            .info("Downgrades are checked by deploy against "
                                    + UrlParts.redact(settings.target().get())
                                    + "; set releaseChannels.baseUrl to check them here against the live site.");
                }
            }
            run.log().info(loaded.source().file() + " is valid.");
        });
    }

    /** Without a site to read, the versions a freeze keeps are those of the commit before. */
    private static void checkFreezesAgainstPreviousCommit(
            CheckSettings settings, ChannelsLoader.Loaded loaded, GoalRun run)
            throws UserProblemException, EnvironmentProblemException {
        FreezeGuard freezes = new FreezeGuard(settings.ignoreFreeze(), Clock.systemUTC(), run.log());
        if (!freezes.frozenNow(loaded.config())) {
            return; // the previous commit is read (with JGit) only when a freeze applies
        }
        Optional<Map<String, ChannelState>> previous;
        try {
            previous = FreezeGuard.previousCommit(
                    settings.run().projectDirectory(), settings.run().file(), loaded.source());
        } catch (IOException e) {
            throw new EnvironmentProblemException(
                    "Cannot read the previous commit of " + loaded.source().file() + ": " + e.getMessage()
                            + ". Check that the git repository is readable.",
                    e);
        }
        if (previous.isEmpty()) {
            return;
        }
        List<String> refused =
                freezes.refusals(ChannelChange.between(previous.get(), loaded.config()), loaded.config());
        if (!refused.isEmpty()) {
            throw new UserProblemException(
                    loaded.source().file() + " changes versions during a freeze:\n" + String.join("\n", refused));
        }
    }
}
