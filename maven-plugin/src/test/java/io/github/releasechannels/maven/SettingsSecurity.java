// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/** A settings-security.xml as {@code mvn --encrypt-master-password} leaves it, for tests of encrypted passwords. */
final class SettingsSecurity {

    private SettingsSecurity() {}

    /** Writes {@code settings-security.xml} holding {@code master} into {@code dir}. */
    static Path write(Path dir, String master) throws Exception {
        String encrypted =
                new DefaultPlexusCipher().encryptAndDecorate(master, DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION);
        return Files.writeString(
                dir.resolve("settings-security.xml"),
                "<settingsSecurity><master>" + encrypted + "</master></settingsSecurity>");
    }
}
