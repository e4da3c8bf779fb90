// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.publish.file.DirectoryStore;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.testing.RecordingLog;
import io.github.releasechannels.testing.RecordingStore;
import io.github.releasechannels.testing.Sites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publishing engine against a real directory: what it writes, in which order, and what it leaves alone. */
class DirectoryPublishTest {

    private static final String V1 = """
            channels:
              current: {version: 14.2.1}
              stable/cloud: {version: 14.3.0, critical: true}
              old: {version: 13.0.0}
            maintenance: {utc_start_hour: 2, weekdays: [Mon]}
            """;

    @TempDir
    Path docroot;

    private final RecordingLog log = new RecordingLog();

    private PublishReport publish(RecordingStore store, Site site, boolean dryRun) throws Exception {
        Retry noWait = new Retry(3, Duration.ZERO, Duration.ZERO, duration -> {});
        try (PublishPipeline publisher = PublishPipeline.forStore(store, noWait)) {
            return publisher.publish(site, new PublishRequest(dryRun, HeaderPolicy.defaults(), PublishGuard.NONE, log));
        }
    }

    private RecordingStore store() {
        return new RecordingStore(new DirectoryStore(docroot));
    }

    @Test
    void firstPublishWritesEveryChannelCriticalFirstAndTheManifestLast() throws Exception {
        RecordingStore store = store();
        PublishReport report = publish(store, Sites.render(V1), false);
        assertEquals(
                List.of(
                        "write cmc.yaml",
                        "write current/critical",
                        "write current/version",
                        "write old/critical",
                        "write old/version",
                        "write stable/cloud/critical",
                        "write stable/cloud/version",
                        "write index.html",
                        "write release-channels.json"),
                store.changes());
        assertEquals(
                Map.of(
                        "current/version",
                        "14.2.1",
                        "current/critical",
                        "no",
                        "stable/cloud/version",
                        "14.3.0",
                        "stable/cloud/critical",
                        "yes",
                        "old/version",
                        "13.0.0",
                        "old/critical",
                        "no"),
                channelFiles());
        assertTrue(
                report.summary()
                        .matches("Published to directory .*: 9 added, 0 updated, 0 deleted, 0 unchanged, "
                                + "\\d+ bytes, \\d+\\.\\d s"),
                report.summary());
    }

    @Test
    void anUnchangedRepublishWritesNothing() throws Exception {
        publish(store(), Sites.render(V1), false);
        RecordingStore again = store();
        PublishReport report = publish(again, Sites.render(V1), false);
        assertEquals(List.of(), again.changes());
        assertEquals(9, report.plan().count(PlannedChange.Action.UNCHANGED));
        assertTrue(report.summary().contains("0 added, 0 updated, 0 deleted, 9 unchanged, 0 bytes"));
    }

    @Test
    void aSameSizeVersionChangeIsSeenByContent() throws Exception {
        publish(store(), Sites.render(V1), false);
        RecordingStore store = store();
        // 14.2.1 -> 14.2.2 keeps the size (aws s3 sync skips such edits when times match).
        publish(store, Sites.render(V1.replace("14.2.1", "14.2.2")), false);
        assertEquals(
                List.of("write current/version", "write index.html", "write release-channels.json"), store.changes());
        assertEquals("14.2.2", Files.readString(docroot.resolve("current/version")));
    }

    @Test
    void becomingCriticalWritesTheVersionFirstAndBecomingNonCriticalWritesCriticalFirst() throws Exception {
        publish(store(), Sites.render(V1), false);
        RecordingStore store = store();
        publish(
                store,
                Sites.render(V1.replace("current: {version: 14.2.1}", "current: {version: 14.2.5, critical: true}")
                        .replace("stable/cloud: {version: 14.3.0, critical: true}", "stable/cloud: {version: 14.3.1}")),
                false);
        assertEquals(
                List.of(
                        "write current/version",
                        "write current/critical",
                        "write stable/cloud/critical",
                        "write stable/cloud/version",
                        "write index.html",
                        "write release-channels.json"),
                store.changes());
    }

    @Test
    void aNewCriticalChannelGetsItsFlagBeforeItsVersionSoNoAgentFindsAVersionWithoutFlag() throws Exception {
        publish(store(), Sites.render(V1), false);
        RecordingStore store = store();
        publish(
                store,
                Sites.render(V1.replace(
                        "  old: {version: 13.0.0}\n",
                        "  old: {version: 13.0.0}\n  next: {version: 15.0.0, critical: true}\n")),
                false);
        assertEquals(
                List.of("write next/critical", "write next/version", "write index.html", "write release-channels.json"),
                store.changes());
    }

    @Test
    void removedChannelsAreDeletedAfterEveryUploadAndForeignFilesSurvive() throws Exception {
        publish(store(), Sites.render(V1), false);
        Files.writeString(docroot.resolve("CNAME"), "updates.example.com");
        Files.writeString(docroot.resolve(".nojekyll"), "");
        Files.createDirectories(docroot.resolve("old/notes"));
        Files.writeString(docroot.resolve("old/notes/readme.txt"), "someone else's");
        RecordingStore store = store();
        publish(store, Sites.render(V1.replace("  old: {version: 13.0.0}\n", "").replace("14.2.1", "14.2.2")), false);
        assertEquals(
                List.of(
                        "write current/version",
                        "delete old/version",
                        "delete old/critical",
                        "write index.html",
                        "write release-channels.json"),
                store.changes());
        assertEquals("updates.example.com", Files.readString(docroot.resolve("CNAME")));
        assertTrue(Files.exists(docroot.resolve(".nojekyll")));
        assertTrue(Files.exists(docroot.resolve("old/notes/readme.txt")), "a directory with other files stays");
        assertTrue(Files.notExists(docroot.resolve("old/version")));
    }

    @Test
    void emptyDirectoriesOfRemovedChannelsAreRemoved() throws Exception {
        publish(store(), Sites.render(V1.replace("old:", "team/old:")), false);
        publish(store(), Sites.render(V1.replace("  old: {version: 13.0.0}\n", "")), false);
        assertTrue(Files.notExists(docroot.resolve("team")));
    }

    @Test
    void aFileTheSiteNeverOwnedIsNotDeleted() throws Exception {
        Files.createDirectories(docroot.resolve("legacy"));
        Files.writeString(docroot.resolve("legacy/version"), "12.0.0");
        publish(store(), Sites.render(V1), false);
        publish(store(), Sites.render(V1), false);
        assertEquals("12.0.0", Files.readString(docroot.resolve("legacy/version")));
    }

    @Test
    void aDryRunListsThePlanAndChangesNothing() throws Exception {
        publish(store(), Sites.render(V1), false);
        Map<String, String> before = allFiles();
        RecordingStore store = store();
        log.clear();
        PublishReport report = publish(
                store,
                Sites.render(V1.replace("14.2.1", "14.2.2")
                        .replace("  old: {version: 13.0.0}\n", "  new: {version: 15.0.0}\n")),
                true);
        assertEquals(List.of(), store.changes());
        assertEquals(before, allFiles());
        assertTrue(
                log.lines()
                        .containsAll(List.of(
                                "INFO   add new/critical",
                                "INFO   add new/version",
                                "INFO   update current/version",
                                "INFO   delete old/version",
                                "INFO   delete old/critical",
                                "INFO   update index.html",
                                "INFO   update release-channels.json")),
                log::toString);
        assertTrue(report.summary().startsWith("Dry run, nothing changed on directory "), report.summary());
        assertTrue(report.summary().contains("2 added, 3 updated, 2 deleted, 4 unchanged, 0 bytes"), report.summary());
    }

    @Test
    void anInterruptedPublishLeavesEveryChannelOldOrNewAndTheNextPublishCompletesIt() throws Exception {
        publish(store(), Sites.render(V1), false);
        Site v2 = Sites.render(
                V1.replace("14.2.1", "14.2.2").replace("14.3.0", "14.4.0").replace("  old: {version: 13.0.0}\n", ""));
        // Every cut before the manifest: the status page, two versions, two deletions.
        for (int cut = 0; cut < 6; cut++) {
            publish(store(), Sites.render(V1), false);
            RecordingStore cutStore = store().failAfter(cut, true);
            assertThrows(IOException.class, () -> publish(cutStore, v2, false));
            Map<String, String> channels = channelFiles();
            assertTrue(List.of("14.2.1", "14.2.2").contains(channels.get("current/version")), channels::toString);
            assertEquals("yes", channels.get("stable/cloud/critical"), "critical stays as the source marked it");
            if (!channels.containsKey("old/version")) {
                assertEquals("14.2.2", channels.get("current/version"), "deleted only after every upload");
                assertEquals("14.4.0", channels.get("stable/cloud/version"), "deleted only after every upload");
            }
            publish(store(), v2, false);
            assertEquals(
                    Map.of(
                            "current/version",
                            "14.2.2",
                            "current/critical",
                            "no",
                            "stable/cloud/version",
                            "14.4.0",
                            "stable/cloud/critical",
                            "yes"),
                    channelFiles());
            assertEquals(
                    new String(v2.file("release-channels.json").orElseThrow().content()),
                    Files.readString(docroot.resolve("release-channels.json")));
        }
    }

    @Test
    void aTransientFailureIsRetried() throws Exception {
        RecordingStore store = store().failAfter(2, false);
        publish(store, Sites.render(V1), false);
        assertEquals(9, store.changes().size());
        assertTrue(
                log.lines().stream().anyMatch(line -> line.startsWith("WARN Could not add current/version")),
                log::toString);
    }

    @Test
    void publishedFilesAreReadableByAWebServerAndNoTemporaryFileIsLeft() throws Exception {
        publish(store(), Sites.render(V1), false);
        var permissions = Files.getPosixFilePermissions(docroot.resolve("current/version"));
        assertTrue(permissions.contains(PosixFilePermission.OTHERS_READ), permissions::toString);
        assertTrue(allFiles().keySet().stream().noneMatch(path -> path.contains(".tmp-")));
    }

    @Test
    void aCorruptManifestStopsThePublishBeforeAnyWrite() throws Exception {
        publish(store(), Sites.render(V1), false);
        Files.writeString(docroot.resolve("release-channels.json"), "{\"format\": 1}");
        RecordingStore store = store();
        TargetException e = assertThrows(TargetException.class, () -> publish(store, Sites.render(V1), false));
        assertTrue(e.getMessage().contains("release-channels.json cannot be read"), e.getMessage());
        assertEquals(List.of(), store.changes());
    }

    @Test
    void someoneElsesIndexHtmlStopsThePublishUnlessTheStatusPageIsOff() throws Exception {
        Files.writeString(docroot.resolve("index.html"), "<h1>The platform team's page</h1>");
        RecordingStore store = store();
        PublishRefusedException e =
                assertThrows(PublishRefusedException.class, () -> publish(store, Sites.render(V1), false));
        assertTrue(e.getMessage().contains("-DreleaseChannels.statusPage=false"), e.getMessage());
        assertEquals(List.of(), store.changes());

        Site withoutPage = new io.github.releasechannels.site.SiteRenderer()
                .render(Sites.render(V1).config(), Sites.render(V1).source(), java.util.Optional.empty(), false);
        publish(store(), withoutPage, false);
        assertEquals("<h1>The platform team's page</h1>", Files.readString(docroot.resolve("index.html")));
        assertEquals("14.2.1", Files.readString(docroot.resolve("current/version")));
    }

    @Test
    void theStatusPageThisPluginPublishedIsUpdatedLikeAnyOwnedFile() throws Exception {
        publish(store(), Sites.render(V1), false);
        RecordingStore store = store();
        publish(store, Sites.render(V1.replace("14.2.1", "14.2.2")), false);
        assertEquals(
                List.of("write current/version", "write index.html", "write release-channels.json"), store.changes());
    }

    @Test
    void aRefusingGuardStopsThePublishBeforeAnyWrite() {
        RecordingStore store = store();
        PublishGuard refuse = (site, previous) -> {
            throw new PublishRefusedException(List.of("no"));
        };
        try (PublishPipeline publisher = PublishPipeline.forStore(store, Retry.defaults())) {
            assertThrows(
                    PublishRefusedException.class,
                    () -> publisher.publish(
                            Sites.render(V1), new PublishRequest(false, HeaderPolicy.defaults(), refuse, log)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(List.of(), store.changes());
    }

    @Test
    void pathsOutsideTheRootAreRefused() {
        DirectoryStore directory = new DirectoryStore(docroot);
        assertThrows(
                IOException.class,
                () -> directory.write(
                        SiteFile.text("../escape", "x", "text/plain"), new Headers("text/plain", "no-cache")));
        assertTrue(Files.notExists(docroot.resolveSibling("escape")));
    }

    private Map<String, String> channelFiles() throws IOException {
        Map<String, String> files = allFiles();
        files.keySet().removeIf(path -> !path.endsWith("/version") && !path.endsWith("/critical"));
        return files;
    }

    private Map<String, String> allFiles() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(docroot)) {
            for (Path path : walk.filter(Files::isRegularFile).toList()) {
                files.put(docroot.relativize(path).toString().replace('\\', '/'), Files.readString(path));
            }
        }
        return files;
    }
}
