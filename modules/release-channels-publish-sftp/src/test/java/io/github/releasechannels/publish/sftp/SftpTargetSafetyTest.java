// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.sftp;

import static io.github.releasechannels.publish.sftp.SftpTestSupport.attempts;
import static io.github.releasechannels.publish.sftp.SftpTestSupport.password;
import static io.github.releasechannels.publish.sftp.SftpTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.TargetPathException;
import io.github.releasechannels.publish.TargetReadLimit;
import io.github.releasechannels.publish.TargetSafetyContract;
import io.github.releasechannels.site.SiteLayout;
import io.github.releasechannels.testing.RealServer;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory on a real SFTP server: the shared refusals, links on the server leading outside the target (the
 * server's file system is a local directory, so the links are real ones), and files too large or not regular.
 */
@RealServer
class SftpTargetSafetyTest extends TargetSafetyContract {

    @TempDir
    Path dir;

    private SftpTestServer server;
    private Path knownHosts;

    @BeforeEach
    void startServer() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        server = SftpTestServer.start(root, dir.resolve("host-key.ser"), SftpPublishTest.PASSWORD, null, Map.of());
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, server.knownHostsLine(server.hostKey()));
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected Publisher publisher() throws Exception {
        return new SftpPublisherFactory()
                .create(server.uri(), settings(password(SftpPublishTest.PASSWORD), knownHosts, attempts(4), dir));
    }

    @Override
    protected void put(String path, String content) throws Exception {
        Path file = server.site().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Override
    protected void remove(String path) throws Exception {
        Files.delete(server.site().resolve(path));
    }

    @Override
    protected Optional<String> get(String path) throws Exception {
        Path file = server.site().resolve(path);
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    }

    private Path victim() {
        return server.site().getParent().resolve("victim");
    }

    @Override
    protected String pathToVictim() throws Exception {
        Files.writeString(victim(), "someone else's");
        return "../victim";
    }

    @Override
    protected boolean victimIntact() throws Exception {
        return Files.isRegularFile(victim()) && Files.readString(victim()).equals("someone else's");
    }

    /** A directory of the server's file system beside the target, by its local path. */
    private Path outside(String name) throws Exception {
        return Files.createDirectories(
                server.site().getParent().resolve("outside").resolve(name));
    }

    @Test
    void aChannelDirectoryLinkedOutsideIsRefusedAndNothingOutsideIsWrittenOrDeleted() throws Exception {
        Path outside = outside("current");
        Files.writeString(outside.resolve("version"), "someone else's");
        Files.createSymbolicLink(Files.createDirectories(server.site()).resolve("current"), outside);

        TargetPathException e = assertThrows(TargetPathException.class, () -> publish(OLDER));

        assertTrue(e.path().startsWith("current/"), e.path());
        assertTrue(
                e.getMessage()
                        .contains("goes through the symbolic link " + SftpTestServer.SITE + "/current, "
                                + "which leads to /srv/outside/current, outside the target's real path "
                                + SftpTestServer.SITE),
                e.getMessage());
        assertEquals("someone else's", Files.readString(outside.resolve("version")));
        assertEquals(1, Files.list(outside).count(), "nothing written outside");
        assertFalse(Files.exists(server.site().resolve(SiteLayout.MANIFEST_FILE)), "nothing was published");
        assertFalse(log.contains("retrying"), log::toString);
    }

    @Test
    void aChannelDirectoryLinkedOutsideAfterAPublishIsNeitherDeletedThroughNorWrittenThrough() throws Exception {
        publish(NEWER + "  old:\n    version: 1.0.0\n");
        Path outside = outside("old");
        Files.writeString(outside.resolve("version"), "someone else's");
        Files.writeString(outside.resolve("critical"), "someone else's");
        Path old = server.site().resolve("old");
        Files.walk(old)
                .sorted((a, b) -> b.compareTo(a))
                .forEach(path -> path.toFile().delete());
        // A relative link this time, as an operator might make it.
        Files.createSymbolicLink(old, Path.of("../outside/old"));
        server.clearEvents();

        // The new site drops channel 'old': its files would be deleted through the link.
        TargetPathException e = assertThrows(TargetPathException.class, () -> publish(NEWER));

        assertTrue(e.getMessage().startsWith("old/"), e.getMessage());
        assertTrue(e.getMessage().contains("which leads to /srv/outside/old, outside"), e.getMessage());
        assertEquals("someone else's", Files.readString(outside.resolve("version")));
        assertEquals("someone else's", Files.readString(outside.resolve("critical")));
        assertEquals(2, Files.list(outside).count(), "nothing written outside");
        assertTrue(Files.isSymbolicLink(old), "the link itself stays");
        assertTrue(server.events().stream().noneMatch(event -> event.contains("old")), server.events()::toString);
    }

    @Test
    void aManifestLinkedToAFileOutsideIsRefused() throws Exception {
        Path victim = outside("manifest").resolve("victim.json");
        Files.writeString(victim, "{\"format\": 1, \"channels\": [], \"files\": []}");
        Files.createSymbolicLink(Files.createDirectories(server.site()).resolve(SiteLayout.MANIFEST_FILE), victim);

        TargetPathException e = assertThrows(TargetPathException.class, () -> publish(OLDER));

        assertEquals(SiteLayout.MANIFEST_FILE, e.path());
        assertTrue(
                e.getMessage()
                        .contains("which leads to /srv/outside/manifest/victim.json, outside the "
                                + "target's real path"),
                e.getMessage());
        assertTrue(Files.isSymbolicLink(server.site().resolve(SiteLayout.MANIFEST_FILE)));
        assertFalse(Files.exists(server.site().resolve("current")), "nothing was published");
    }

    @Test
    void aChannelDirectoryLinkedNowhereIsRefused() throws Exception {
        Files.createSymbolicLink(Files.createDirectories(server.site()).resolve("current"), Path.of("gone"));

        TargetPathException e = assertThrows(TargetPathException.class, () -> publish(OLDER));

        assertTrue(
                e.getMessage()
                        .contains("goes through the symbolic link " + SftpTestServer.SITE + "/current -> "
                                + "gone, which leads nowhere"),
                e.getMessage());
    }

    @Test
    void aLinkInsideTheTargetIsFollowedAndKeptWhenItsChannelIsDropped() throws Exception {
        Path real = Files.createDirectories(server.site().resolve("releases/old"));
        Files.createSymbolicLink(server.site().resolve("old"), Path.of("releases/old"));

        publish(NEWER + "  old:\n    version: 1.0.0\n");

        assertEquals("1.0.0", Files.readString(real.resolve("version")));
        publish(NEWER);
        assertFalse(Files.exists(real.resolve("version")), "deleted through a link inside the target");
        assertTrue(Files.isSymbolicLink(server.site().resolve("old")), "a linked directory is never removed");
        assertTrue(Files.isDirectory(real));
    }

    @Test
    void aHugeManifestOnTheServerIsRefusedBeforeItIsRead() throws Exception {
        Files.createDirectories(server.site());
        try (RandomAccessFile sparse = new RandomAccessFile(
                server.site().resolve(SiteLayout.MANIFEST_FILE).toFile(), "rw")) {
            sparse.setLength(TargetReadLimit.MAX_BYTES + 1L);
        }

        TargetPathException e = assertThrows(TargetPathException.class, () -> publish(OLDER));

        assertTrue(e.getMessage().contains("more than the " + TargetReadLimit.MAX_BYTES + " bytes"), e.getMessage());
    }

    @Test
    void aDirectoryAsTheManifestIsRefused() throws Exception {
        Files.createDirectories(server.site().resolve(SiteLayout.MANIFEST_FILE));

        TargetPathException e = assertThrows(TargetPathException.class, () -> publish(OLDER));

        assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
    }
}
