package io.github.releasechannels.maven;

import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteRenderer;
import io.github.releasechannels.site.SiteWriter;
import io.github.releasechannels.source.ChannelsLoader;
import io.github.releasechannels.agent.BaseUrl;
import io.github.releasechannels.agent.InvalidBaseUrlException;
import java.io.File;
import java.io.IOException;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** Goals that render the site into the output directory before doing more with it. */
abstract class AbstractSiteMojo extends AbstractChannelsMojo {

    /** Where the site is rendered. Replaced as a whole on every run. */
    @Parameter(property = "releaseChannels.outputDirectory",
            defaultValue = "${project.build.directory}/release-channels", required = true)
    File outputDirectory;

    /**
     * Where agents read the channels, e.g. {@code https://updates.example.com/teleport}: the status page
     * ({@code index.html}) prints the endpoint and Helm values for it, and deploy verifies the publish there.
     */
    @Parameter(property = "releaseChannels.baseUrl")
    String baseUrl;

    /** Allow plain {@code http://} for a loopback base URL (a local test server); never for other hosts. */
    @Parameter(property = "releaseChannels.verify.allowHttp", defaultValue = "false")
    boolean allowHttp;

    /** Renders the site and swaps it into {@link #outputDirectory}. */
    Site renderSite(ChannelsLoader.Loaded loaded) throws MojoExecutionException, MojoFailureException {
        logConfiguration(loaded);
        Site site = new SiteRenderer().render(loaded.config(), loaded.source(), parsedBaseUrl());
        try {
            new SiteWriter().write(site, outputDirectory.toPath());
        } catch (SiteWriter.NotASiteDirectoryException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write the site to " + outputDirectory + ": " + e.getMessage()
                    + ". Check free space and permissions; the previous site, if any, is unchanged.", e);
        }
        getLog().info("Wrote " + plural(site.files().size(), "file") + " (" + site.totalBytes() + " bytes) to "
                + outputDirectory);
        return site;
    }

    private Optional<BaseUrl> parsedBaseUrl() throws MojoFailureException {
        if (baseUrl == null || baseUrl.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(BaseUrl.parse(baseUrl, allowHttp));
        } catch (InvalidBaseUrlException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }
}
