package io.github.releasechannels.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/** Encrypted settings.xml passwords ({@code mvn --encrypt-password}), for servers and proxies alike. */
final class SettingsSecrets {

    private SettingsSecrets() {
    }

    /**
     * What {@code decrypter} made of {@code request}; an error (a wrong master password, a damaged value) fails the
     * build naming {@code what}, never the value.
     */
    static SettingsDecryptionResult decrypted(SettingsDecrypter decrypter, SettingsDecryptionRequest request,
            String what) throws MojoFailureException {
        SettingsDecryptionResult result = decrypter.decrypt(request);
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw new MojoFailureException("Cannot decrypt " + what + ": " + problem.getMessage()
                        + ". Check settings-security.xml and the encrypted value.");
            }
        }
        return result;
    }
}
