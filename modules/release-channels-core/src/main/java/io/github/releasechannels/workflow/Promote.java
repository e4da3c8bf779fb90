// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.gitauth.GitHttpsToken;
import io.github.releasechannels.promote.PromoteRun;
import io.github.releasechannels.promote.SourceServing;
import io.github.releasechannels.promote.VersionEditException;
import io.github.releasechannels.report.PromotionsReport;
import io.github.releasechannels.report.RunReport;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Moves each channel with {@code promote:} whose source has served its version for the soak ({@link PromoteRun}):
 * logs the plan, edits only the due versions of the working tree's channels file and, when asked, commits and pushes
 * the edit. With a base URL, a source channel is promoted from only while the live site serves its version.
 */
public final class Promote {

    private Promote() {}

    public static RunReport run(PromoteSettings settings, RunEnvironment environment)
            throws UserProblemException, EnvironmentProblemException {
        return GoalRun.run(Goal.PROMOTE, settings.run(), environment, (loaded, run) -> {
            if (settings.run().ref().isPresent()) {
                throw new UserProblemException("promote edits the channels file of the working tree and reads its "
                        + "history from HEAD; " + Options.REF + " is not used by it: check out the branch to "
                        + "promote and run without -D" + Options.REF + ".");
            }
            Instant at = settings.at().isPresent()
                    ? PromoteRun.parseInstant(settings.at().get())
                    : Instant.now();
            loaded.warnings().forEach(warning -> run.log().warn(warning.toString()));
            SourceServing serving = LiveSite.verifier(run, Optional.empty())
                    .map(verifier -> LiveSite.sourceServing(verifier, run.log()))
                    .orElse(SourceServing.NOT_CHECKED);
            RunSettings common = settings.run();
            GitHttpsToken token = settings.push() ? remoteToken(settings, run) : GitHttpsToken.NONE;
            try {
                PromoteRun.Outcome outcome = PromoteRun.run(
                        new PromoteRun.Settings(
                                common.projectDirectory(),
                                common.projectDirectory().resolve(common.file()),
                                at,
                                settings.commit(),
                                settings.push(),
                                serving,
                                token),
                        run.log()::info);
                run.report()
                        .promotions(new PromotionsReport(
                                outcome.pipeline().state(), outcome.plan(), serving != SourceServing.NOT_CHECKED));
            } catch (ChannelsFileException e) {
                run.report().problems(e.problems());
                throw new UserProblemException(
                        loaded.source().file() + " is not valid; nothing was written. " + e.getMessage(), e);
            } catch (VersionEditException e) {
                run.report().problems(e.problems());
                throw new UserProblemException("Nothing was promoted: " + e.getMessage(), e);
            } catch (EnvironmentProblemException e) {
                throw e;
            } catch (IOException e) {
                throw new EnvironmentProblemException(
                        "Cannot promote in " + loaded.source().file() + ": " + e.getMessage()
                                + ". Check that the file and its git repository are readable and writable.",
                        e);
            }
        });
    }

    /** The push's token by the git target's rule: the settings.xml server's password, else the variable's token. */
    private static GitHttpsToken remoteToken(PromoteSettings settings, GoalRun run) throws UserProblemException {
        return GitHttpsToken.resolve(
                run.environment().servers().of(settings.serverId()),
                run.environment().environment(),
                settings.tokenVariable());
    }
}
