// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import io.github.releasechannels.resources.ClusterResources;
import io.github.releasechannels.workflow.Options;
import io.github.releasechannels.workflow.SiteSettings;
import java.io.File;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Parameter;

/** Goals that render the site into the output directory before doing more with it. */
abstract class AbstractSiteMojo extends AbstractChannelsMojo {

    /**
     * Where the site is rendered; without a pom {@code ./target/release-channels}. Replaced as a whole on every run.
     */
    @Parameter(property = Options.OUTPUT_DIRECTORY, defaultValue = Options.DEFAULT_OUTPUT_DIRECTORY, required = true)
    File outputDirectory;

    /**
     * Render the status page {@code index.html}. Turn it off when the target's {@code index.html} is someone
     * else's page.
     */
    @Parameter(property = Options.STATUS_PAGE, defaultValue = "true")
    boolean statusPage;

    /**
     * Where the cluster configuration is rendered: the Managed Updates v2 resources for {@code tctl} and the
     * Teleport operator, and the Proxy's channels snippet. Not published to the version server. Replaced as a whole
     * on every run.
     */
    @Parameter(
            property = Options.RESOURCES_DIRECTORY,
            defaultValue = Options.DEFAULT_RESOURCES_DIRECTORY,
            required = true)
    File resourcesDirectory;

    /**
     * {@code metadata.name} of the operator's {@code TeleportAutoupdateConfigV1}: always {@code autoupdate-config}.
     * The operator copies it into the Teleport resource, which Teleport accepts under no other name; another name is
     * refused with that reason rather than rendered into a resource that never applies.
     */
    @Parameter(property = Options.KUBERNETES_CONFIG_NAME, defaultValue = ClusterResources.CONFIG_NAME)
    String kubernetesConfigName;

    /** {@code metadata.name} of the operator's {@code TeleportAutoupdateVersionV1}: always {@code autoupdate-version}. */
    @Parameter(property = Options.KUBERNETES_VERSION_NAME, defaultValue = ClusterResources.VERSION_NAME)
    String kubernetesVersionName;

    /** The namespace of the operator's resources; unset, they go where they are applied (kubectl, Argo CD, Flux). */
    @Parameter(property = Options.KUBERNETES_NAMESPACE)
    String kubernetesNamespace;

    /** Where the site and the cluster resources go, with Maven's paths resolved. */
    SiteSettings siteSettings() {
        File output = underBuildDirectory(outputDirectory);
        File resources = underBuildDirectory(
                resourcesDirectory != null
                        ? resourcesDirectory
                        : new File(output.getAbsoluteFile().getParentFile(), "release-channels-resources"));
        // Unset only when the Mojo is built outside Maven, which fills in the defaults.
        return new SiteSettings(
                output.toPath(),
                statusPage,
                resources.toPath(),
                Optional.ofNullable(kubernetesConfigName).orElse(ClusterResources.CONFIG_NAME),
                Optional.ofNullable(kubernetesVersionName).orElse(ClusterResources.VERSION_NAME),
                Optional.ofNullable(kubernetesNamespace));
    }
}
