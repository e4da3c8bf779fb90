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

/** Credentials and queries in target URLs: refused by every publisher, never repeated. */
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
    void credentialsAndQueriesAreRefusedByEveryPublisherWithoutRepeatingThem() {
        TargetSettings settings = new TargetSettings(Optional.empty(), Map.of("s3.region", "eu-west-1"),
                Map.of(), work, Retry.defaults());
        for (String target : WITH_SECRETS) {
            InvalidTargetException error = assertThrows(InvalidTargetException.class,
                    () -> Publishers.standard().open(target, settings).close(), target);
            assertFalse(error.getMessage().contains(SECRET), error.getMessage());
            assertFalse(error.target().contains(SECRET), error.target());
            assertTrue(error.getMessage().contains("***"), error.getMessage());
        }
    }

    @Test
    void aQueryOfTheS3EndpointIsNotRepeated() {
        TargetSettings settings = new TargetSettings(Optional.empty(), Map.of("s3.region", "eu-west-1",
                "s3.endpoint", "https://storage.example.com/?token=" + SECRET), Map.of(), work, Retry.defaults());
        InvalidTargetException error = assertThrows(InvalidTargetException.class,
                () -> Publishers.standard().open("s3://bucket/p", settings).close());
        assertEquals("releaseChannels.s3.endpoint 'https://storage.example.com/?***' is not an https:// URL with a "
                + "host and no query; write e.g. https://storage.googleapis.com or "
                + "https://ACCOUNT_ID.r2.cloudflarestorage.com", error.getMessage());
        assertFalse(error.target().contains(SECRET), error.target());
    }

    @Test
    void eachFactoryRefusesThemWhenCalledDirectly() {
        TargetSettings settings = new TargetSettings(Optional.empty(), Map.of(), Map.of(), work, Retry.defaults());
        for (PublisherFactory factory : List.of(new io.github.releasechannels.publish.file.DirectoryPublisherFactory(),
                new io.github.releasechannels.publish.git.GitPublisherFactory(),
                new io.github.releasechannels.publish.s3.S3PublisherFactory(),
                new io.github.releasechannels.publish.sftp.SftpPublisherFactory())) {
            for (String target : WITH_SECRETS) {
                if (!factory.schemes().contains(TargetUri.scheme(target))) {
                    continue;
                }
                InvalidTargetException error = assertThrows(InvalidTargetException.class,
                        () -> factory.create(target, settings).close(), target);
                assertFalse(error.getMessage().contains(SECRET), error.getMessage());
            }
        }
    }

    @Test
    void theRefusalSaysWhereTheCredentialsGo() {
        InvalidTargetException token = assertThrows(InvalidTargetException.class,
                () -> TargetUri.parse("git+https://" + SECRET + "@github.com/acme/pages.git#gh-pages"));
        assertEquals("releaseChannels.target 'git+https://***@github.com/acme/pages.git#gh-pages' has credentials "
                + "before the '@' (shown as ***); put the token in a settings.xml <server> <password> "
                + "(releaseChannels.serverId) or in the environment variable named by "
                + "releaseChannels.git.tokenVariable (GITHUB_TOKEN by default). Nothing was published.",
                token.getMessage());
        InvalidTargetException both = assertThrows(InvalidTargetException.class,
                () -> TargetUri.parse("s3://key:" + SECRET + "@bucket/p?token=" + SECRET));
        assertEquals("s3://***@bucket/p?***", both.target());
        assertTrue(both.getMessage().contains("AWS default credential chain"), both.getMessage());
        assertTrue(both.getMessage().contains("has a query (shown as ?***)"), both.getMessage());
    }

    @Test
    void sshLoginNamesPlainPathsAndOrdinaryUrlsAreAccepted() throws Exception {
        assertEquals("sftp", TargetUri.parse("sftp://deploy@www.example.com/var/www").scheme());
        assertEquals("git+ssh", TargetUri.parse("git+ssh://git@github.com/acme/pages.git#gh-pages").scheme());
        assertEquals("sftp", TargetUri.parse("sftp://www.example.com:2222/var/www/a@b").scheme());
        assertEquals("/home/ops@corp/www?", TargetUri.parse(" /home/ops@corp/www? ").value());
        assertEquals("file", TargetUri.parse("C:\\www").scheme());
        assertTrue(TargetUri.parse("file:///srv/www").isLocal());
        assertTrue(TargetUri.parse("/srv/www").isLocal());
        assertTrue(TargetUri.parse("git+file:///srv/git/pages.git").isLocal());
        assertFalse(TargetUri.parse("s3://bucket/p").isLocal());
        assertFalse(TargetUri.parse("git+https://github.com/a/b.git").isLocal());
    }

    @Test
    void redactMasksEveryUrlInFreeText() {
        assertEquals("push to https://***@github.com/a.git failed; retry https://h/x?*** or ssh://git@h/r",
                UrlParts.redact("push to https://x:" + SECRET + "@github.com/a.git failed; retry https://h/x?t="
                        + SECRET + " or ssh://git@h/r"));
        assertEquals("no URL here: " + SECRET, UrlParts.redact("no URL here: " + SECRET));
        assertEquals("", UrlParts.redact(null));
    }

    @Test
    void loopbackIsOneRule() {
        for (String host : List.of("localhost", "LOCALHOST", "127.0.0.1", "127.9.8.7", "::1", "[::1]",
                "0:0:0:0:0:0:0:1")) {
            assertTrue(Loopback.isLoopbackHost(host), host);
        }
        for (String host : List.of("example.com", "10.0.0.1", "localhost.example.com", "128.0.0.1", "[::2]")) {
            assertFalse(Loopback.isLoopbackHost(host), host);
        }
    }
}
