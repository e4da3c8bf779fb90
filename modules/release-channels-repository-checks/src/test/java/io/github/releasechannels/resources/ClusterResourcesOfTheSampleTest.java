// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.testing.Sites;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** sample-repo's v1 + v2 example: valid, warned only about its deliberate v1 window, resources tctl accepts. */
class ClusterResourcesOfTheSampleTest {

    private static final Source SOURCE =
            new Source("channels.yaml", Optional.of(Sites.COMMIT), Optional.of(Sites.COMMIT_TIME), false);

    @Test
    void theSampleRepositorysV1AndV2ExampleRendersResourcesTctlAccepts() throws Exception {
        ChannelsFileParser.Parsed parsed = new ChannelsFileParser()
                .read(
                        Files.readAllBytes(Path.of("../../sample-repo/examples/channels-v1-and-v2.yaml")),
                        "channels.yaml");
        assertEquals(1, parsed.warnings().size(), parsed.warnings().toString());
        assertTrue(
                parsed.warnings().get(0).message().contains("both 'maintenance'"),
                parsed.warnings().toString());
        List<SiteFile> files =
                ClusterResources.render(parsed.config(), SOURCE, Optional.empty(), KubernetesNames.DEFAULT);
        assertEquals(List.of(), TctlReader.tctlCreate(text(files, ClusterResources.CONFIG_FILE)));
        String version = text(files, ClusterResources.VERSION_FILE);
        assertEquals(List.of(), TctlReader.tctlCreate(version));
        assertTrue(version.contains("target_version: \"17.2.1\""), version);
        assertTrue(text(files, ClusterResources.CONFIG_FILE).contains("name: \"stable\""));
    }

    private static String text(List<SiteFile> files, String path) {
        return files.stream()
                .filter(file -> file.path().equals(path))
                .findFirst()
                .map(file -> new String(file.content(), StandardCharsets.UTF_8))
                .orElseThrow(() -> new AssertionError("no " + path));
    }
}
