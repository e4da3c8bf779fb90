// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the goals that render the site put it.
 *
 * @param outputDirectory       the rendered site
 * @param statusPage            whether {@code index.html} is rendered
 * @param resourcesDirectory    the cluster configuration (Managed Updates v2 resources, the Proxy's snippet)
 * @param kubernetesConfigName  {@code metadata.name} of the operator's {@code TeleportAutoupdateConfigV1}
 * @param kubernetesVersionName {@code metadata.name} of the operator's {@code TeleportAutoupdateVersionV1}
 * @param kubernetesNamespace   the operator resources' namespace; empty: where they are applied
 */
public record SiteSettings(
        Path outputDirectory,
        boolean statusPage,
        Path resourcesDirectory,
        String kubernetesConfigName,
        String kubernetesVersionName,
        Optional<String> kubernetesNamespace) {

    /** A blank namespace counts as unset. */
    public SiteSettings {
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        Objects.requireNonNull(resourcesDirectory, "resourcesDirectory");
        Objects.requireNonNull(kubernetesConfigName, "kubernetesConfigName");
        Objects.requireNonNull(kubernetesVersionName, "kubernetesVersionName");
        kubernetesNamespace = kubernetesNamespace.map(String::trim).filter(ns -> !ns.isEmpty());
    }
}
