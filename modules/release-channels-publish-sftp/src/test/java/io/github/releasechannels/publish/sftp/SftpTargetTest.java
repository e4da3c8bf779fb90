// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.Publishers;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.TargetOptions;
import io.github.releasechannels.publish.TargetSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing {@code sftp://USER@HOST[:PORT]/PATH}. */
class SftpTargetTest {

    static final Optional<Credentials> NO_USERNAME = Optional.of(new Credentials(
            Optional.empty(), Optional.of("pw"), Optional.empty(), Optional.empty(), "settings.xml server 'www'"));

    @Test
    void parsesUserHostPortAndPath() throws Exception {
        assertEquals(
                new SftpTarget("deploy", "www.example.com", 2222, "/var/www/updates"),
                SftpTarget.parse("sftp://deploy@www.example.com:2222/var/www/updates/", NO_USERNAME));
        assertEquals(
                new SftpTarget("deploy", "::1", 22, "/srv"), SftpTarget.parse("sftp://deploy@[::1]/srv", NO_USERNAME));
        assertEquals("[::1]:2222", new SftpTarget("deploy", "::1", 2222, "/srv").knownHostsName());
        assertEquals("www.example.com", new SftpTarget("d", "www.example.com", 22, "/").knownHostsName());
    }

    @Test
    void takesTheUserFromSettingsWhenTheUriHasNone() throws Exception {
        Optional<Credentials> withUsername = Optional.of(new Credentials(
                Optional.of("publisher"),
                Optional.of("pw"),
                Optional.empty(),
                Optional.empty(),
                "settings.xml server 'www'"));

        assertEquals(
                "publisher",
                SftpTarget.parse("sftp://www.example.com/var/www", withUsername).user());
        assertEquals(
                "deploy",
                SftpTarget.parse("sftp://deploy@www.example.com/var/www", withUsername)
                        .user());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sftp://www.example.com/var/www",
                "sftp://deploy@/var/www",
                "sftp://deploy@host",
                "sftp://deploy@host:0/x",
                "sftp://deploy@host:70000/x",
                "sftp://deploy@host/var/../etc",
                "sftp://deploy@host/x#y",
                "sftp://deploy@host/x y",
                "sftp:deploy@host/x"
            })
    void malformedTargetsNameTheValueAndTheExpectedForm(String target) {
        InvalidTargetException e =
                assertThrows(InvalidTargetException.class, () -> SftpTarget.parse(target, NO_USERNAME));

        assertTrue(e.getMessage().contains("'" + target + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("sftp://USER@HOST[:PORT]/"), e.getMessage());
    }

    @Test
    void standardPublishersOpenSftpTargetsAndRequireCredentials() throws Exception {
        TargetSettings none = new TargetSettings(
                Optional.empty(), TargetOptions.defaults(), Map.of(), Path.of("work"), Retry.defaults());
        InvalidTargetException e = assertThrows(
                InvalidTargetException.class,
                () -> Publishers.standard().open("sftp://deploy@www.example.com/var/www", none));
        assertTrue(e.getMessage().contains("serverId"), e.getMessage());

        TargetSettings withPassword = new TargetSettings(
                NO_USERNAME,
                TargetOptions.parse(Map.of("knownHosts", "/tmp/kh")),
                Map.of(),
                Path.of("work"),
                Retry.defaults());
        try (var publisher = Publishers.standard().open("sftp://deploy@www.example.com/var/www", withPassword)) {
            assertEquals(
                    "sftp://deploy@www.example.com/var/www (password from settings.xml server 'www'; host key "
                            + "checked against /tmp/kh)",
                    publisher.describe());
        }
    }
}
