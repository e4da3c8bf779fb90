// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.ci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Stands in for the action {@code teleport-actions/auth} where no cluster exists. As the action does (read from
 * teleport-actions/auth): both inputs {@code proxy} and {@code token} are required, tbot writes an identity into a
 * fresh directory, and the action exports {@code TELEPORT_PROXY} and {@code TELEPORT_AUTH_SERVER} (the proxy) and
 * {@code TELEPORT_IDENTITY_FILE} (that directory's {@code identity}) to the job's later steps, where tctl reads them.
 */
final class TeleportAuthStandIn {

    /** The action, as a workflow's {@code uses:} names it without its version. */
    static final String ACTION = "teleport-actions/auth";

    /** The action fails, with the message the runner shows. */
    static final class LoginRefused extends Exception {
        LoginRefused(String message) {
            super(message);
        }
    }

    private TeleportAuthStandIn() {}

    /**
     * Logs in as the action does.
     *
     * @param inputs    the step's {@code with:}, its expressions resolved
     * @param directory a fresh directory for the identity, as the action makes one in the runner's temp
     * @return the variables the action exports to the job's later steps
     */
    static Map<String, String> login(Map<String, String> inputs, Path directory) throws IOException, LoginRefused {
        for (String input : List.of("proxy", "token")) {
            if (inputs.getOrDefault(input, "").isBlank()) {
                // @actions/core getInput(name, {required: true})
                throw new LoginRefused("Input required and not supplied: " + input);
            }
        }
        Path identity = Files.createDirectories(directory).resolve("identity");
        // A stand-in identity names only the bot's join token and the proxy: nothing secret is written.
        Files.writeString(
                identity,
                "stand-in identity of the bot joining with " + inputs.get("token") + " at " + inputs.get("proxy")
                        + "\n");
        return Map.of(
                "TELEPORT_PROXY",
                inputs.get("proxy"),
                "TELEPORT_AUTH_SERVER",
                inputs.get("proxy"),
                "TELEPORT_IDENTITY_FILE",
                identity.toString());
    }
}
