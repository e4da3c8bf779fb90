package io.github.releasechannels.maven;

import io.github.releasechannels.guard.FreezeGuard;
import io.github.releasechannels.model.ChannelChange;
import io.github.releasechannels.model.ChannelState;
import io.github.releasechannels.publish.PublishRefusedException;
import io.github.releasechannels.publish.TargetState;
import io.github.releasechannels.site.SiteRenderer;
import io.github.releasechannels.source.ChannelsLoader;
import io.github.releasechannels.url.UrlParts;
import io.github.releasechannels.verify.SiteVerifier;
import java.io.File;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
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
    @Parameter(property = "releaseChannels.target", defaultValue = "${project.distributionManagement.site.url}")
    String target;



    /** Accept a channel whose version goes down (for this run; per channel: {@code allow_downgrade}). */
    @Parameter(property = "releaseChannels.allowDowngrade", defaultValue = "false")
    boolean allowDowngrade;

    /**
     * Accept a channel's version change inside a freeze of channels.yaml, with a warning (for this run; per channel:
     * {@code critical: true}).
     */
    @Parameter(property = FreezeGuard.IGNORE_PROPERTY, defaultValue = "false")
    boolean ignoreFreeze;

    @Override
    void run(ChannelsLoader.Loaded loaded) throws MojoExecutionException, MojoFailureException {
        logConfiguration(loaded);
        Optional<SiteVerifier> liveSite = LiveSite.verifier(baseUrl, trustedCertificates, allowHttp,
                proxySettings(), Optional.ofNullable(target));
        if (liveSite.isPresent()) {
            try {
                LiveSite.downgradeGuard(liveSite, allowDowngrade, ignoreFreeze, new MavenPublishLog(getLog()),
                        this::planned).check(new SiteRenderer().render(loaded.config(), loaded.source()),
                        TargetState.empty());
            } catch (PublishRefusedException e) {
                boolean frozen = e.getMessage().contains(" during the freeze ");
                throw new MojoFailureException(loaded.source().file() + (frozen ? " changes what "
                        + liveSite.get().baseUrl() + " serves during a freeze" : " would downgrade agents") + ":\n"
                        + e.getMessage(), e);
            }
            getLog().info("No channel goes down from what " + liveSite.get().baseUrl() + " serves.");
        } else {
            checkFreezesAgainstPreviousCommit(loaded);
            if (target != null && !target.isBlank()) {
                getLog().info("Downgrades are checked by deploy against " + UrlParts.redact(target.trim()) + "; set "
                        + "releaseChannels.baseUrl to check them here against the live site.");
            }
        }
        getLog().info(loaded.source().file() + " is valid.");
    }

    /** Without a site to read, the versions a freeze keeps are those of the commit before. */
    private void checkFreezesAgainstPreviousCommit(ChannelsLoader.Loaded loaded)
            throws MojoExecutionException, MojoFailureException {
        FreezeGuard freezes = new FreezeGuard(ignoreFreeze, Clock.systemUTC(), new MavenPublishLog(getLog()));
        if (!freezes.frozenNow(loaded.config())) {
            return; // the previous commit is read (with JGit) only when a freeze applies
        }
        Optional<Map<String, ChannelState>> previous;
        try {
            previous = FreezeGuard.previousCommit(basedir.toPath(), file.toPath(), loaded.source());
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot read the previous commit of " + loaded.source().file() + ": "
                    + e.getMessage() + ". Check that the git repository is readable.", e);
        }
        if (previous.isEmpty()) {
            return;
        }
        List<String> refused = freezes.refusals(ChannelChange.between(previous.get(), loaded.config()), loaded.config());
        if (!refused.isEmpty()) {
            throw new MojoFailureException(loaded.source().file() + " changes versions during a freeze:\n"
                    + String.join("\n", refused));
        }
    }

    @Override
    String goal() {
        return "check";
    }
}
