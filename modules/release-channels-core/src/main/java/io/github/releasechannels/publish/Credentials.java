// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Credentials for a target and where they came from. {@link #toString()} and {@link #source()} never show a secret.
 *
 * @param username   user name or access key id
 * @param password   password, token or secret key
 * @param privateKey an SSH private key file
 * @param passphrase the private key's passphrase
 * @param source     where they came from, e.g. {@code settings.xml server 'pages'}
 */
public record Credentials(
        Optional<String> username,
        Optional<String> password,
        Optional<Path> privateKey,
        Optional<String> passphrase,
        String source) {

    @Override
    public String toString() {
        return "credentials from " + source;
    }
}
