package io.github.releasechannels.verify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How to point agents at a channel: the systemd updater's endpoint file and the Kubernetes updater's Helm values. */
public final class AgentInstructions {

    private AgentInstructions() {
    }

    /**
     * Lines for each channel.
     *
     * @param baseUrl where the site is served
     * @param channels the channel names
     * @param caCertificate a PEM file agents and curl must trust, when the certificate is not publicly trusted
     */
    public static List<String> lines(BaseUrl baseUrl, List<String> channels, Optional<Path> caCertificate) {
        List<String> lines = new ArrayList<>();
        lines.add("Point agents at a channel:");
        for (String channel : channels) {
            lines.add("  " + channel + ":");
            lines.add("    check:   curl --proto '=https' --tlsv1.2 -sSf "
                    + caCertificate.map(file -> "--cacert " + file + " ").orElse("")
                    + baseUrl.resolve(channel + "/version"));
            lines.add("    systemd: echo '" + baseUrl.endpoint(channel)
                    + "' | sudo tee /etc/teleport-upgrade.d/endpoint");
            lines.add("    Helm:    --set updater.versionServer=" + baseUrl + " --set updater.releaseChannel="
                    + channel);
        }
        caCertificate.ifPresent(file -> lines.add("Agents must trust " + file + ": add it to the system trust "
                + "store (systemd) or to a Secret named in updater.tls.existingCASecretName (Helm)."));
        return lines;
    }
}
