package io.github.releasechannels.maven;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.source.ChannelsLoader;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Validates channels.yaml and renders the version server: each channel's {@code version} and {@code critical}
 * files, {@code cmc.yaml}, the {@code index.html} status page and the {@code release-channels.json} manifest. The
 * directory is replaced as a whole.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true, requiresProject = false)
public class GenerateMojo extends AbstractSiteMojo {

    @Override
    void run(ChannelsLoader.Loaded loaded) throws MojoExecutionException, MojoFailureException {
        renderSite(loaded);
        Channel first = loaded.config().channels().get(0);
        getLog().info("Served over HTTPS, 'curl https://<version-server>/" + first.versionPath() + "' prints "
                + first.version());
    }

    @Override
    String goal() {
        return "generate";
    }
}
