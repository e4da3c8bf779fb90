package io.github.releasechannels.workflow;

import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.publish.PublishRefusedException;
import io.github.releasechannels.publish.TargetState;
import io.github.releasechannels.report.RunReport;
import io.github.releasechannels.site.SiteRenderer;
import io.github.releasechannels.url.UrlParts;
import io.github.releasechannels.verify.SiteVerifier;
import java.util.Optional;

/**
 * Validates channels.yaml and reports every problem, writing nothing but the reports. With a base URL it also
 * refuses a channel whose version would go down from the one served now.
 */
public final class Check {

    private Check() {
    }

    public static RunReport run(CheckSettings settings, RunEnvironment environment)
            throws UserProblemException, EnvironmentProblemException {
        return GoalRun.run(Goal.CHECK, settings.run(), environment, (loaded, run) -> {
            run.logConfiguration(loaded);
            Optional<SiteVerifier> liveSite = LiveSite.verifier(run, settings.target());
            if (liveSite.isPresent()) {
                try {
                    LiveSite.downgradeGuard(liveSite, settings.allowDowngrade(), run.log(), run::planned).check(
                            new SiteRenderer().render(loaded.config(), loaded.source()), TargetState.empty());
                } catch (PublishRefusedException e) {
                    throw new UserProblemException(loaded.source().file() + " would downgrade agents:\n"
                            + e.getMessage(), e);
                }
                run.log().info("No channel goes down from what " + liveSite.get().baseUrl() + " serves.");
            } else if (settings.target().isPresent()) {
                run.log().info("Downgrades are checked by deploy against " + UrlParts.redact(settings.target().get())
                        + "; set releaseChannels.baseUrl to check them here against the live site.");
            }
            run.log().info(loaded.source().file() + " is valid.");
        });
    }
}
