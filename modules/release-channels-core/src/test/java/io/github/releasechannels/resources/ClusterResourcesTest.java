// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.resources;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.agent.BaseUrl;
import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteWriter;
import io.github.releasechannels.testing.Sites;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cluster resources of the golden cases: byte for byte, the same on every run, and accepted by a reader that
 * does what {@code tctl create} and the operator do with them.
 */
class ClusterResourcesTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Source SOURCE =
            new Source("channels.yaml", Optional.of(Sites.COMMIT), Optional.of(Sites.COMMIT_TIME), false);

    @TempDir
    Path temp;

    /** The golden cases and how each is rendered. */
    private static List<SiteFile> render(String name) throws Exception {
        ChannelsConfig config = new ChannelsFileParser()
                .parse(Files.readAllBytes(GOLDEN.resolve(name).resolve("channels.yaml")), "channels.yaml");
        if (name.equals("managed-updates")) {
            return ClusterResources.render(
                    config,
                    SOURCE,
                    Optional.of(BaseUrl.parse("https://updates.example.com/teleport", false)),
                    KubernetesNames.inNamespace(Optional.of("teleport")));
        }
        return ClusterResources.render(config, SOURCE, Optional.empty(), KubernetesNames.DEFAULT);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "managed-updates",
                "managed-updates-time-based",
                "managed-updates-minimal",
                "managed-updates-clusters"
            })
    void matchesTheGoldenFilesByteForByte(String name) throws Exception {
        Path expected = GOLDEN.resolve(name).resolve("resources");
        List<String> expectedPaths;
        try (Stream<Path> files = Files.walk(expected)) {
            expectedPaths = files.filter(Files::isRegularFile)
                    .map(path -> expected.relativize(path).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
        List<SiteFile> files = render(name);
        assertEquals(expectedPaths, files.stream().map(SiteFile::path).toList());
        for (SiteFile file : files) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(file.path())), file.content(), file.path());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "managed-updates",
                "managed-updates-time-based",
                "managed-updates-minimal",
                "managed-updates-clusters"
            })
    void isTheSameOnEveryRun(String name) throws Exception {
        assertEquals(render(name), render(name));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"managed-updates", "managed-updates-time-based", "managed-updates-minimal"})
    void tctlAndTheOperatorAcceptEveryResource(String name) throws Exception {
        List<SiteFile> files = render(name);
        assertEquals(List.of(), TctlReader.tctlCreate(text(files, ClusterResources.CONFIG_FILE)));
        assertEquals(List.of(), TctlReader.tctlCreate(text(files, ClusterResources.VERSION_FILE)));
        assertEquals(
                List.of(),
                TctlReader.operatorResource(
                        text(files, ClusterResources.KUBERNETES_CONFIG_FILE), "TeleportAutoupdateConfigV1"));
        assertEquals(
                List.of(),
                TctlReader.operatorResource(
                        text(files, ClusterResources.KUBERNETES_VERSION_FILE), "TeleportAutoupdateVersionV1"));
    }

    /**
     * Two clusters: each directory holds resources tctl and the operator accept, each following its own channel, so
     * production moves when a promotion moves current; nothing is written at the top level but the index.
     */
    @Test
    void eachClusterHasItsOwnDirectoryOfResourcesThatTctlAccepts() throws Exception {
        List<SiteFile> files = render("managed-updates-clusters");
        for (String cluster : List.of("staging/", "production/")) {
            assertEquals(List.of(), TctlReader.tctlCreate(text(files, cluster + ClusterResources.CONFIG_FILE)));
            assertEquals(List.of(), TctlReader.tctlCreate(text(files, cluster + ClusterResources.VERSION_FILE)));
            assertEquals(
                    List.of(),
                    TctlReader.operatorResource(
                            text(files, cluster + ClusterResources.KUBERNETES_CONFIG_FILE),
                            "TeleportAutoupdateConfigV1"));
            assertEquals(
                    List.of(),
                    TctlReader.operatorResource(
                            text(files, cluster + ClusterResources.KUBERNETES_VERSION_FILE),
                            "TeleportAutoupdateVersionV1"));
        }
        assertTrue(text(files, "staging/" + ClusterResources.VERSION_FILE)
                .contains("target_version: \"17.3.0\"  # channel canary"));
        assertTrue(text(files, "production/" + ClusterResources.VERSION_FILE)
                .contains("target_version: \"17.2.1\"  # channel current"));
        assertTrue(text(files, "staging/" + ClusterResources.CMC_FILE).contains("utc_start_hour: 4\n"));
        assertEquals(
                List.of("README.txt"),
                files.stream()
                        .map(SiteFile::path)
                        .filter(path -> !path.contains("/"))
                        .toList());

        // A promotion of current (the only change of the file) moves production and leaves staging as it was.
        String promoted = Files.readString(GOLDEN.resolve("managed-updates-clusters/channels.yaml"))
                .replace("  current:\n    version: 17.2.1", "  current:\n    version: 17.3.0");
        List<SiteFile> after = ClusterResources.render(
                new ChannelsFileParser()
                        .parse(promoted.getBytes(java.nio.charset.StandardCharsets.UTF_8), "channels.yaml"),
                SOURCE,
                Optional.empty(),
                KubernetesNames.DEFAULT);
        assertTrue(text(after, "production/" + ClusterResources.VERSION_FILE)
                .contains("target_version: \"17.3.0\"  # channel current"));
        assertEquals(
                text(files, "staging/" + ClusterResources.VERSION_FILE),
                text(after, "staging/" + ClusterResources.VERSION_FILE));
    }

    /** The reader must be able to refuse: each trap of the contract, written by hand, fails it. */
    @Test
    void theTctlReaderRefusesWhatTctlRefuses() {
        String config = "kind: autoupdate_config\nversion: v1\nmetadata:\n  name: autoupdate-config\nspec:\n"
                + "  agents:\n    mode: \"enabled\"\n    strategy: \"time-based\"\n";
        assertEquals(List.of(), TctlReader.tctlCreate(config + "    maintenance_window_duration: \"3600s\"\n"));
        assertTrue(TctlReader.tctlCreate(config + "    maintenance_window_duration: 1h\n")
                .get(0)
                .contains("invalid google.protobuf.Duration"));
        assertTrue(TctlReader.tctlCreate(
                        config.replace("\"enabled\"", "on") + "    maintenance_window_duration: \"3600s\"\n")
                .get(0)
                .contains("invalid string Boolean true"));
        assertTrue(TctlReader.tctlCreate(config + "    maintenance_window_duration: \"3600s\"\n    wait_days: 1\n")
                .get(0)
                .contains("unknown field \"wait_days\""));
        String version = "kind: autoupdate_version\nversion: v1\nmetadata:\n  name: autoupdate-version\nspec:\n"
                + "  agents:\n    start_version: \"17.2.0\"\n    target_version: \"v17.2.1\"\n"
                + "    schedule: \"regular\"\n    mode: \"enabled\"\n";
        assertEquals(List.of("target_version v17.2.1 is not a version"), TctlReader.tctlCreate(version));
        assertFalse(TctlReader.tctlCreate(version.replace("\"17.2.0\"", "18.0")).isEmpty());
    }

    @Test
    void theGroupNamedOnStaysAString() throws Exception {
        String config = text(render("managed-updates"), ClusterResources.CONFIG_FILE);
        assertTrue(config.contains("        - name: \"on\"\n"), config);
        assertTrue(config.contains("days: [\"*\"]"), config);
    }

    @Test
    void theDirectoryIsReplacedAsAWholeAndAForeignOneIsRefused() throws Exception {
        Path directory = temp.resolve("release-channels-resources");
        SiteWriter writer = new SiteWriter(ClusterResources.INDEX_FILE, "releaseChannels.resourcesDirectory");
        writer.write(render("managed-updates"), directory);
        assertTrue(Files.isRegularFile(directory.resolve("teleport-proxy-channels.yaml")));
        writer.write(render("managed-updates-minimal"), directory);
        assertFalse(Files.exists(directory.resolve("teleport-proxy-channels.yaml")), "a stale file is removed");
        assertTrue(Files.isRegularFile(directory.resolve(ClusterResources.CONFIG_FILE)));

        Path foreign = Files.createDirectories(temp.resolve("mine"));
        Files.writeString(foreign.resolve("notes.txt"), "keep");
        SiteWriter.NotASiteDirectoryException refused = assertThrows(
                SiteWriter.NotASiteDirectoryException.class, () -> writer.write(render("managed-updates"), foreign));
        assertTrue(refused.getMessage().contains("holds no README.txt"), refused.getMessage());
        assertTrue(refused.getMessage().contains("releaseChannels.resourcesDirectory"), refused.getMessage());
        assertEquals("keep", Files.readString(foreign.resolve("notes.txt")));
    }

    @Test
    void withoutTheSectionOnlyTheIndexIsWritten() throws Exception {
        ChannelsConfig config = new ChannelsFileParser()
                .parse(
                        "channels:\n  current:\n    version: 17.2.1\n".getBytes(StandardCharsets.UTF_8),
                        "channels.yaml");
        List<SiteFile> files = ClusterResources.render(config, SOURCE, Optional.empty(), KubernetesNames.DEFAULT);
        assertEquals(
                List.of(ClusterResources.INDEX_FILE),
                files.stream().map(SiteFile::path).toList());
        assertTrue(text(files, ClusterResources.INDEX_FILE).contains("declares no managed_updates section"));
    }

    /**
     * The operator copies metadata.name into the Teleport resource, which Teleport accepts only under its singleton
     * name: another name is refused, saying why, rather than rendered into a resource that never reconciles.
     */
    @Test
    void anOperatorResourceNamedOtherThanTheSingletonIsRefusedWithTheReason() {
        var failure = assertThrows(
                KubernetesNames.InvalidKubernetesNameException.class,
                () -> new KubernetesNames("fleet-rollout", ClusterResources.VERSION_NAME, Optional.empty()));
        assertEquals("releaseChannels.kubernetes.configName", failure.parameter());
        assertEquals("fleet-rollout", failure.value());
        assertTrue(
                failure.getMessage().contains("Teleport accepts only 'autoupdate-config'")
                        && failure.getMessage().contains("never reconciled"),
                failure.getMessage());
        var version = assertThrows(
                KubernetesNames.InvalidKubernetesNameException.class,
                () -> new KubernetesNames(ClusterResources.CONFIG_NAME, "fleet-version", Optional.empty()));
        assertEquals("releaseChannels.kubernetes.versionName", version.parameter());
        assertTrue(version.getMessage().contains("only 'autoupdate-version'"), version.getMessage());
        var namespace = assertThrows(
                KubernetesNames.InvalidKubernetesNameException.class,
                () -> KubernetesNames.inNamespace(Optional.of("team.ns")));
        assertEquals("releaseChannels.kubernetes.namespace", namespace.parameter());
        assertEquals(
                Optional.of("team"),
                KubernetesNames.inNamespace(Optional.of("team")).namespace());
    }

    /** What the operator would do with a custom resource named otherwise: never reconcile it. */
    @Test
    void theReaderRefusesAnOperatorResourceNamedOtherThanTheSingleton() throws Exception {
        String resource = text(render("managed-updates"), ClusterResources.KUBERNETES_CONFIG_FILE);
        assertEquals(List.of(), TctlReader.operatorResource(resource, "TeleportAutoupdateConfigV1"));
        assertEquals(
                List.of("metadata.name fleet-rollout is not autoupdate-config, the only name of this singleton"),
                TctlReader.operatorResource(
                        resource.replace("name: autoupdate-config", "name: fleet-rollout"),
                        "TeleportAutoupdateConfigV1"));
    }

    private static String text(List<SiteFile> files, String path) {
        return files.stream()
                .filter(file -> file.path().equals(path))
                .findFirst()
                .map(file -> new String(file.content(), StandardCharsets.UTF_8))
                .orElseThrow(() -> new AssertionError("no " + path));
    }
}
