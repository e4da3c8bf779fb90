package io.github.releasechannels.maven;

import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteRenderer;
import io.github.releasechannels.site.SiteWriter;
import io.github.releasechannels.source.ChannelsLoader;
import java.io.File;
import java.io.IOException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** Goals that render the site into the output directory before doing more with it. */
abstract class AbstractSiteMojo extends AbstractChannelsMojo {

    /**
     * Where the site is rendered; without a pom {@code ./target/release-channels}. Replaced as a whole on every run.
     */
    @Parameter(property = "releaseChannels.outputDirectory",
            defaultValue = "${project.build.directory}/release-channels", required = true)
    File outputDirectory;

    /**
     * Render the status page {@code index.html}. Turn it off when the target's {@code index.html} is someone
     * else's page.
     */
    @Parameter(property = "releaseChannels.statusPage", defaultValue = "true")
    boolean statusPage;

    /** Renders the site and swaps it into {@link #outputDirectory}. */
    Site renderSite(ChannelsLoader.Loaded loaded) throws MojoExecutionException, MojoFailureException {
        Site site = renderInMemory(loaded);
        writeLocally(site);
        return site;
    }

    /** Renders the site without writing it anywhere. */
    Site renderInMemory(ChannelsLoader.Loaded loaded) throws MojoFailureException {
        logConfiguration(loaded);
        return new SiteRenderer().render(loaded.config(), loaded.source(), parsedBaseUrl(), statusPage);
    }

    /** Swaps {@code site} into {@link #outputDirectory}. */
    void writeLocally(Site site) throws MojoExecutionException, MojoFailureException {
        outputDirectory = underBuildDirectory(outputDirectory);
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
    }
}
