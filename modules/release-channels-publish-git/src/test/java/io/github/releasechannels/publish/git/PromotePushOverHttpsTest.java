// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.proxy.ProxySettings;
import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.workflow.Promote;
import io.github.releasechannels.workflow.PromoteSettings;
import io.github.releasechannels.workflow.RunEnvironment;
import io.github.releasechannels.workflow.RunSettings;
import io.github.releasechannels.workflow.ServerCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promote goal's own push ({@code releaseChannels.promote.push}) to a real smart-HTTP git server that demands a
 * token, as GitHub and GitLab do over HTTPS: the token comes from where the git target takes it (the settings.xml
 * server, else the environment variable), never from the git CLI's configuration or the remote's URL, and never
 * shows in the log (debug lines too), an exception, the report or the pushed commit.
 */
@RealServer
class PromotePushOverHttpsTest {

    private static final String TOKEN = "ghp_PROMOTEplantedTOKEN0123456789abcdefQ";
    private static final String CHANNELS = """
            channels:
              canary:
                version: %s
              current:
                version: 17.2.1
                promote: {from: canary, after: 48h}
            """;
    private static final String DUE_AT = "2026-12-09T11:00:00Z";

    @TempDir
    Path temp;

    private Repository remote;
    private GitHttpServer server;
    private Path clone;
    private ObjectId remoteStart;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void cloneFromTheServer() throws Exception {
        Path source = temp.resolve("source");
        try (Git git = Git.init()
                .setDirectory(source.toFile())
                .setInitialBranch("main")
                .call()) {
            commit(git, source, CHANNELS.formatted("17.2.1"), "2026-12-01T09:00:00Z");
            commit(git, source, CHANNELS.formatted("17.3.0"), "2026-12-07T10:00:00Z");
        }
        Path bare = temp.resolve("remote/pages.git");
        Git.cloneRepository()
                .setURI(source.toUri().toString())
                .setBare(true)
                .setDirectory(bare.toFile())
                .call()
                .close();
        remote = new FileRepositoryBuilder().setGitDir(bare.toFile()).build();
        remoteStart = remote.resolve("refs/heads/main");
        server = new GitHttpServer(remote, TOKEN);
        clone = temp.resolve("clone");
        // The CI's checkout: it had a token of its own, which JGit is not given again.
        try (Git git = Git.cloneRepository()
                .setURI(url())
                .setCredentialsProvider(new UsernamePasswordCredentialsProvider(GitHttpServer.USER, TOKEN))
                .setDirectory(clone.toFile())
                .call()) {
            git.getRepository().getConfig().setString("user", null, "name", "Promote job");
            git.getRepository().getConfig().setString("user", null, "email", "promote@example.invalid");
            git.getRepository().getConfig().save();
        }
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
        remote.close();
    }

    @Test
    void withoutCredentialsTheFetchIsRefusedSayingWhatToSetAndNothingIsPushed() throws Exception {
        EnvironmentProblemException refused = assertThrows(
                EnvironmentProblemException.class,
                () -> promote(Map.of(), ServerCredentials.NONE, Optional.empty(), "GITHUB_TOKEN"));

        String message = refused.getMessage();
        assertTrue(
                message.contains("no credentials (no settings.xml server password and no environment variable "
                        + "GITHUB_TOKEN)"),
                message);
        assertTrue(
                message.contains("releaseChannels.serverId")
                        && message.contains("releaseChannels.git.tokenVariable")
                        && message.contains("contents: write"),
                "says what to set: " + message);
        assertTrue(server.unauthorizedRequests() > 0, "the server asked for a login");
        assertEquals(0, server.pushes());
        assertEquals(remoteStart, remote.resolve("refs/heads/main"));
    }

    @Test
    void aTokenThatMayNotPushIsRefusedWithoutShowingIt() throws Exception {
        String readOnly = GitHttpServer.READ_ONLY_TOKEN;
        EnvironmentProblemException refused = assertThrows(
                EnvironmentProblemException.class,
                () -> promote(Map.of("GITHUB_TOKEN", readOnly), ServerCredentials.NONE, Optional.empty(), ""));

        assertTrue(
                refused.getMessage().contains("could not push main to origin")
                        && refused.getMessage().contains("token from environment variable GITHUB_TOKEN")
                        && refused.getMessage().contains("Contents: Read and write"),
                refused.getMessage());
        assertNoSecret(readOnly, refused);
        assertEquals(remoteStart, remote.resolve("refs/heads/main"), "nothing was pushed");
    }

    @Test
    void theTokenOfTheGitTargetsVariableIsPushedWithAndShownNowhere() throws Exception {
        promote(
                Map.of("RELEASE_CHANNELS_GIT_TOKEN", TOKEN),
                ServerCredentials.NONE,
                Optional.empty(),
                "RELEASE_CHANNELS_GIT_TOKEN");

        RevCommit pushed = remoteHead();
        assertEquals("Promote current to 17.3.0 from canary", pushed.getShortMessage());
        assertTrue(
                log.stream()
                        .anyMatch(line ->
                                line.contains("with token from environment variable RELEASE_CHANNELS_GIT_TOKEN")),
                "the log names where the token came from: " + log);
        assertTrue(log.stream().anyMatch(line -> line.startsWith("Pushed ")), log.toString());
        assertNoSecret(TOKEN, null);
    }

    @Test
    void theSettingsServersPasswordWinsOverTheVariableAsForTheGitTarget() throws Exception {
        ServerCredentials servers = id -> id.equals("updates-repo")
                ? Optional.of(new Credentials(
                        Optional.of(GitHttpServer.USER),
                        Optional.of(TOKEN),
                        Optional.empty(),
                        Optional.empty(),
                        "settings.xml server 'updates-repo'"))
                : Optional.empty();

        promote(
                Map.of("GITHUB_TOKEN", "ghp_WRONGplantedTOKEN9876543210zyxwvuQ"),
                servers,
                Optional.of("updates-repo"),
                "");

        assertEquals("Promote current to 17.3.0 from canary", remoteHead().getShortMessage());
        assertTrue(
                log.stream().anyMatch(line -> line.contains("with token from settings.xml server 'updates-repo'")),
                log.toString());
        assertNoSecret(TOKEN, null);
    }

    @Test
    void anOriginUrlCarryingATokenIsRefusedWithoutRepeatingIt() throws Exception {
        try (Git git = Git.open(clone.toFile())) {
            git.getRepository()
                    .getConfig()
                    .setString(
                            "remote",
                            "origin",
                            "url",
                            url().replace("http://", "http://gitlab-ci-token:" + TOKEN + "@"));
            git.getRepository().getConfig().save();
        }
        byte[] before = Files.readAllBytes(clone.resolve("channels.yaml"));

        UserProblemException refused = assertThrows(
                UserProblemException.class,
                () -> promote(Map.of("GITHUB_TOKEN", TOKEN), ServerCredentials.NONE, Optional.empty(), ""));

        assertTrue(
                refused.getMessage().contains("carries credentials")
                        && refused.getMessage().contains("http://***@127.0.0.1:")
                        && refused.getMessage().contains("git remote set-url origin " + url()),
                refused.getMessage());
        assertNoSecret(TOKEN, refused);
        assertEquals(0, server.pushes());
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(clone.resolve("channels.yaml")));
    }

    private void promote(
            Map<String, String> environment, ServerCredentials servers, Optional<String> serverId, String variable)
            throws Exception {
        PublishLog recording = new PublishLog() {
            @Override
            public void info(String message) {
                log.add(message);
            }

            @Override
            public void warn(String message) {
                log.add(message);
            }

            @Override
            public void debug(String message) {
                log.add(message);
            }
        };
        RunSettings run = new RunSettings(
                clone.resolve("channels.yaml"),
                Optional.empty(),
                clone,
                temp.resolve("report"),
                Optional.of("none"),
                Optional.empty(),
                Optional.empty(),
                false);
        Promote.run(
                new PromoteSettings(run, true, true, Optional.of(DUE_AT), serverId, variable),
                new RunEnvironment(recording, environment, log::add, () -> ProxySettings.NONE, servers));
    }

    /** {@code secret} is in no log line, no message of {@code error} and its causes, no report, no pushed commit. */
    private void assertNoSecret(String secret, Throwable error) throws Exception {
        log.forEach(line -> assertFalse(line.contains(secret), line));
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            assertFalse(String.valueOf(cause.getMessage()).contains(secret), cause.toString());
        }
        if (Files.isDirectory(temp.resolve("report"))) {
            try (Stream<Path> files = Files.walk(temp.resolve("report"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertFalse(Files.readString(file).contains(secret), file.toString());
                }
            }
        }
        RevCommit head = remoteHead();
        assertFalse(head.getFullMessage().contains(secret), head.getFullMessage());
    }

    private RevCommit remoteHead() throws Exception {
        try (RevWalk walk = new RevWalk(remote)) {
            return walk.parseCommit(remote.resolve("refs/heads/main"));
        }
    }

    private String url() {
        return server.target().substring("git+".length());
    }

    private static void commit(Git git, Path directory, String channels, String time) throws Exception {
        Files.writeString(directory.resolve("channels.yaml"), channels);
        git.add().addFilepattern("channels.yaml").call();
        PersonIdent ident =
                new PersonIdent("Release Engineer", "release@example.invalid", Instant.parse(time), ZoneOffset.UTC);
        git.commit()
                .setMessage("channels at " + time)
                .setAuthor(ident)
                .setCommitter(ident)
                .setSign(false)
                .call();
    }
}
