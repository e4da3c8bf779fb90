package io.github.releasechannels.maven;

import io.github.releasechannels.publish.PublishRefusedException;
import io.github.releasechannels.publish.TargetState;
import io.github.releasechannels.site.SiteRenderer;
import io.github.releasechannels.source.ChannelsLoader;
import io.github.releasechannels.url.UrlParts;
import io.github.releasechannels.verify.SiteVerifier;
import java.io.File;
import java.util.Optional;
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

    @Override
    void run(ChannelsLoader.Loaded loaded) throws MojoFailureException {
        logConfiguration(loaded);
        Optional<SiteVerifier> liveSite = LiveSite.verifier(baseUrl, trustedCertificates, allowHttp,
                proxySettings(), Optional.ofNullable(target));
        if (liveSite.isPresent()) {
            try {
                LiveSite.downgradeGuard(liveSite, allowDowngrade, new MavenPublishLog(getLog()), this::planned).check(
                        new SiteRenderer().render(loaded.config(), loaded.source()), TargetState.empty());
            } catch (PublishRefusedException e) {
                throw new MojoFailureException(loaded.source().file() + " would downgrade agents:\n"
                        + e.getMessage(), e);
            }
            getLog().info("No channel goes down from what " + liveSite.get().baseUrl() + " serves.");
        } else if (target != null && !target.isBlank()) {
            getLog().info("Downgrades are checked by deploy against " + UrlParts.redact(target.trim()) + "; set "
                    + "releaseChannels.baseUrl to check them here against the live site.");
        }
        getLog().info(loaded.source().file() + " is valid.");
    }

    @Override
    String goal() {
        return "check";
    }
}
