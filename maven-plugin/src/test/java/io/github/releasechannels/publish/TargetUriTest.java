// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.url.Loopback;
import io.github.releasechannels.url.UrlParts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of every target URL: credentials and queries refused and never repeated, plain http only on this machine,
 * one path segment rule, one message form.
 */
class TargetUriTest {

    private static final String SECRET = "CANARYsecret0123456789";

    @TempDir
    Path work;

    /** Every scheme, every place a secret hides: before the '@', after a colon, with a '/', in the query. */
    private static final List<String> WITH_SECRETS = List.of(
            "git+https://" + SECRET + "@github.com/acme/pages.git#gh-pages",
            "git+https://x-access-token:" + SECRET + "@github.com/acme/pages.git",
            "git+https://github.com/acme/pages.git?access_token=" + SECRET,
            "git+http://" + SECRET + "@localhost:8080/pages.git",
            "git+ssh://git:" + SECRET + "@github.com/acme/pages.git",
            "git+file://" + SECRET + "@localhost/srv/git/pages.git",
            "s3://AKIAEXAMPLE:" + SECRET + "/with/slashes@bucket/prefix",
            "s3://" + SECRET + "@bucket/prefix",
            "s3://bucket/prefix?X-Amz-Security-Token=" + SECRET,
            "sftp://deploy:" + SECRET + "@www.example.com/var/www",
            "sftp://deploy@www.example.com/var/www?password=" + SECRET,
            "file://" + SECRET + "@localhost/srv/www",
            "file:///srv/www?token=" + SECRET,
            "ftp://" + SECRET + "@example.com/site");

    @Test
    void credentialsAndQueriesAreRefusedByEveryPublisherWithoutRepeatingThem() throws Exception {
        TargetSettings settings = new TargetSettings(
                Optional.empty(),
                TargetOptions.parse(Map.of("s3.region", "eu-west-1")),
                Map.of(),
                work,
                Retry.defaults());
        for (String target : WITH_SECRETS) {
            InvalidTargetException error = assertThrows(
                    InvalidTargetException.class,
                    () -> Publishers.standard().open(target, settings).close(),
                    target);
            assertFalse(error.getMessage().contains(SECRET), error.getMessage());
            assertFalse(error.target().contains(SECRET), error.target());
            assertTrue(error.getMessage().contains("***"), error.getMessage());
        }
    }

    @Test
    void aQueryOfTheS3EndpointIsNotRepeated() {
        // The endpoint is checked with the other options, before any target is opened.
        InvalidTargetException error = assertThrows(
                InvalidTargetException.class,
                () -> TargetOptions.parse(Map.of(
                        "s3.region", "eu-west-1", "s3.endpoint", "https://storage.example.com/?token=" + SECRET)));
        assertEquals(
                "releaseChannels.s3.endpoint 'https://storage.example.com/?***' is not an https:// URL with a "
                        + "host and no query; write e.g. https://storage.googleapis.com or "
                        + "https://ACCOUNT_ID.r2.cloudflarestorage.com",
                error.getMessage());
        assertFalse(error.target().contains(SECRET), error.target());
    }

    @Test
    void eachFactoryRefusesThemWhenCalledDirectly() {
        TargetSettings settings =
                new TargetSettings(Optional.empty(), TargetOptions.defaults(), Map.of(), work, Retry.defaults());
        for (PublisherFactory factory : List.of(
                new io.github.releasechannels.publish.file.DirectoryPublisherFactory(),
                new io.github.releasechannels.publish.git.GitPublisherFactory(),
                new io.github.releasechannels.publish.s3.S3PublisherFactory(),
                new io.github.releasechannels.publish.sftp.SftpPublisherFactory())) {
            for (String target : WITH_SECRETS) {
                if (!factory.schemes().contains(TargetUri.scheme(target))) {
                    continue;
                }
                InvalidTargetException error = assertThrows(
                        InvalidTargetException.class,
                        () -> factory.create(target, settings).close(),
                        target);
                assertFalse(error.getMessage().contains(SECRET), error.getMessage());
            }
        }
    }

    @Test
    void theRefusalSaysWhereTheCredentialsGo() {
        InvalidTargetException token = assertThrows(
                InvalidTargetException.class,
                () -> TargetUri.parse("git+https://" + SECRET + "@github.com/acme/pages.git#gh-pages"));
        assertEquals(
                "releaseChannels.target 'git+https://***@github.com/acme/pages.git#gh-pages' has credentials "
                        + "before the '@' (shown as ***); put the token in a settings.xml <server> <password> "
                        + "(releaseChannels.serverId) or in the environment variable named by "
                        + "releaseChannels.git.tokenVariable (GITHUB_TOKEN by default). Nothing was published.",
                token.getMessage());
        InvalidTargetException both = assertThrows(
                InvalidTargetException.class,
                () -> TargetUri.parse("s3://key:" + SECRET + "@bucket/p?token=" + SECRET));
        assertEquals("s3://***@bucket/p?***", both.target());
        assertTrue(both.getMessage().contains("AWS default credential chain"), both.getMessage());
        assertTrue(both.getMessage().contains("has a query (shown as ?***)"), both.getMessage());
    }

    @Test
    void sshLoginNamesPlainPathsAndOrdinaryUrlsAreAccepted() throws Exception {
        assertEquals(
                "sftp", TargetUri.parse("sftp://deploy@www.example.com/var/www").scheme());
        assertEquals(
                "git+ssh",
                TargetUri.parse("git+ssh://git@github.com/acme/pages.git#gh-pages")
                        .scheme());
        assertEquals(
                "sftp",
                TargetUri.parse("sftp://www.example.com:2222/var/www/a@b").scheme());
        assertEquals(
                "/home/ops@corp/www?", TargetUri.parse(" /home/ops@corp/www? ").value());
        assertEquals("file", TargetUri.parse("C:\\www").scheme());
        assertTrue(TargetUri.parse("file:///srv/www").isLocal());
        assertTrue(TargetUri.parse("/srv/www").isLocal());
        assertTrue(TargetUri.parse("git+file:///srv/git/pages.git").isLocal());
        assertFalse(TargetUri.parse("s3://bucket/p").isLocal());
        assertFalse(TargetUri.parse("git+https://github.com/a/b.git").isLocal());
    }

    @Test
    void redactMasksEveryUrlInFreeText() {
        assertEquals(
                "push to https://***@github.com/a.git failed; retry https://h/x?*** or ssh://git@h/r",
                UrlParts.redact("push to https://x:" + SECRET + "@github.com/a.git failed; retry https://h/x?t="
                        + SECRET + " or ssh://git@h/r"));
        assertEquals("no URL here: " + SECRET, UrlParts.redact("no URL here: " + SECRET));
        assertEquals("", UrlParts.redact(null));
    }

    @Test
    void loopbackIsOneRule() {
        for (String host :
                List.of("localhost", "LOCALHOST", "127.0.0.1", "127.9.8.7", "::1", "[::1]", "0:0:0:0:0:0:0:1")) {
            assertTrue(Loopback.isLoopbackHost(host), host);
        }
        for (String host : List.of("example.com", "10.0.0.1", "localhost.example.com", "128.0.0.1", "[::2]")) {
            assertFalse(Loopback.isLoopbackHost(host), host);
        }
    }

    @Test
    void plainHttpIsRefusedOffThisMachineInTheSameWordsWhereverAUrlCanUseIt() throws Exception {
        TargetSettings settings =
                new TargetSettings(Optional.empty(), TargetOptions.defaults(), Map.of(), work, Retry.defaults());
        InvalidTargetException git = assertThrows(
                InvalidTargetException.class,
                () -> Publishers.standard()
                        .open("git+http://git.example.com/pages.git", settings)
                        .close());
        InvalidTargetException endpoint = assertThrows(
                InvalidTargetException.class, () -> TargetOptions.parse(Map.of("s3.endpoint", "http://10.0.0.7:9000")));

        for (InvalidTargetException e : List.of(git, endpoint)) {
            assertTrue(e.getMessage().contains("uses plain http"), e.getMessage());
            assertTrue(e.getMessage().contains("(" + TargetUri.LOOPBACK_ONLY + ")"), e.getMessage());
        }
        assertTrue(TargetUri.isPlainHttpOffThisMachine(java.net.URI.create("http://example.com/x")));
        assertFalse(TargetUri.isPlainHttpOffThisMachine(java.net.URI.create("http://[::1]:8080/x")));
        assertFalse(TargetUri.isPlainHttpOffThisMachine(java.net.URI.create("https://example.com/x")));
    }

    @Test
    void thePathSegmentRuleIsOneForEveryTarget() {
        assertEquals(Optional.empty(), TargetUri.segmentProblem("teleport/updates"));
        for (String bad : List.of("a/../b", "..", "a/./b", "a//b", "a/")) {
            assertEquals(Optional.of("no empty, '.' or '..' segments"), TargetUri.segmentProblem(bad), bad);
        }
        assertEquals(Optional.of("no control characters"), TargetUri.segmentProblem("a/b\nc"));
    }

    @Test
    void everyTargetPathIsCheckedByTheSegmentRule() {
        TargetSettings settings = new TargetSettings(
                Optional.of(new Credentials(
                        Optional.of("key"), Optional.of("secret"), Optional.empty(), Optional.empty(), "test")),
                TargetOptions.defaults(),
                Map.of(),
                work,
                Retry.defaults());
        for (String target : List.of(
                "s3://bucket/a/../b",
                "s3://bucket/a/\u0007b",
                "sftp://deploy@www.example.com/var/../etc",
                "sftp://deploy@www.example.com/var/www%0Aevil")) {
            InvalidTargetException e = assertThrows(
                    InvalidTargetException.class,
                    () -> Publishers.standard().open(target, settings).close(),
                    target);
            assertTrue(e.getMessage().startsWith("releaseChannels.target '"), e.getMessage());
            assertTrue(
                    e.getMessage().contains("no empty, '.' or '..' segments")
                            || e.getMessage().contains("no control characters"),
                    e.getMessage());
        }
        InvalidTargetException folder = assertThrows(
                InvalidTargetException.class, () -> TargetOptions.parse(Map.of("git.directory", "docs/\u0007updates")));
        assertTrue(folder.getMessage().contains("releaseChannels.git.directory"), folder.getMessage());
    }

    @Test
    void aMalformedTargetIsNamedInOneFormWhateverItsScheme() {
        TargetSettings settings =
                new TargetSettings(Optional.empty(), TargetOptions.defaults(), Map.of(), work, Retry.defaults());
        for (String target : List.of(
                "sftp:deploy@host/x",
                "sftp://deploy@host/x y",
                "git+https://exa mple.com/p.git",
                "s3://b/x",
                "file:///srv/www%")) {
            InvalidTargetException e = assertThrows(
                    InvalidTargetException.class,
                    () -> Publishers.standard().open(target, settings).close(),
                    target);
            assertTrue(e.getMessage().startsWith("releaseChannels.target '" + target + "' "), e.getMessage());
            assertEquals(target, e.target());
        }
    }
}
