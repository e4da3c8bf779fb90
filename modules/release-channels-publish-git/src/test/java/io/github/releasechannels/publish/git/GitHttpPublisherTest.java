// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import static io.github.releasechannels.publish.git.GitTestSupport.TWO_CHANNELS;
import static io.github.releasechannels.publish.git.GitTestSupport.files;
import static io.github.releasechannels.publish.git.GitTestSupport.request;
import static io.github.releasechannels.publish.git.GitTestSupport.site;
import static io.github.releasechannels.publish.git.GitTestSupport.tip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.proxy.ProxyServer;
import io.github.releasechannels.proxy.ProxySettings;
import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.testing.RecordingHttpProxy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code git+http://127.0.0.1:PORT/...} to a real smart-HTTP server that demands a token, the way GitHub does over
 * HTTPS. The token is a recognisable fake that must never surface.
 */
@RealServer
class GitHttpPublisherTest extends GitPublisherContract {

    static final String TOKEN = "ghp_PLANTEDfakeTOKEN0123456789abcdefXYZ";
    static final String WRONG_TOKEN = "ghp_WRONGplantedTOKEN9876543210zyxwvuQ";

    @TempDir
    Path remoteDir;

    private Repository remote;
    private GitHttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        remote = GitTestSupport.bareRepository(remoteDir.resolve("pages.git"));
        server = new GitHttpServer(remote, TOKEN);
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
        remote.close();
    }

    @Test
    void pushesThroughTheSettingsProxyNamedInTheDescription() throws Exception {
        try (RecordingHttpProxy proxy = RecordingHttpProxy.start()) {
            ProxyServer corporate = new ProxyServer(
                    "corp",
                    "http",
                    "127.0.0.1",
                    proxy.port(),
                    Optional.of("proxyuser"),
                    Optional.of("PLANTED-proxy-password"),
                    List.of());
            TargetSettings direct = settings(Map.of());
            TargetSettings proxied = new TargetSettings(
                    direct.credentials(),
                    direct.options(),
                    direct.environment(),
                    direct.workDirectory(),
                    direct.retry(),
                    new ProxySettings(List.of(corporate)));

            try (PublishPipeline publisher = GitTestSupport.publisher(target(), proxied)) {
                assertTrue(
                        publisher.describe().contains("via proxy 'corp' at 127.0.0.1:" + proxy.port()),
                        publisher.describe());
                assertFalse(publisher.describe().contains("PLANTED"), publisher.describe());
                publisher.publish(site(TWO_CHANNELS), request(log));
            }

            // The test server speaks plain HTTP, so JGit's requests reach the proxy in absolute form (no CONNECT).
            String authority =
                    java.net.URI.create(target().substring("git+".length())).getRawAuthority();
            assertTrue(
                    !proxy.targets().isEmpty() && proxy.targets().stream().allMatch(t -> t.endsWith(" " + authority)),
                    proxy.targets()::toString);
            assertTrue(tip(remote, BRANCH).isPresent());
            log.lines().forEach(line -> assertFalse(line.contains("PLANTED"), line));
        }
    }

    @Override
    Repository remote() {
        return remote;
    }

    @Override
    String target() {
        return server.target();
    }

    @Override
    TargetSettings settings(Map<String, String> options) throws InvalidTargetException {
        return GitTestSupport.settings(work, options, Map.of("GITHUB_TOKEN", TOKEN), Optional.empty());
    }

    @Override
    void failNextPush(PublishPipeline publisher) {
        server.refuseNextPush();
    }

    @Override
    void publishConcurrentlyDuringNextPush(PublishPipeline publisher, Map<String, String> files) {
        server.raceNextPush(BRANCH, files);
    }

    @Test
    void theTokenFromTheEnvironmentIsUsedAndOnlyItsSourceIsNamed() throws Exception {
        try (PublishPipeline publisher = GitTestSupport.publisher(target(), settings(Map.of()))) {
            assertTrue(publisher.describe().contains("environment variable GITHUB_TOKEN"), publisher.describe());
            assertFalse(publisher.describe().contains(TOKEN));
            publisher.publish(site(TWO_CHANNELS), request(log));
        }
        assertEquals("14.2.1", files(remote, BRANCH).get("current/version"));
        assertTrue(server.unauthorizedRequests() > 0, "the server did demand credentials");
    }

    @Test
    void aSettingsServerPasswordWinsOverTheEnvironmentAndANamedVariableIsRead() throws Exception {
        Credentials server = new Credentials(
                Optional.empty(),
                Optional.of(TOKEN),
                Optional.empty(),
                Optional.empty(),
                "settings.xml server 'pages'");
        TargetSettings fromSettings =
                GitTestSupport.settings(work, Map.of(), Map.of("GITHUB_TOKEN", WRONG_TOKEN), Optional.of(server));
        try (PublishPipeline publisher = GitTestSupport.publisher(target(), fromSettings)) {
            assertTrue(
                    publisher.describe().endsWith("with token from settings.xml server 'pages'"), publisher.describe());
            publisher.publish(site(TWO_CHANNELS), request(log));
        }

        TargetSettings namedVariable = GitTestSupport.settings(
                work,
                Map.of("git.tokenVariable", "PAGES_TOKEN"),
                Map.of("PAGES_TOKEN", TOKEN, "GITHUB_TOKEN", WRONG_TOKEN),
                Optional.empty());
        try (PublishPipeline publisher = GitTestSupport.publisher(target(), namedVariable)) {
            assertTrue(publisher.describe().contains("environment variable PAGES_TOKEN"), publisher.describe());
            publisher.publish(site(ONE_CHANNEL_CHANGED), request(log));
        }
        assertEquals("14.2.2", files(remote, BRANCH).get("current/version"));
    }

    @Test
    void aWrongTokenFailsOnceWithAClearMessageThatDoesNotContainIt() throws Exception {
        TargetSettings wrong =
                GitTestSupport.settings(work, Map.of(), Map.of("GITHUB_TOKEN", WRONG_TOKEN), Optional.empty());
        TargetException error;
        try (PublishPipeline publisher = GitTestSupport.publisher(target(), wrong)) {
            error = assertThrows(TargetException.class, () -> publisher.publish(site(TWO_CHANNELS), request(log)));
        }
        assertTrue(error.getMessage().contains("environment variable GITHUB_TOKEN"), error.getMessage());
        assertTrue(error.getMessage().contains("contents: write"), error.getMessage());
        assertNoSecretIn(List.of(error), WRONG_TOKEN);
        assertTrue(tip(remote, BRANCH).isEmpty());
        assertEquals(0, server.pushes());
    }

    @Test
    void aTokenThatMayOnlyReadIsToldItNeedsContentsWrite() throws Exception {
        TargetSettings readOnly = GitTestSupport.settings(
                work, Map.of(), Map.of("GITHUB_TOKEN", GitHttpServer.READ_ONLY_TOKEN), Optional.empty());
        TargetException error;
        try (PublishPipeline publisher = GitTestSupport.publisher(target(), readOnly)) {
            error = assertThrows(TargetException.class, () -> publisher.publish(site(TWO_CHANNELS), request(log)));
        }
        assertTrue(error.getMessage().startsWith("Could not push branch gh-pages"), error.getMessage());
        assertTrue(error.getMessage().contains("contents: write"), error.getMessage());
        assertNoSecretIn(List.of(error), GitHttpServer.READ_ONLY_TOKEN);
        assertTrue(tip(remote, BRANCH).isEmpty());
    }

    @Test
    void noTokenAtAllFailsSayingWhereOneIsLookedFor() throws Exception {
        TargetSettings none = GitTestSupport.settings(work, Map.of(), Map.of(), Optional.empty());
        try (PublishPipeline publisher = GitTestSupport.publisher(target(), none)) {
            TargetException error =
                    assertThrows(TargetException.class, () -> publisher.publish(site(TWO_CHANNELS), request(log)));
            assertTrue(error.getMessage().contains("no environment variable GITHUB_TOKEN"), error.getMessage());
        }
    }

    @Test
    void thePlantedTokensAppearInNoLogLineMessagePublishedFileOrWorkRepositoryFile() throws Exception {
        List<Throwable> errors = new ArrayList<>();
        publish(site(TWO_CHANNELS));
        server.raceNextPush(BRANCH, Map.of("CNAME", "example.com"));
        publish(site(ONE_CHANNEL_CHANGED));
        server.refuseNextPush();
        errors.add(assertThrows(IOException.class, () -> publish(site(ONLY_CURRENT))));
        TargetSettings wrong =
                GitTestSupport.settings(work, Map.of(), Map.of("GITHUB_TOKEN", WRONG_TOKEN), Optional.empty());
        try (PublishPipeline publisher = GitTestSupport.publisher(target(), wrong)) {
            errors.add(assertThrows(IOException.class, () -> publisher.publish(site(ONLY_CURRENT), request(log))));
        }

        assertFalse(log.lines().isEmpty());
        for (String secret : List.of(TOKEN, WRONG_TOKEN)) {
            log.lines().forEach(line -> assertFalse(line.contains(secret), line));
            assertNoSecretIn(errors, secret);
            files(remote, BRANCH).forEach((path, content) -> assertFalse(content.contains(secret), path));
            try (Stream<Path> workFiles = Files.walk(work)) {
                for (Path file : workFiles.filter(Files::isRegularFile).toList()) {
                    String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    assertFalse(content.contains(secret), file::toString);
                }
            }
        }
        assertTrue(
                errors.get(0).getMessage().contains("refused by the test server"),
                errors.get(0).getMessage());
    }

    private static void assertNoSecretIn(List<? extends Throwable> errors, String secret) {
        for (Throwable error : errors) {
            for (Throwable cause = error; cause != null; cause = cause.getCause()) {
                assertFalse(String.valueOf(cause.getMessage()).contains(secret), cause::toString);
                for (Throwable suppressed : cause.getSuppressed()) {
                    assertFalse(String.valueOf(suppressed.getMessage()).contains(secret), suppressed::toString);
                }
            }
        }
    }
}
