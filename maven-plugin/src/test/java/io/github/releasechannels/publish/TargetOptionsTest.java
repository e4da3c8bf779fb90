// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.publish.git.GitOptions;
import io.github.releasechannels.publish.s3.S3Options;
import io.github.releasechannels.publish.ssh.SshOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The target options are typed and checked once, every wrong one named by its parameter, all at once. */
class TargetOptionsTest {

    @Test
    void unsetOptionsTakeTheirDefaults() throws Exception {
        TargetOptions options = TargetOptions.parse(Map.of());

        assertEquals(TargetOptions.defaults(), options);
        assertEquals(Duration.ofSeconds(30), options.common().timeout().duration());
        assertEquals(16, options.common().parallelism());
        assertEquals(Duration.ofMinutes(1), options.common().lock().expiry());
        assertEquals(Duration.ofSeconds(15), options.common().lock().renewEvery());
        assertEquals(Duration.ofSeconds(15), options.common().lock().margin());
        assertEquals(Duration.ofMinutes(2), options.common().lock().patience());
        assertEquals(Optional.empty(), options.of(S3Options.class).region());
        assertFalse(options.of(S3Options.class).pathStyle());
        assertTrue(options.of(S3Options.class).conditionalWrites());
        assertFalse(options.of(S3Options.class).verifyHeaders());
        assertEquals(
                S3Options.ChecksumMode.WHEN_SUPPORTED,
                options.of(S3Options.class).checksums());
        assertEquals("", options.of(GitOptions.class).directory());
        assertEquals("GITHUB_TOKEN", options.of(GitOptions.class).tokenVariable());
        assertEquals(
                Path.of(System.getProperty("user.home"), ".ssh", "known_hosts").toAbsolutePath(),
                options.of(SshOptions.class).knownHosts());
    }

    @Test
    void everyOptionIsReadIntoItsTypedField() throws Exception {
        TargetOptions options = TargetOptions.parse(Map.ofEntries(
                Map.entry(NetworkTimeout.OPTION, "120"),
                Map.entry(PublishPipeline.PARALLELISM_OPTION, " 4 "),
                Map.entry(PublishLock.Policy.EXPIRY_OPTION, "90"),
                Map.entry(PublishLock.Policy.WAIT_OPTION, "0"),
                Map.entry(S3Options.REGION, "EU-West-1"),
                Map.entry(S3Options.ENDPOINT, "http://127.0.0.1:9000"),
                Map.entry(S3Options.PATH_STYLE, "TRUE"),
                Map.entry(S3Options.CONDITIONAL_WRITES, "false"),
                Map.entry(S3Options.REQUEST_CHECKSUMS, "when-required"),
                Map.entry(S3Options.VERIFY_HEADERS, "true"),
                Map.entry(GitOptions.DIRECTORY, "/docs/updates/"),
                Map.entry(GitOptions.TOKEN_VARIABLE, "PAGES_TOKEN"),
                Map.entry(SshOptions.KNOWN_HOSTS, "/etc/ssh/ssh_known_hosts")));

        assertEquals(Duration.ofSeconds(120), options.common().timeout().duration());
        assertEquals(4, options.common().parallelism());
        assertEquals(Duration.ofSeconds(90), options.common().lock().expiry());
        assertEquals(Duration.ZERO, options.common().lock().patience());
        assertEquals(Optional.of("eu-west-1"), options.of(S3Options.class).region());
        assertEquals(
                Optional.of(URI.create("http://127.0.0.1:9000")),
                options.of(S3Options.class).endpoint());
        assertTrue(options.of(S3Options.class).pathStyle());
        assertFalse(options.of(S3Options.class).conditionalWrites());
        assertEquals(
                S3Options.ChecksumMode.WHEN_REQUIRED,
                options.of(S3Options.class).checksums());
        assertTrue(options.of(S3Options.class).verifyHeaders());
        assertEquals("docs/updates/", options.of(GitOptions.class).directory());
        assertEquals("PAGES_TOKEN", options.of(GitOptions.class).tokenVariable());
        assertEquals(
                Path.of("/etc/ssh/ssh_known_hosts"),
                options.of(SshOptions.class).knownHosts());
    }

    @Test
    void theLockTimesAreBoundedAtBothEnds() throws Exception {
        for (String expiry : new String[] {"4", "3600"}) {
            assertEquals(
                    Duration.ofSeconds(Long.parseLong(expiry)),
                    TargetOptions.parse(Map.of(PublishLock.Policy.EXPIRY_OPTION, expiry))
                            .common()
                            .lock()
                            .expiry());
        }
        assertEquals(
                Duration.ofDays(1),
                TargetOptions.parse(Map.of(PublishLock.Policy.WAIT_OPTION, "86400"))
                        .common()
                        .lock()
                        .patience());
        for (String expiry : new String[] {"3", "3601", "-60", "99999999999999999999"}) {
            InvalidTargetException e = assertThrows(
                    InvalidTargetException.class,
                    () -> TargetOptions.parse(Map.of(PublishLock.Policy.EXPIRY_OPTION, expiry)));
            assertEquals(
                    "releaseChannels.lock.expirySeconds '" + expiry + "' is not a whole number of seconds from 4 "
                            + "to 3600. The publish renews its lock every quarter of it, and a killed publish's lock on "
                            + "another host is taken over once it has run out; default 60",
                    e.getMessage());
        }
        InvalidTargetException e = assertThrows(
                InvalidTargetException.class,
                () -> TargetOptions.parse(Map.of(PublishLock.Policy.WAIT_OPTION, "86401")));
        assertTrue(
                e.getMessage()
                        .startsWith("releaseChannels.lock.waitSeconds '86401' is not a whole number of "
                                + "seconds from 0 to 86400"),
                e.getMessage());
    }

    @Test
    void everyWrongOptionIsListedAtOnceByItsParameterName() {
        Map<String, String> bad = new HashMap<>();
        bad.put(NetworkTimeout.OPTION, "601");
        bad.put(PublishPipeline.PARALLELISM_OPTION, "0");
        bad.put(PublishLock.Policy.EXPIRY_OPTION, "0");
        bad.put(PublishLock.Policy.WAIT_OPTION, "soon");
        bad.put(S3Options.REGION, "eu west 1");
        bad.put(S3Options.ENDPOINT, "ftp://storage.example.com");
        bad.put(S3Options.PATH_STYLE, "yes");
        bad.put(S3Options.CONDITIONAL_WRITES, "maybe");
        bad.put(S3Options.REQUEST_CHECKSUMS, "always");
        bad.put(S3Options.VERIFY_HEADERS, "1");
        bad.put(GitOptions.DIRECTORY, "../escape");
        bad.put(SshOptions.KNOWN_HOSTS, "bad\0path");

        InvalidTargetException e = assertThrows(InvalidTargetException.class, () -> TargetOptions.parse(bad));

        String message = e.getMessage();
        assertTrue(message.startsWith("12 target options are wrong:"), message);
        for (String expected : new String[] {
            "releaseChannels.timeoutSeconds '601' is not a whole number of seconds from 1 to 600",
            "releaseChannels.parallelism '0' is not a whole number from 1 to 256",
            "releaseChannels.lock.expirySeconds '0' is not a whole number of seconds from 4 to 3600",
            "releaseChannels.lock.waitSeconds 'soon' is not a whole number of seconds from 0 to 86400",
            "releaseChannels.s3.region 'eu west 1' is not a region name",
            "releaseChannels.s3.endpoint 'ftp://storage.example.com' is not an https:// URL",
            "releaseChannels.s3.pathStyle 'yes' is not true or false",
            "releaseChannels.s3.conditionalWrites 'maybe' is not true or false",
            "releaseChannels.s3.requestChecksums 'always' is not when_supported",
            "releaseChannels.s3.verifyHeaders '1' is not true or false",
            "releaseChannels.git.directory '../escape' is not a plain folder path",
            "releaseChannels.knownHosts 'bad\0path' is not a valid path"
        }) {
            assertTrue(message.contains("\n  - " + expected), "missing '" + expected + "' in:\n" + message);
        }
        assertTrue(message.endsWith("Nothing was published."), message);
    }

    @Test
    void oneWrongOptionIsReportedAloneWithItsValue() {
        InvalidTargetException e = assertThrows(
                InvalidTargetException.class,
                () -> TargetOptions.parse(Map.of(PublishPipeline.PARALLELISM_OPTION, "many")));

        assertEquals(
                "releaseChannels.parallelism 'many' is not a whole number from 1 to 256 (how many files are "
                        + "written at once; default 16)",
                e.getMessage());
        assertEquals("many", e.target());
    }

    @Test
    void aSecretInTheEndpointIsNeverRepeated() {
        InvalidTargetException e = assertThrows(
                InvalidTargetException.class,
                () -> TargetOptions.parse(Map.of(
                        S3Options.ENDPOINT, "https://AKIAKEY:s3cr3t/x@storage.example.com",
                        PublishPipeline.PARALLELISM_OPTION, "0")));

        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertTrue(e.getMessage().contains("releaseChannels.s3.endpoint must not contain credentials"), e.getMessage());
        assertFalse(e.target().contains("s3cr3t"), e.target());
    }

    @Test
    void blankValuesCountAsUnset() throws Exception {
        TargetOptions options = TargetOptions.parse(Map.of(S3Options.REGION, "  ", NetworkTimeout.OPTION, ""));

        assertEquals(Optional.empty(), options.of(S3Options.class).region());
        assertEquals(NetworkTimeout.DEFAULT, options.common().timeout());
    }
}
