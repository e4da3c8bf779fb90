package io.github.releasechannels.maven;

import io.github.releasechannels.resources.ClusterResources;
import io.github.releasechannels.resources.KubernetesNames;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteRenderer;
import io.github.releasechannels.site.SiteWriter;
import io.github.releasechannels.source.ChannelsLoader;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
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

    /**
     * Where the cluster configuration is rendered: the Managed Updates v2 resources for {@code tctl} and the
     * Teleport operator, and the Proxy's channels snippet. Not published to the version server. Replaced as a whole
     * on every run.
     */
    @Parameter(property = "releaseChannels.resourcesDirectory",
            defaultValue = "${project.build.directory}/release-channels-resources", required = true)
    File resourcesDirectory;

    /**
     * {@code metadata.name} of the operator's {@code TeleportAutoupdateConfigV1}: always {@code autoupdate-config}.
     * The operator copies it into the Teleport resource, which Teleport accepts under no other name; another name is
     * refused with that reason rather than rendered into a resource that never applies.
     */
    @Parameter(property = "releaseChannels.kubernetes.configName", defaultValue = ClusterResources.CONFIG_NAME)
    String kubernetesConfigName;

    /** {@code metadata.name} of the operator's {@code TeleportAutoupdateVersionV1}: always {@code autoupdate-version}. */
    @Parameter(property = "releaseChannels.kubernetes.versionName", defaultValue = ClusterResources.VERSION_NAME)
    String kubernetesVersionName;

    /** The namespace of the operator's resources; unset, they go where they are applied (kubectl, Argo CD, Flux). */
    @Parameter(property = "releaseChannels.kubernetes.namespace")
    String kubernetesNamespace;

    /** How the rendered site reaches {@link #outputDirectory}. */
    enum LocalCopy {
        /** Swapped in as a whole: generate's output, which is the record. */
        REPLACE,
        /** Only the files that differ written: deploy's copy, whose record is the target. */
        UPDATE,
        /** Not written. */
        NONE
    }

    /** Renders the site and swaps it into {@link #outputDirectory}, and the cluster resources beside it. */
    Site renderSite(ChannelsLoader.Loaded loaded) throws MojoExecutionException, MojoFailureException {
        return renderSite(loaded, LocalCopy.REPLACE);
    }

    /**
     * Renders the site, writes it into {@link #outputDirectory} as {@code copy} says, and writes the cluster
     * resources (configuration for the cluster, needed whether or not the site is kept locally).
     */
    Site renderSite(ChannelsLoader.Loaded loaded, LocalCopy copy)
            throws MojoExecutionException, MojoFailureException {
        logConfiguration(loaded);
        KubernetesNames names = kubernetesNames();
        Site site = new SiteRenderer().render(loaded.config(), loaded.source(), parsedBaseUrl(), statusPage);
        if (copy != LocalCopy.NONE) {
            writeLocally(site, copy);
        }
        writeResources(loaded, names);
        return site;
    }

    private void writeLocally(Site site, LocalCopy copy) throws MojoExecutionException, MojoFailureException {
        outputDirectory = underBuildDirectory(outputDirectory);
        try {
            if (copy == LocalCopy.REPLACE) {
                new SiteWriter().write(site, outputDirectory.toPath());
                getLog().info("Wrote " + plural(site.files().size(), "file") + " (" + site.totalBytes()
                        + " bytes) to " + outputDirectory);
            } else {
                SiteWriter.Update update = new SiteWriter().update(site, outputDirectory.toPath());
                getLog().info("Wrote " + plural(update.written(), "file") + " (" + update.writtenBytes()
                        + " bytes) to " + outputDirectory + (update.removed() > 0 ? ", removed " + update.removed()
                        : "") + (update.unchanged() > 0 ? "; " + update.unchanged() + " already held the site's "
                        + "bytes" : ""));
            }
        } catch (SiteWriter.NotASiteDirectoryException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write the site to " + outputDirectory + ": " + e.getMessage()
                    + ". Check free space and permissions; " + (copy == LocalCopy.REPLACE
                            ? "the previous site, if any, is unchanged." : "each file is the old or the new one."),
                    e);
        }
    }

    private KubernetesNames kubernetesNames() throws MojoFailureException {
        try {
            // Unset only when the Mojo is built outside Maven, which fills in the defaults.
            return new KubernetesNames(Optional.ofNullable(kubernetesConfigName).orElse(ClusterResources.CONFIG_NAME),
                    Optional.ofNullable(kubernetesVersionName).orElse(ClusterResources.VERSION_NAME),
                    Optional.ofNullable(kubernetesNamespace).map(String::trim).filter(ns -> !ns.isEmpty()));
        } catch (KubernetesNames.InvalidKubernetesNameException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    private void writeResources(ChannelsLoader.Loaded loaded, KubernetesNames names)
            throws MojoExecutionException, MojoFailureException {
        List<SiteFile> files = ClusterResources.render(loaded.config(), loaded.source(), parsedBaseUrl(), names);
        File directory = underBuildDirectory(resourcesDirectory != null ? resourcesDirectory
                : new File(outputDirectory.getAbsoluteFile().getParentFile(), "release-channels-resources"));
        try {
            new SiteWriter(ClusterResources.INDEX_FILE, "releaseChannels.resourcesDirectory")
                    .write(files, directory.toPath());
        } catch (SiteWriter.NotASiteDirectoryException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write the cluster resources to " + directory + ": "
                    + e.getMessage() + ". Check free space and permissions; the previous files, if any, are "
                    + "unchanged.", e);
        }
        List<String> written = files.stream().map(SiteFile::path)
                .filter(path -> !path.equals(ClusterResources.INDEX_FILE)).toList();
        getLog().info(written.isEmpty() ? "No cluster resources to render (no managed_updates section, no "
                + "releaseChannels.baseUrl)." : "Wrote cluster resources to " + directory + ": "
                + String.join(", ", written));
    }
}
