// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.resources;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names of the Teleport operator's custom resources: {@code metadata.name} of each, and the namespace they are
 * applied in (empty: the namespace of whoever applies them, as {@code kubectl apply} and Argo CD do).
 *
 * <p>The names are Teleport's, not ours to choose: the operator copies a custom resource's {@code metadata.name}
 * into the Teleport resource it creates, and Teleport accepts only {@value ClusterResources#CONFIG_NAME} and
 * {@value ClusterResources#VERSION_NAME} for these per-cluster singletons. A custom resource with another name is
 * one the operator can never reconcile, so another name is refused, not rendered.
 *
 * @param configName  name of the {@code TeleportAutoupdateConfigV1}: always {@value ClusterResources#CONFIG_NAME}
 * @param versionName name of the {@code TeleportAutoupdateVersionV1}: always {@value ClusterResources#VERSION_NAME}
 * @param namespace   the namespace, if set
 */
public record KubernetesNames(String configName, String versionName, Optional<String> namespace) {

    /** Namespaces: a DNS-1123 label. */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    public static final KubernetesNames DEFAULT = inNamespace(Optional.empty());

    public KubernetesNames {
        singleton(
                configName, ClusterResources.CONFIG_NAME, "releaseChannels.kubernetes.configName", "autoupdate_config");
        singleton(
                versionName,
                ClusterResources.VERSION_NAME,
                "releaseChannels.kubernetes.versionName",
                "autoupdate_version");
        namespace.ifPresent(ns -> {
            if (ns.length() > 63 || !LABEL.matcher(ns).matches()) {
                throw new InvalidKubernetesNameException(
                        "releaseChannels.kubernetes.namespace",
                        ns,
                        "releaseChannels"
                                + ".kubernetes.namespace is '" + ns
                                + "', which Kubernetes does not accept as a namespace: "
                                + "use lower-case a-z, 0-9 and '-', starting and ending with a letter or digit, at most 63 "
                                + "characters");
            }
        });
    }

    /** The singleton names, in {@code namespace}. */
    public static KubernetesNames inNamespace(Optional<String> namespace) {
        return new KubernetesNames(ClusterResources.CONFIG_NAME, ClusterResources.VERSION_NAME, namespace);
    }

    private static void singleton(String name, String singleton, String parameter, String kind) {
        if (!singleton.equals(name)) {
            throw new InvalidKubernetesNameException(
                    parameter,
                    name,
                    parameter + " is '" + name + "', but the "
                            + "Teleport operator copies metadata.name into the " + kind
                            + " resource it creates, and Teleport "
                            + "accepts only '" + singleton
                            + "' for that per-cluster singleton: a custom resource named "
                            + "otherwise is never reconciled. Remove " + parameter + " (the name is always '"
                            + singleton
                            + "'); use releaseChannels.kubernetes.namespace to choose where the resources go");
        }
    }

    /** A name Teleport or Kubernetes would refuse, with the parameter it came from. */
    public static final class InvalidKubernetesNameException extends IllegalArgumentException {
        private final String parameter;
        private final String value;

        InvalidKubernetesNameException(String parameter, String value, String message) {
            super(message);
            this.parameter = parameter;
            this.value = value;
        }

        public String parameter() {
            return parameter;
        }

        public String value() {
            return value;
        }
    }
}
