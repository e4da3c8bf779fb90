// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How to point agents at a channel: the systemd updater's endpoint file and the Kubernetes updater's Helm values. */
public final class AgentInstructions {

    /** Stands for the version server's host and path when its address is not known. */
    public static final String PLACEHOLDER_HOST = "<your-version-server>";

    /**
     * What to run for one channel.
     *
     * @param channel  the channel name
     * @param check    a curl command reading the channel's version with the shell updater's options
     * @param endpoint what {@code /etc/teleport-upgrade.d/endpoint} holds: {@code host[:port]/path/<channel>}
     * @param systemd  the command writing {@code endpoint} to that file
     * @param helm     the {@code --set} options of the teleport-kube-agent chart
     */
    public record ForChannel(String channel, String check, String endpoint, String systemd, String helm) {}

    private AgentInstructions() {}

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
            ForChannel instructions = forChannel(baseUrl, channel, caCertificate);
            lines.add("  " + channel + ":");
            lines.add("    check:   " + instructions.check());
            lines.add("    systemd: " + instructions.systemd());
            lines.add("    Helm:    " + instructions.helm());
        }
        caCertificate.ifPresent(file -> lines.add("Agents must trust " + file + ": add it to the system trust "
                + "store (systemd) or to a Secret named in updater.tls.existingCASecretName (Helm)."));
        return lines;
    }

    /** The instructions for {@code channel} on the version server at {@code baseUrl}. */
    public static ForChannel forChannel(BaseUrl baseUrl, String channel, Optional<Path> caCertificate) {
        return forChannel(baseUrl.toString(), baseUrl.endpoint(channel), channel, caCertificate);
    }

    /** The instructions for {@code channel} with {@link #PLACEHOLDER_HOST} where the server's address goes. */
    public static ForChannel withPlaceholder(String channel) {
        return forChannel("https://" + PLACEHOLDER_HOST, PLACEHOLDER_HOST + "/" + channel, channel, Optional.empty());
    }

    private static ForChannel forChannel(
            String baseUrl, String endpoint, String channel, Optional<Path> caCertificate) {
        return new ForChannel(
                channel,
                "curl --proto '=https' --tlsv1.2 -sSf "
                        + caCertificate.map(file -> "--cacert " + file + " ").orElse("") + baseUrl + "/" + channel
                        + "/version",
                endpoint,
                "echo '" + endpoint + "' | sudo tee /etc/teleport-upgrade.d/endpoint",
                "--set updater.versionServer=" + baseUrl + " --set updater.releaseChannel=" + channel);
    }
}
