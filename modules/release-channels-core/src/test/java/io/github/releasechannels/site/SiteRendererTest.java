// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.site;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.model.Rollback;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.testing.Sites;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SiteRendererTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/sample");

    private static Site goldenSite() throws IOException {
        return Sites.render(Files.readString(GOLDEN.resolve("channels.yaml")));
    }

    @Test
    void matchesTheGoldenFilesByteForByte() throws IOException {
        Site site = goldenSite();
        Path expected = GOLDEN.resolve("site");
        List<String> expectedPaths;
        try (Stream<Path> files = Files.walk(expected)) {
            expectedPaths = files.filter(Files::isRegularFile)
                    .map(path -> expected.relativize(path).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
        assertEquals(expectedPaths, site.files().stream().map(SiteFile::path).toList());
        for (SiteFile file : site.files()) {
            assertArrayEquals(read(expected.resolve(file.path())), file.content(), file.path());
        }
    }

    @Test
    void versionAndCriticalAreWhatEchoDashNWrites() throws IOException {
        Site site = goldenSite();
        assertEquals("14.2.1", text(site, "current/version"));
        assertEquals("14.3.0", text(site, "stable/cloud/version"), "the leading v is dropped");
        assertEquals("no", text(site, "current/critical"));
        assertEquals("yes", text(site, "stable/cloud/critical"));
    }

    @Test
    void cmcYamlUsesFullWeekdayNamesInTheOrderWritten() throws IOException {
        String cmc = text(goldenSite(), "cmc.yaml");
        assertTrue(cmc.contains("      - Monday\n      - Wednesday\n      - Friday\n"), cmc);
        assertTrue(
                cmc.contains("kind: cluster_maintenance_config\nversion: v1\nmetadata:\n  name: "
                        + "cluster-maintenance-config\nspec:\n  agent_upgrades:\n"),
                cmc);
        assertTrue(cmc.startsWith("# Generated"), "a header says it is generated");
    }

    @Test
    void cmcYamlSaysWhichResourceWinsWhenManagedUpdatesAreDeclared() throws IOException {
        assertFalse(text(goldenSite(), "cmc.yaml").contains("managed_updates"));
        String cmc = text(
                Sites.render("channels: {a: {version: 1.0.0}}\nmaintenance: {utc_start_hour: 5}\n"
                        + "managed_updates: {mode: enabled, start_version: 1.0.0, follows: a}\n"),
                "cmc.yaml");
        assertTrue(
                cmc.contains("# channels.yaml also declares managed_updates: once autoupdate_config is applied it "
                        + "wins\n# over this file for v2 agents (teleport-update) and the Proxy's rollout; v1 updaters\n"
                        + "# still open their window from this file."),
                cmc);
    }

    @Test
    void theManifestAndTheStatusPageShowTheRollout() throws Exception {
        Site site = Sites.render(Files.readString(Path.of("src/test/resources/golden/managed-updates/channels.yaml")));
        String manifest = text(site, "release-channels.json");
        assertTrue(
                manifest.contains(
                        "\"managed_updates\": {\"mode\": \"enabled\", \"strategy\": \"halt-on-error\", "
                                + "\"maintenance_window_seconds\": null, \"schedule\": \"regular\", \"start_version\": \"17.2.0\", "
                                + "\"target_version\": \"17.2.1\", \"follows\": \"dev\", \"groups\": [{\"name\": \"dev\", \"days\": "
                                + "[\"Mon\", \"Tue\", \"Wed\", \"Thu\"], \"start_hour\": 4, \"wait_hours\": 0, \"canary_count\": 2}, "),
                manifest);
        assertFalse(text(goldenSite(), "release-channels.json").contains("managed_updates"));
        // The deepest manifest this plugin writes still reads back under the reader's nesting bound.
        assertEquals(
                site.config().channels().size(),
                Manifest.parse(site.file(SiteLayout.MANIFEST_FILE).orElseThrow().content())
                        .channels()
                        .size());
        String page = text(site, "index.html");
        assertTrue(page.contains("<h2>Managed Updates v2 rollout</h2>"), page);
        assertTrue(
                page.contains("<tr><td>3</td><td><code>on</code></td><td>every day</td><td>14:00</td>"
                        + "<td>24 h</td><td>5</td></tr>"),
                page);
        assertTrue(page.contains("<code>17.2.0</code> \u2192 <code>17.2.1 (follows dev)</code>"), page);
    }

    @Test
    void noWeekdaysMeansEveryDayAndNoMaintenanceMeansNoCmcYaml() {
        Site everyDay = Sites.render("channels: {a: {version: 1.0.0}}\nmaintenance: {utc_start_hour: 5}\n");
        String cmc = text(everyDay, "cmc.yaml");
        assertTrue(cmc.contains("utc_start_hour: 5\n"));
        assertFalse(cmc.contains("    weekdays:\n"), "absent weekdays is every day for Teleport");
        Site none = Sites.render("channels: {a: {version: 1.0.0}}\n");
        assertEquals(Optional.empty(), none.file("cmc.yaml"));
    }

    @Test
    void renderingIsDeterministic() throws IOException {
        Site first = goldenSite();
        Site second = goldenSite();
        assertEquals(first.files(), second.files());
    }

    @Test
    void theManifestReadsBackWithEveryOwnedFile() throws Exception {
        Site site = goldenSite();
        Manifest manifest =
                Manifest.parse(site.file(SiteLayout.MANIFEST_FILE).orElseThrow().content());
        assertEquals(Optional.of(Sites.COMMIT), manifest.commit());
        assertEquals(
                List.of(
                        "cmc.yaml",
                        "current/critical",
                        "current/version",
                        "index.html",
                        "stable/cloud/critical",
                        "stable/cloud/version"),
                manifest.files().stream().map(Manifest.OwnedFile::path).toList());
        for (Manifest.OwnedFile owned : manifest.files()) {
            assertEquals(site.file(owned.path()).orElseThrow().sha256(), owned.sha256());
        }
        assertEquals(
                new Manifest.PublishedChannel("stable/cloud", "14.3.0", true),
                manifest.channels().get(1));
    }

    @Test
    void theManifestWithTheStoresRecordsReadsThemBackAndWithoutRecordsIsTheRenderedOne() throws Exception {
        Site site = goldenSite();
        Manifest.Stored stored =
                new Manifest.Stored("0cc175b9c0f1b6a831c399e269772661-2", "text/plain; charset=utf-8", "max-age=60");
        // Rendered again, with no record of any of its files, it is byte for byte the site's.
        assertArrayEquals(
                site.file(SiteLayout.MANIFEST_FILE).orElseThrow().content(),
                site.manifest(Map.of("not/a/site/file", stored)).orElseThrow().content());

        Manifest recorded = Manifest.parse(
                site.manifest(Map.of("current/version", stored)).orElseThrow().content());

        for (Manifest.OwnedFile owned : recorded.files()) {
            assertEquals(
                    owned.path().equals("current/version") ? Optional.of(stored) : Optional.empty(),
                    owned.stored(),
                    owned.path());
            assertEquals(site.file(owned.path()).orElseThrow().sha256(), owned.sha256());
        }
    }

    @Test
    void aRecordThatIsIncompleteOrNotTextIsUnknownNotAnError() throws Exception {
        String manifest = """
                {"format": 1, "channels": [], "files": [
                  {"path": "a/version", "sha256": "%1$s", "etag": "abc"},
                  {"path": "b/version", "sha256": "%1$s", "etag": 7, "content_type": "t", "cache_control": "c"},
                  {"path": "c/version", "sha256": "%1$s", "etag": "", "content_type": "t", "cache_control": "c"},
                  {"path": "d/version", "sha256": "%1$s", "etag": "e", "content_type": "t", "cache_control": "c"}
                ]}
                """.formatted("0".repeat(64));

        List<Optional<Manifest.Stored>> records =
                Manifest.parse(manifest.getBytes(StandardCharsets.UTF_8)).files().stream()
                        .map(Manifest.OwnedFile::stored)
                        .toList();

        assertEquals(
                List.of(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(new Manifest.Stored("e", "t", "c"))),
                records);
    }

    @Test
    void theProofOfConditionalWritesIsRecordedReadBackAndIgnoredWhenItCannotBeRead() throws Exception {
        Site site = goldenSite();
        Manifest.ConditionalWritesProof proof = new Manifest.ConditionalWritesProof(
                "https://s3.eu-west-1.amazonaws.com bucket updates", Instant.parse("2025-03-04T05:06:07Z"));
        byte[] recorded =
                site.manifest(Map.of(), Optional.of(proof)).orElseThrow().content();

        assertEquals(Optional.of(proof), Manifest.parse(recorded).conditionalWrites());
        assertEquals(
                Optional.empty(),
                Manifest.parse(site.file(SiteLayout.MANIFEST_FILE).orElseThrow().content())
                        .conditionalWrites(),
                "none unless a store proved it");
        String json = new String(recorded, StandardCharsets.UTF_8);
        for (String unreadable : new String[] {
            "{\"store\": 7, \"proven\": \"2025-03-04T05:06:07Z\"}",
            "{\"store\": \"s\", \"proven\": \"yesterday\"}",
            "{\"store\": \"\", \"proven\": " + "\"2025-03-04T05:06:07Z\"}",
            "[]",
            "\"" + "x".repeat(2000) + "\""
        }) {
            String edited = json.replaceFirst(
                    "\"conditional_writes\": \\{[^}]*\\}",
                    "\"conditional_writes\": " + Matcher.quoteReplacement(unreadable));
            assertEquals(
                    Optional.empty(),
                    Manifest.parse(edited.getBytes(StandardCharsets.UTF_8)).conditionalWrites(),
                    unreadable);
        }
    }

    @Test
    void theLeaseAManifestIsWrittenUnderIsRecordedReadBackAndIgnoredWhenItCannotBeRead() throws Exception {
        Site site = goldenSite();
        Manifest.LeaseRecord lease =
                new Manifest.LeaseRecord("0b7a3c1e-6f0e-4d7e-9a51-3f2c8d1e4b5a", "9b2cf535f27731c974343645a3985328");
        byte[] recorded = site.manifest(Map.of(), Optional.empty(), Optional.of(lease))
                .orElseThrow()
                .content();

        assertEquals(Optional.of(lease), Manifest.parse(recorded).lease());
        assertEquals(
                Optional.empty(),
                Manifest.parse(site.file(SiteLayout.MANIFEST_FILE).orElseThrow().content())
                        .lease(),
                "none where the lock does not stay");
        String json = new String(recorded, StandardCharsets.UTF_8);
        assertTrue(
                json.contains("\n  \"lease\": {\"token\": \"" + lease.token() + "\", \"lock_version\": \""
                        + lease.lockVersion() + "\"},\n"),
                json);
        for (String unreadable : new String[] {
            "{\"token\": 7, \"lock_version\": \"v\"}",
            "{\"token\": \"t\"}",
            "{\"token\": \"\", \"lock_version\": \"v\"}",
            "{\"token\": \"t\", \"lock_version\": \"" + "x".repeat(2000) + "\"}",
            "[]",
            "\"t\""
        }) {
            String edited =
                    json.replaceFirst("\"lease\": \\{[^}]*\\}", "\"lease\": " + Matcher.quoteReplacement(unreadable));
            assertEquals(
                    Optional.empty(),
                    Manifest.parse(edited.getBytes(StandardCharsets.UTF_8)).lease(),
                    unreadable);
        }
    }

    @Test
    void theManifestSaysWhenTheSourceHadUncommittedChangesOrNoCommit() throws Exception {
        Site dirty = Sites.render(
                "channels: {a: {version: 1.0.0}}\n",
                new Source("channels.yaml", Optional.of(Sites.COMMIT), Optional.of(Sites.COMMIT_TIME), true));
        assertTrue(text(dirty, SiteLayout.MANIFEST_FILE).contains("\"uncommitted_changes\": true"));
        Site untracked = Sites.render("channels: {a: {version: 1.0.0}}\n", Source.untracked("channels.yaml"));
        assertTrue(text(untracked, SiteLayout.MANIFEST_FILE).contains("\"commit\": null,\n    \"commit_time\": null,"));
        assertEquals(
                Optional.empty(),
                Manifest.parse(untracked
                                .file(SiteLayout.MANIFEST_FILE)
                                .orElseThrow()
                                .content())
                        .commit());
    }

    @Test
    void aRollbackIsRecordedInTheManifestAndReadBack() throws Exception {
        String head = "fedcba9876543210fedcba9876543210fedcba98";
        Site rollback = Sites.render(
                "channels: {a: {version: 1.0.0}}\n",
                new Source(
                        "channels.yaml",
                        Optional.of(Sites.COMMIT),
                        Optional.of(Sites.COMMIT_TIME),
                        false,
                        Optional.of(new Rollback("v1", head, Sites.COMMIT))));
        assertTrue(text(rollback, SiteLayout.MANIFEST_FILE)
                .contains("  \"rollback\": {\"ref\": \"v1\", " + "\"from_commit\": \"" + head + "\", \"to_commit\": \""
                        + Sites.COMMIT + "\"},\n"));
        assertEquals(
                Optional.of(new Rollback("v1", head, Sites.COMMIT)),
                Manifest.parse(rollback.file(SiteLayout.MANIFEST_FILE)
                                .orElseThrow()
                                .content())
                        .rollback());
    }

    @Test
    void aPublishThatIsNoRollbackHasNoRollbackFieldAndOldManifestsStillParse() throws Exception {
        Site site = goldenSite();
        assertFalse(text(site, SiteLayout.MANIFEST_FILE).contains("rollback"));
        assertEquals(
                Optional.empty(),
                Manifest.parse(site.file(SiteLayout.MANIFEST_FILE).orElseThrow().content())
                        .rollback());
        // As written before rollbacks were recorded; a damaged record only informs and does not stop a publish.
        String old = "{\"format\": 1, \"source\": {\"commit\": \"" + Sites.COMMIT + "\"}, \"channels\": "
                + "[{\"name\": \"a\", \"version\": \"1.0.0\", \"critical\": false}], \"files\": []}";
        Manifest parsed = Manifest.parse(old.getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.of(Sites.COMMIT), parsed.commit());
        assertEquals(Optional.empty(), parsed.rollback());
        String damaged = old.replace("\"files\"", "\"rollback\": {\"ref\": 7}, \"files\"");
        assertEquals(
                Optional.empty(),
                Manifest.parse(damaged.getBytes(StandardCharsets.UTF_8)).rollback());
    }

    @Test
    void aManifestFromANewerFormatIsRefused() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                Manifest.InvalidManifestException.class,
                () -> Manifest.parse(
                        "{\"format\": 2, \"channels\": [], \"files\": []}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("upgrade the plugin"), e.getMessage());
    }

    private static String text(Site site, String path) {
        return new String(site.file(path).orElseThrow().content(), StandardCharsets.UTF_8);
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
