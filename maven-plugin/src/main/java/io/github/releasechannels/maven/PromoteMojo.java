// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.publish.TargetUri;
import io.github.releasechannels.workflow.Goal;
import io.github.releasechannels.workflow.Options;
import io.github.releasechannels.workflow.Promote;
import io.github.releasechannels.workflow.PromoteSettings;
import io.github.releasechannels.workflow.RunEnvironment;
import io.github.releasechannels.workflow.RunSettings;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Moves each channel with {@code promote:} whose source has served its version for the soak: prints the plan (each
 * stage due, waiting and why, or up to date), edits only the due version scalars of channels.yaml and, with
 * {@code releaseChannels.promote.commit}, commits the edit. Nothing due: nothing is written.
 */
@Mojo(name = "promote", threadSafe = true, requiresProject = false)
public class PromoteMojo extends AbstractChannelsMojo {

    /** Commit the edit (only the channels file) with a message recording each promotion. */
    @Parameter(property = Options.PROMOTE_COMMIT, defaultValue = "false")
    boolean commit;

    /**
     * Push the commit to the branch of the same name on {@code origin}. When another run pushed first, the branch
     * is fetched and fast-forwarded and the plan made again on its result, so a promotion is never made twice.
     */
    @Parameter(property = Options.PROMOTE_PUSH, defaultValue = "false")
    boolean push;

    /**
     * Plan for this instant instead of now, an RFC 3339 instant with its offset such as
     * {@code 2026-12-11T09:00:00Z}: what moves on Friday.
     */
    @Parameter(property = Options.PROMOTE_AT)
    String at;

    /**
     * With {@code push}: the settings.xml {@code <server>} whose {@code <password>} is the token {@code origin} is
     * pushed to over HTTPS (its {@code <username>}, else {@code x-access-token}), as the git target's.
     */
    @Parameter(property = Options.SERVER_ID, defaultValue = Options.DEFAULT_SERVER_ID)
    String serverId;

    /** With {@code push}: the environment variable holding the HTTPS token when no settings.xml server matches. */
    @Parameter(property = Options.GIT_TOKEN_VARIABLE, defaultValue = TargetUri.DEFAULT_GIT_TOKEN_VARIABLE)
    String gitTokenVariable;

    @Override
    void run(RunSettings settings, RunEnvironment environment)
            throws UserProblemException, EnvironmentProblemException {
        Promote.run(
                new PromoteSettings(
                        settings,
                        commit,
                        push,
                        Optional.ofNullable(at),
                        Optional.ofNullable(serverId),
                        gitTokenVariable),
                environment);
    }

    @Override
    String goal() {
        return Goal.PROMOTE.id();
    }
}
