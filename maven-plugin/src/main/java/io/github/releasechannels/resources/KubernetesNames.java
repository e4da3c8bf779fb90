package io.github.releasechannels.resources;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names of the Teleport operator's custom resources: {@code metadata.name} of each, and the namespace they are
 * applied in (empty: the namespace of whoever applies them, as {@code kubectl apply} and Argo CD do).
 *
 * @param configName  name of the {@code TeleportAutoupdateConfigV1}
 * @param versionName name of the {@code TeleportAutoupdateVersionV1}
 * @param namespace   the namespace, if set
 */
public record KubernetesNames(String configName, String versionName, Optional<String> namespace) {

    /** Kubernetes object names: a DNS-1123 subdomain. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** Namespaces: a DNS-1123 label. */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    public static final KubernetesNames DEFAULT =
            new KubernetesNames(ClusterResources.CONFIG_NAME, ClusterResources.VERSION_NAME, Optional.empty());

    public KubernetesNames {
        check(configName, NAME, 253, "releaseChannels.kubernetes.configName");
        check(versionName, NAME, 253, "releaseChannels.kubernetes.versionName");
        namespace.ifPresent(ns -> check(ns, LABEL, 63, "releaseChannels.kubernetes.namespace"));
    }

    private static void check(String value, Pattern pattern, int maxLength, String parameter) {
        if (value == null || value.length() > maxLength || !pattern.matcher(value).matches()) {
            throw new InvalidKubernetesNameException(parameter, value, maxLength);
        }
    }

    /** A name Kubernetes would refuse, with the parameter it came from. */
    public static final class InvalidKubernetesNameException extends IllegalArgumentException {
        private final String parameter;
        private final String value;

        InvalidKubernetesNameException(String parameter, String value, int maxLength) {
            super(parameter + " is '" + value + "', which Kubernetes does not accept as a name: use lower-case "
                    + "a-z, 0-9 and '-'" + (maxLength > 63 ? " (and '.' between parts)" : "") + ", starting and "
                    + "ending with a letter or digit, at most " + maxLength + " characters");
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
