// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.releasechannels.model.Version;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A promotion of the sample repository's own file changes its version scalar and nothing else. */
class VersionEditorOnTheSampleTest {

    @Test
    void theSampleRepositorysFileKeepsItsComments() throws Exception {
        byte[] sample = Files.readAllBytes(Path.of("../../sample-repo/channels.yaml"));
        String text = new String(sample, StandardCharsets.UTF_8);

        byte[] edited = VersionEditor.edit(
                sample,
                "channels.yaml",
                Map.of("current", Version.parse("14.3.0").orElseThrow()));

        assertEquals(text.replace("version: 14.2.1", "version: 14.3.0"), new String(edited, StandardCharsets.UTF_8));
    }
}
