// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentInstructionsTest {

    @Test
    void endpointHasNoSchemeAndHelmHasServerAndChannel() throws Exception {
        List<String> lines = AgentInstructions.lines(
                BaseUrl.parse("https://updates.example.com/teleport", false), List.of("stable/v14"), Optional.empty());

        assertEquals(
                List.of(
                        "Point agents at a channel:",
                        "  stable/v14:",
                        "    check:   curl --proto '=https' --tlsv1.2 -sSf "
                                + "https://updates.example.com/teleport/stable/v14/version",
                        "    systemd: echo 'updates.example.com/teleport/stable/v14' | sudo tee "
                                + "/etc/teleport-upgrade.d/endpoint",
                        "    Helm:    --set updater.versionServer=https://updates.example.com/teleport "
                                + "--set updater.releaseChannel=stable/v14"),
                lines);
    }

    @Test
    void withoutAnAddressAPlaceholderStandsForIt() {
        AgentInstructions.ForChannel instructions = AgentInstructions.withPlaceholder("current");

        assertEquals(
                "curl --proto '=https' --tlsv1.2 -sSf https://<your-version-server>/current/version",
                instructions.check());
        assertEquals("<your-version-server>/current", instructions.endpoint());
        assertEquals(
                "echo '<your-version-server>/current' | sudo tee /etc/teleport-upgrade.d/endpoint",
                instructions.systemd());
        assertEquals(
                "--set updater.versionServer=https://<your-version-server> --set updater.releaseChannel=current",
                instructions.helm());
    }

    @Test
    void aPrivateCertificateIsPassedToCurlAndExplained() throws Exception {
        List<String> lines = AgentInstructions.lines(
                BaseUrl.parse("https://localhost:8443", false),
                List.of("current"),
                Optional.of(Path.of("target/release-channels-localhost.pem")));

        assertEquals(
                "    check:   curl --proto '=https' --tlsv1.2 -sSf --cacert "
                        + "target/release-channels-localhost.pem https://localhost:8443/current/version",
                lines.get(2));
        assertEquals(
                "Agents must trust target/release-channels-localhost.pem: add it to the system trust store "
                        + "(systemd) or to a Secret named in updater.tls.existingCASecretName (Helm).",
                lines.get(5));
    }
}
