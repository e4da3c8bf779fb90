// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.PublishLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsXmlServersTest {

    @TempDir
    Path directory;

    private Path settings(String servers) throws IOException {
        return Files.writeString(
                directory.resolve("settings.xml"),
                "<?xml version=\"1.0\"?>\n<settings>\n  <servers>\n" + servers + "  </servers>\n</settings>\n");
    }

    @Test
    void readsAPlainServerAndExpandsEnvironmentVariables() throws Exception {
        Path file = settings("<server><id>other</id><username>no</username></server>\n"
                + "<server><id>site</id><username>deployer</username><password>${env.SITE_TOKEN}</password>"
                + "</server>\n");

        Optional<Credentials> credentials =
                new SettingsXmlServers(file, true, Map.of("SITE_TOKEN", "s3cret"), PublishLog.SILENT).of("site");

        assertEquals(Optional.of("deployer"), credentials.orElseThrow().username());
        assertEquals(Optional.of("s3cret"), credentials.orElseThrow().password());
        assertFalse(credentials.orElseThrow().toString().contains("s3cret"));
    }

    @Test
    void noServerOfThatIdAndNoDefaultFileMeanNone() throws Exception {
        Path file = settings("<server><id>other</id></server>\n");

        assertTrue(new SettingsXmlServers(file, true, Map.of(), PublishLog.SILENT)
                .of("site")
                .isEmpty());
        assertTrue(new SettingsXmlServers(directory.resolve("missing.xml"), false, Map.of(), PublishLog.SILENT)
                .of("site")
                .isEmpty());
    }

    @Test
    void refusesAnEncryptedPasswordWithoutQuotingIt() throws Exception {
        Path file = settings("<server><id>site</id><password>{COQLCE6DU6GtcS5P=}</password></server>\n");

        UserProblemException problem = assertThrows(
                UserProblemException.class,
                () -> new SettingsXmlServers(file, true, Map.of(), PublishLog.SILENT).of("site"));

        assertTrue(problem.getMessage().contains("encrypted"), problem.getMessage());
        assertFalse(problem.getMessage().contains("COQLCE6DU6GtcS5P"), problem.getMessage());
    }

    @Test
    void badXmlNamesItsLineAndAGivenMissingFileIsAProblem() throws Exception {
        Path file = Files.writeString(directory.resolve("settings.xml"), "<settings>\n  <servers>\n</settings>\n");

        UserProblemException bad = assertThrows(
                UserProblemException.class,
                () -> new SettingsXmlServers(file, true, Map.of(), PublishLog.SILENT).of("site"));
        UserProblemException missing = assertThrows(
                UserProblemException.class,
                () -> new SettingsXmlServers(directory.resolve("none.xml"), true, Map.of(), PublishLog.SILENT)
                        .of("site"));

        assertTrue(bad.getMessage().startsWith(file + ":3:"), bad.getMessage());
        assertTrue(missing.getMessage().contains("--settings"), missing.getMessage());
    }

    @Test
    void refusesADoctype() throws Exception {
        Path file = Files.writeString(
                directory.resolve("settings.xml"),
                "<?xml version=\"1.0\"?>\n"
                        + "<!DOCTYPE settings [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<settings/>\n");

        assertThrows(
                UserProblemException.class,
                () -> new SettingsXmlServers(file, true, Map.of(), PublishLog.SILENT).of("site"));
    }
}
