package io.github.releasechannels.maven;

import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteRenderer;
import io.github.releasechannels.source.ChannelsLoader;
import io.github.releasechannels.verify.SiteVerifier;
import java.io.File;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Reads every channel from the live version server exactly as an agent does (HTTPS, no redirects, 10 s, 200 only)
 * and compares it with channels.yaml: one line per channel, {@code in sync}, {@code drift}, {@code missing} or
 * {@code error}. Fails unless every channel is in sync.
 */
@Mojo(name = "verify", threadSafe = true, requiresProject = false)
public class VerifyMojo extends AbstractChannelsMojo {

    /**
     * The deploy target, only to tailor the advice: who sets the Cache-Control of the channel files (this plugin
     * on S3, the web server for a directory or SFTP, the pages host for git). Verify never opens it.
     */
    @Parameter(property = "releaseChannels.target", defaultValue = "${project.distributionManagement.site.url}")
    String target;

    /** Ask again until every channel is in sync or this many seconds have passed (a CDN picking up a publish). */
    @Parameter(property = "releaseChannels.verify.waitSeconds", defaultValue = "0")
    int waitSeconds;

    @Override
    void run(ChannelsLoader.Loaded loaded) throws MojoFailureException {
        logConfiguration(loaded);
        SiteVerifier verifier = LiveSite.verifier(baseUrl, trustedCertificates, allowHttp, proxySettings(),
                Optional.ofNullable(target)).orElseThrow(() ->
                new MojoFailureException("Set releaseChannels.baseUrl to the address agents read, e.g. "
                        + "-DreleaseChannels.baseUrl=https://updates.example.com/teleport"));
        Site site = new SiteRenderer().render(loaded.config(), loaded.source(), Optional.of(verifier.baseUrl()));
        LiveSite.verify(verifier, site, waitSeconds, trustedCertificates, getLog(), report::verify);
    }

    @Override
    String goal() {
        return "verify";
    }
}
