// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.PublishRefusedException;
import io.github.releasechannels.publish.PublishReport;
import io.github.releasechannels.publish.PublishRequest;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.Publishers;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.publish.TargetUri;
import io.github.releasechannels.report.RunReport;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.source.ChannelsLoader;
import io.github.releasechannels.source.ChannelsSource;
import io.github.releasechannels.source.GitTruth;
import io.github.releasechannels.text.LogText;
import io.github.releasechannels.url.UrlParts;
import io.github.releasechannels.verify.SiteVerifier;
import java.io.IOException;
import java.util.Optional;

/**
 * Validates and renders the site like {@link Generate}, then publishes it to the target: only files that changed,
 * each channel in a safe order, removed channels after every upload, the manifest last; then verifies the live
 * site when a base URL is set.
 */
public final class Deploy {

    private Deploy() {}

    public static RunReport run(DeploySettings settings, RunEnvironment environment)
            throws UserProblemException, EnvironmentProblemException {
        return run(settings, environment, Publishers.standard());
    }

    /** With the publishers given, which tests choose. */
    static RunReport run(DeploySettings settings, RunEnvironment environment, Publishers publishers)
            throws UserProblemException, EnvironmentProblemException {
        // The target is opened while channels.yaml is read and the site rendered: they do not depend on each other.
        return GoalRun.run(
                Goal.DEPLOY,
                settings.run(),
                environment,
                run -> TargetOpening.start(
                        publishers,
                        settings.target().flatMap(target -> {
                            try {
                                return Optional.of(resolvedTarget(settings, target));
                            } catch (RuntimeException e) {
                                return Optional.empty(); // reported in its place, after channels.yaml
                            }
                        }),
                        settings.offline(),
                        () -> targetSettings(settings, run)),
                (loaded, run, opening) -> publish(settings, loaded, run, opening));
    }

    private static void publish(
            DeploySettings settings, ChannelsLoader.Loaded loaded, GoalRun run, TargetOpening opening)
            throws UserProblemException, EnvironmentProblemException {
        requireCommittedInCi(settings, loaded.source(), run);
        Site site = SiteOutput.render(
                run,
                settings.site(),
                loaded,
                writesLocalSite(settings) ? SiteOutput.LocalCopy.UPDATE : SiteOutput.LocalCopy.NONE);
        if (settings.target().isEmpty()) {
            throw new UserProblemException("No target to publish to: set releaseChannels.target (e.g. "
                    + "-DreleaseChannels.target=file:///srv/www/updates) or <distributionManagement><site><url> "
                    + "in the pom.");
        }
        String target = settings.target().get();
        String resolvedTarget = resolvedTarget(settings, target);
        refuseRemoteTargetOffline(settings, resolvedTarget);
        Optional<SiteVerifier> liveSite = LiveSite.verifier(run, Optional.of(resolvedTarget));
        TargetSettings targetSettings = opening.settings(() -> targetSettings(settings, run));
        PublishReport published;
        try (Publisher publisher = opening.publisher(resolvedTarget, targetSettings)) {
            run.log().info((settings.dryRun() ? "Planning a publish to " : "Publishing to ") + publisher.describe());
            published = publisher.publish(
                    site,
                    new PublishRequest(
                            settings.dryRun(),
                            new HeaderPolicy(settings.cacheControl()),
                            LiveSite.downgradeGuard(
                                    liveSite,
                                    settings.allowDowngrade(),
                                    settings.ignoreFreeze(),
                                    run.log(),
                                    run::planned),
                            run.log()));
        } catch (PublishRefusedException e) {
            throw new UserProblemException("Nothing was published:\n" + e.getMessage(), e);
        } catch (TargetException e) {
            throw new EnvironmentProblemException(
                    "Publishing to " + UrlParts.redact(target) + " stopped: "
                            + LogText.escape(UrlParts.redact(e.getMessage()))
                            + ". This was not retried: it stays until someone fixes it. Every channel is in its old or its "
                            + "new state; once it is fixed, run the deploy again.",
                    e);
        } catch (IOException e) {
            throw new EnvironmentProblemException(
                    "Publishing to " + UrlParts.redact(target) + " failed: "
                            + LogText.escape(UrlParts.redact(e.getMessage()))
                            + ". Every channel is in its old or its new state; check that the target is reachable and run "
                            + "the deploy again to complete it.",
                    e);
        }
        run.log().info(published.summary());
        run.report().publish(published);
        if (!settings.dryRun() && liveSite.isPresent()) {
            LiveSite.verify(liveSite.get(), site, settings.verifyWaitSeconds(), run);
        } else if (!settings.dryRun()) {
            run.log()
                    .info("Set releaseChannels.baseUrl to the address agents read to verify the publish there and "
                            + "print how to point agents at each channel.");
        }
    }

    private static String resolvedTarget(DeploySettings settings, String target) {
        return Publishers.resolveRelativeDirectory(target, settings.run().projectDirectory());
    }

    private static TargetSettings targetSettings(DeploySettings settings, GoalRun run) throws UserProblemException {
        // The targets' own credential sources (AWS_*, the git token variable) read the process environment.
        return new TargetSettings(
                credentials(settings, run),
                settings.targetOptions(),
                System.getenv(),
                settings.workDirectory(),
                Retry.defaults(),
                run.proxies());
    }

    /** In CI only what a commit holds is published; elsewhere an uncommitted change is published with a warning. */
    private static void requireCommittedInCi(DeploySettings settings, Source source, GoalRun run)
            throws UserProblemException, EnvironmentProblemException {
        if (!source.uncommittedChanges()) {
            return;
        }
        boolean inCi = GitTruth.inCi(run.environment().environment());
        try {
            GitTruth.requireCommitted(
                    source,
                    new ChannelsSource(settings.run().projectDirectory())
                            .workingTreeChange(settings.run().file()),
                    inCi,
                    settings.allowUncommitted());
        } catch (IOException e) {
            throw new EnvironmentProblemException(e.getMessage() + ". Check that the git repository is readable.", e);
        }
        run.log()
                .warn("Publishing " + source.file() + " with changes that no commit holds"
                        + (inCi ? " (" + GitTruth.ALLOW_PROPERTY + " is true)" : "") + ": agents get the working tree, "
                        + "which git cannot show or revert. The status page and the manifest mark it.");
    }

    /** As asked; unset, only for a target on this machine, where a user looks at the site beside it. */
    private static boolean writesLocalSite(DeploySettings settings) {
        if (settings.writeLocalSite().isPresent()) {
            return settings.writeLocalSite().get();
        }
        try {
            return settings.target().isPresent()
                    && TargetUri.parse(settings.target().get()).isLocal();
        } catch (InvalidTargetException e) {
            return false; // reported when the target is opened
        }
    }

    /** As Maven's own deploy: offline, nothing is sent over the network. */
    private static void refuseRemoteTargetOffline(DeploySettings settings, String resolvedTarget)
            throws UserProblemException {
        if (!settings.offline()) {
            return;
        }
        TargetUri uri = TargetUri.parse(resolvedTarget);
        if (!uri.isLocal()) {
            throw new UserProblemException("Cannot deploy to " + uri + " in offline mode (-o): it is a remote target "
                    + "and offline mode sends nothing over the network. Run without -o to publish, or use "
                    + "-DreleaseChannels.dryRun=true without -o to see the plan; file: targets deploy offline.");
        }
    }

    /** The front end's credentials for the server id; empty when no id is set or none matches. */
    private static Optional<Credentials> credentials(DeploySettings settings, GoalRun run) throws UserProblemException {
        return run.environment().servers().of(settings.serverId());
    }
}
