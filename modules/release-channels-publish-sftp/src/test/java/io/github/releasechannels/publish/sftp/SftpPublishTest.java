// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.sftp;

import static io.github.releasechannels.publish.sftp.SftpTestSupport.attempts;
import static io.github.releasechannels.publish.sftp.SftpTestSupport.password;
import static io.github.releasechannels.publish.sftp.SftpTestSupport.settings;
import static io.github.releasechannels.publish.sftp.SftpTestSupport.site;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.publish.PlannedChange;
import io.github.releasechannels.publish.PublishLock;
import io.github.releasechannels.publish.PublishReport;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteLayout;
import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.testing.RecordingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing to a real MINA SSHD SFTP server: what is written, in which order, and how. */
@RealServer
class SftpPublishTest {

    static final String PASSWORD = "correct horse battery staple";

    static final String THREE_CHANNELS = """
            channels:
              current:
                version: 14.2.1
                critical: false
              canary:
                version: 14.3.0
              stable/v14:
                version: 14.3.0
                critical: false
            """;

    @TempDir
    Path dir;

    SftpTestServer server;
    Path knownHosts;
    RecordingLog log = new RecordingLog();

    @BeforeEach
    void startServer() throws Exception {
        startServer(Map.of());
    }

    void startServer(Map<String, Object> properties) throws Exception {
        if (server != null) {
            server.close();
        }
        Path root = Files.createDirectories(dir.resolve("root"));
        server = SftpTestServer.start(root, dir.resolve("host-key.ser"), PASSWORD, null, properties);
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, server.knownHostsLine(server.hostKey()));
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }

    /** What the server did to the site's files; the publish lock's own events are left out. */
    List<String> siteEvents() {
        return server.events().stream()
                .filter(event -> !event.contains(PublishLock.LOCK_FILE))
                .toList();
    }

    PublishReport publish(Site site) throws Exception {
        return publish(site, false, attempts(1));
    }

    PublishReport publish(Site site, boolean dryRun, Retry retry) throws Exception {
        return SftpTestSupport.publish(
                server.uri(), settings(password(PASSWORD), knownHosts, retry, dir), site, dryRun, log);
    }

    @Test
    void firstPublishWritesEveryFileWithExactBytesReadableByTheWebServer() throws Exception {
        Site site = site(THREE_CHANNELS);

        PublishReport report = publish(site);

        assertSiteIsExactly(site);
        assertEquals("14.2.1", Files.readString(server.site().resolve("current/version")));
        assertEquals("no", Files.readString(server.site().resolve("current/critical")));
        assertEquals(site.files().size(), report.plan().count(PlannedChange.Action.ADD));
        for (SiteFile file : site.files()) {
            assertEquals(
                    "rw-r--r--",
                    PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(server.site().resolve(file.path()))),
                    file.path());
            String temporary = (file.path().contains("/")
                            ? file.path().substring(0, file.path().lastIndexOf('/') + 1)
                            : "")
                    + "." + file.path().substring(file.path().lastIndexOf('/') + 1) + ".tmp-";
            assertTrue(
                    siteEvents().stream().anyMatch(e -> e.startsWith("chmod rw-r--r-- " + temporary)),
                    "mode 0644 set explicitly on " + file.path() + ": " + siteEvents());
        }
    }

    @Test
    void unchangedRepublishWritesNothing() throws Exception {
        Site site = site(THREE_CHANNELS);
        publish(site);
        server.clearEvents();

        PublishReport report = publish(site);

        assertEquals(List.of(), siteEvents());
        assertEquals(site.files().size(), report.plan().count(PlannedChange.Action.UNCHANGED));
    }

    @Test
    void changingOneChannelWritesOnlyItsChangedFileAndTheManifest() throws Exception {
        publish(site(THREE_CHANNELS));
        server.clearEvents();

        Site changed = site(THREE_CHANNELS.replace("version: 14.2.1", "version: 14.2.2"));
        publish(changed);

        assertEquals(
                List.of("current/version", SiteLayout.INDEX_FILE, SiteLayout.MANIFEST_FILE), renamedTo(siteEvents()));
        assertTrue(siteEvents().stream().noneMatch(event -> event.startsWith("remove ")), siteEvents()::toString);
        assertSiteIsExactly(changed);
    }

    @Test
    void removedChannelIsDeletedOnlyAfterEveryUploadAndBeforeTheManifest() throws Exception {
        publish(site(THREE_CHANNELS));
        server.clearEvents();

        Site withoutCanary = site("""
                channels:
                  current:
                    version: 14.2.2
                    critical: false
                  stable/v14:
                    version: 14.3.1
                    critical: false
                """);
        publish(withoutCanary);

        List<String> events = siteEvents();
        // The status page describes the result, so it follows the deletions; channel uploads come before them.
        int lastUpload = lastIndex(
                events,
                e -> e.startsWith("rename ")
                        && !e.endsWith(SiteLayout.MANIFEST_FILE)
                        && !e.endsWith("-> " + SiteLayout.INDEX_FILE));
        int firstRemove =
                firstIndex(events, e -> e.equals("remove canary/version") || e.equals("remove canary/critical"));
        int manifest = lastIndex(events, e -> e.startsWith("rename ") && e.endsWith("-> " + SiteLayout.MANIFEST_FILE));
        assertTrue(lastUpload >= 0 && firstRemove > lastUpload, events::toString);
        assertTrue(
                events.contains("remove canary/version") && events.contains("remove canary/critical"),
                events::toString);
        assertTrue(events.contains("rmdir canary"), events::toString);
        assertEquals(events.size() - 1, manifest, events::toString);
        assertSiteIsExactly(withoutCanary);
        assertTrue(Files.isDirectory(server.site()), "the root directory is never removed");
    }

    @Test
    void foreignFilesSurvivePublishesAndChannelRemoval() throws Exception {
        Files.createDirectories(server.site());
        Files.writeString(server.site().resolve("CNAME"), "updates.example.com\n");
        Files.writeString(server.site().resolve("other.txt"), "someone else's");

        publish(site(THREE_CHANNELS));
        publish(site("""
                channels:
                  current:
                    version: 15.0.0
                """));

        assertEquals("updates.example.com\n", Files.readString(server.site().resolve("CNAME")));
        assertEquals("someone else's", Files.readString(server.site().resolve("other.txt")));
        assertTrue(
                siteEvents().stream().noneMatch(e -> e.contains("CNAME") || e.contains("other.txt")),
                siteEvents()::toString);
    }

    @Test
    void dryRunChangesNothing() throws Exception {
        Site site = site(THREE_CHANNELS);
        publish(site);
        server.clearEvents();

        PublishReport report = publish(site("""
                channels:
                  current:
                    version: 15.0.0
                    critical: true
                """), true, attempts(1));

        assertEquals(List.of(), siteEvents());
        assertSiteIsExactly(site);
        assertTrue(report.dryRun());
        assertEquals(4, report.plan().count(PlannedChange.Action.DELETE), report.plan()::toString);
        assertEquals(4, report.plan().count(PlannedChange.Action.UPDATE), report.plan()::toString);
    }

    @Test
    void channelFilesAreRenamedInTheOrderThatKeepsCriticalTruthfulAndTheManifestLast() throws Exception {
        publish(site(channel("14.2.1", false)));

        server.clearEvents();
        publish(site(channel("14.2.2", true)));
        assertEquals(
                List.of("current/version", "current/critical", SiteLayout.INDEX_FILE, SiteLayout.MANIFEST_FILE),
                renamedTo(siteEvents()),
                "critical = yes: version first");

        server.clearEvents();
        publish(site(channel("14.2.3", false)));
        assertEquals(
                List.of("current/critical", "current/version", SiteLayout.INDEX_FILE, SiteLayout.MANIFEST_FILE),
                renamedTo(siteEvents()),
                "critical = no: critical first");
    }

    @Test
    void everyFileIsUploadedUnderATemporaryNameAndRenamedIntoPlace() throws Exception {
        Site site = site(THREE_CHANNELS);
        publish(site);
        publish(site(THREE_CHANNELS.replace("14.3.0", "14.3.1")));

        List<String> events = siteEvents();
        List<String> writes =
                events.stream().filter(e -> e.startsWith("write ")).toList();
        assertFalse(writes.isEmpty());
        for (String write : writes) {
            String name = write.substring(write.lastIndexOf('/') + 1).replace("write ", "");
            assertTrue(name.startsWith(".") && name.contains(".tmp-"), "written under its final name: " + write);
            assertTrue(
                    events.indexOf(write) < firstIndex(events, e -> e.startsWith("rename " + write.substring(6))),
                    "uploaded before its rename: " + write);
        }
        for (String rename :
                events.stream().filter(e -> e.startsWith("rename ")).toList()) {
            assertTrue(rename.matches("rename (.*/)?\\.[^/]+\\.tmp-[0-9a-f-]{36} -> [^.].*"), rename);
        }
    }

    @Test
    void aSessionDroppedMidPublishIsCompletedByTheNextPublish() throws Exception {
        Files.createDirectories(server.site());
        Files.writeString(server.site().resolve("CNAME"), "updates.example.com\n");
        publish(site(THREE_CHANNELS));
        Site next = site("""
                channels:
                  current:
                    version: 15.0.0
                    critical: true
                  stable/v14:
                    version: 14.3.1
                """);

        server.dropSessionAfterRenames(2);
        assertThrows(IOException.class, () -> publish(next));
        assertEquals("15.0.0", Files.readString(server.site().resolve("current/version")), "partly published");
        assertTrue(Files.exists(server.site().resolve("canary/version")), "deletes wait for the uploads");

        publish(next);

        assertSiteIsExactly(next);
    }

    @Test
    void aDroppedSessionIsReopenedAndRetriedWithinOnePublish() throws Exception {
        publish(site(THREE_CHANNELS));
        Site next = site(THREE_CHANNELS.replace("14.3.0", "14.3.1"));

        server.dropSessionAfterRenames(1);
        publish(next, false, attempts(3));

        assertSiteIsExactly(next);
        assertTrue(log.lines().stream().anyMatch(line -> line.startsWith("WARN Could not")), log::toString);
    }

    @Test
    void withoutPosixRenameSftpV6RenamesWithOverwriteFlags() throws Exception {
        startServer(Map.of(SftpModuleProperties.OPENSSH_EXTENSIONS.getName(), ""));
        publish(site(THREE_CHANNELS));
        Site next = site(THREE_CHANNELS.replace("14.3.0", "14.3.1"));

        publish(next);

        assertSiteIsExactly(next);
        assertTrue(log.lines().stream().anyMatch(line -> line.contains("rename: ATOMIC_OVERWRITE")), log::toString);
        assertTrue(log.lines().stream().noneMatch(line -> line.startsWith("WARN")), log::toString);
    }

    @Test
    void sftpV3WithoutPosixRenameFallsBackToTwoRenamesAndWarns() throws Exception {
        startServer(Map.of(
                SftpModuleProperties.OPENSSH_EXTENSIONS.getName(), "", SftpModuleProperties.SFTP_VERSION.getName(), 3));
        publish(site(THREE_CHANNELS));
        server.clearEvents();
        Site next = site(THREE_CHANNELS.replace("version: 14.2.1", "version: 14.2.2"));

        publish(next);

        assertSiteIsExactly(next);
        assertTrue(
                log.lines().stream().anyMatch(line -> line.startsWith("WARN") && line.contains("posix-rename")),
                log::toString);
        List<String> events = siteEvents();
        int aside = firstIndex(events, e -> e.matches("rename current/version -> current/\\.version\\.old-.*"));
        int in = firstIndex(events, e -> e.matches("rename current/\\.version\\.tmp-.* -> current/version"));
        int removed = firstIndex(events, e -> e.matches("remove current/\\.version\\.old-.*"));
        assertTrue(aside >= 0 && aside < in && in < removed, events::toString);
    }

    private static String channel(String version, boolean critical) {
        return "channels:\n  current:\n    version: " + version + "\n    critical: " + critical + "\n";
    }

    /** The site directory holds exactly the site's files, byte for byte, plus the foreign files it had. */
    private void assertSiteIsExactly(Site site) throws IOException {
        for (SiteFile file : site.files()) {
            assertArrayEquals(file.content(), Files.readAllBytes(server.site().resolve(file.path())), file.path());
        }
        Set<String> expected =
                new TreeSet<>(site.files().stream().map(SiteFile::path).toList());
        Set<String> foreign = Set.of("CNAME", "other.txt");
        try (Stream<Path> files = Files.walk(server.site())) {
            Set<String> actual = files.filter(Files::isRegularFile)
                    .map(file -> server.site().relativize(file).toString().replace('\\', '/'))
                    .filter(path -> !foreign.contains(path))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(expected, actual);
        }
        try (Stream<Path> dirs = Files.walk(server.site())) {
            assertTrue(dirs.filter(Files::isDirectory).allMatch(d -> hasFiles(d)), "no empty directories left");
        }
    }

    private static boolean hasFiles(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> renamedTo(List<String> events) {
        return events.stream()
                .filter(e -> e.startsWith("rename "))
                .map(e -> e.substring(e.indexOf(" -> ") + 4))
                .toList();
    }

    private static int firstIndex(List<String> events, java.util.function.Predicate<String> test) {
        for (int i = 0; i < events.size(); i++) {
            if (test.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndex(List<String> events, java.util.function.Predicate<String> test) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (test.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
