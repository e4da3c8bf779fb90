// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.ssh;

import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.TargetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/** The one way SFTP and git+ssh load a settings.xml {@code <privateKey>}: OpenSSH or PEM, with its passphrase. */
public final class PrivateKeys {

    private PrivateKeys() {}

    /**
     * The key pairs in {@code credentials}' private key file, decrypted with its {@code <passphrase>} (tried once,
     * never prompted for); none when it names no file.
     *
     * @throws TargetException naming the file and what to check, never quoting what the file holds
     */
    public static List<KeyPair> load(Credentials credentials) throws TargetException {
        if (credentials.privateKey().isEmpty()) {
            return List.of();
        }
        Path file = credentials.privateKey().get();
        FilePasswordProvider passphrase =
                credentials.passphrase().map(FilePasswordProvider::of).orElse(FilePasswordProvider.EMPTY);
        List<KeyPair> loaded = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in, passphrase)
                    .forEach(loaded::add);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // The cause is left out on purpose: key parsers may quote what they were given.
            throw new TargetException("Cannot read the SSH private key " + file + " named by "
                    + credentials.source() + " (" + e.getClass().getSimpleName() + "). Check that it is an "
                    + "OpenSSH or PEM private key and, if it is encrypted, that the server's <passphrase> is right.");
        }
        if (loaded.isEmpty()) {
            throw new TargetException(
                    "The file " + file + " named by " + credentials.source() + " holds no private key.");
        }
        return List.copyOf(loaded);
    }
}
