// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import io.github.releasechannels.failure.UserProblemException;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/** Encrypted settings.xml passwords ({@code mvn --encrypt-password}), for servers and proxies alike. */
final class SettingsSecrets {

    private SettingsSecrets() {}

    /**
     * What {@code decrypter} made of {@code request}; an error (a wrong master password, a damaged value) fails the
     * build naming {@code what}, never the value.
     */
    static SettingsDecryptionResult decrypted(
            SettingsDecrypter decrypter, SettingsDecryptionRequest request, String what) throws UserProblemException {
        SettingsDecryptionResult result = decrypter.decrypt(request);
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw new UserProblemException("Cannot decrypt " + what + ": " + problem.getMessage()
                        + ". Check settings-security.xml and the encrypted value.");
            }
        }
        return result;
    }
}
