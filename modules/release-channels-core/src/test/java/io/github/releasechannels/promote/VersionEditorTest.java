// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.config.Problem;
import io.github.releasechannels.model.Version;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Surgical edits of the versions, compared byte for byte with the whole expected file. */
class VersionEditorTest {

    private static Map<String, Version> versions(String... channelsAndVersions) {
        Map<String, Version> versions = new LinkedHashMap<>();
        for (int i = 0; i < channelsAndVersions.length; i += 2) {
            versions.put(
                    channelsAndVersions[i],
                    Version.parse(channelsAndVersions[i + 1]).orElseThrow());
        }
        return versions;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertEdit(String expected, String original, String... channelsAndVersions) throws Exception {
        byte[] edited = VersionEditor.edit(bytes(original), "channels.yaml", versions(channelsAndVersions));
        assertEquals(expected, new String(edited, StandardCharsets.UTF_8));
        assertArrayEquals(bytes(expected), edited);
    }

    private static List<String> refused(String original, String... channelsAndVersions) {
        VersionEditException e = assertThrows(
                VersionEditException.class,
                () -> VersionEditor.edit(bytes(original), "channels.yaml", versions(channelsAndVersions)));
        return e.problems().stream().map(Problem::toString).toList();
    }

    private static final String BLOCK = """
            # yaml-language-server: $schema=https://example.invalid/channels-yaml.schema.json
            # Release channels, canary first.
            channels:
              canary:
                version: 17.3.0            # moved by Renovate or by hand
                hold: "none yet"
              current:
                version: 17.2.1   # promoted from canary
                promote:
                  from: canary
                  after: 48h
              stable/v17:
                # pinned to 17.x
                version: v17.2.1
                promote: {from: current, after: 7d}
            freezes:
              - {from: 2026-12-18, until: 2027-01-04, reason: year-end change freeze}
            """;

    @Test
    void onlyTheVersionScalarsChangeInABlockStyleFile() throws Exception {
        assertEdit(
                BLOCK.replace("    version: 17.2.1   # promoted", "    version: 17.3.0   # promoted")
                        .replace("version: v17.2.1", "version: v17.3.0"),
                BLOCK,
                "current",
                "17.3.0",
                "stable/v17",
                "17.3.0");
    }

    @Test
    void flowMappingsQuotesAndLengthsThatChangeKeepEverythingElse() throws Exception {
        String original = "channels:\n"
                + "  canary: {version: \"17.10.0\", critical: false}   # double\n"
                + "  current: {version: '17.9.0', promote: {from: canary, after: 48h}}   # single\n"
                + "  stable/v17: {version: 17.9.0, promote: {from: current, after: 7d}}\n"
                + "  edge: {version: 17.9.0-rc.1, promote: {from: canary, after: 1h, prereleases: true}}\n";
        String expected = "channels:\n"
                + "  canary: {version: \"17.10.0\", critical: false}   # double\n"
                + "  current: {version: '17.10.0', promote: {from: canary, after: 48h}}   # single\n"
                + "  stable/v17: {version: 17.10.0, promote: {from: current, after: 7d}}\n"
                + "  edge: {version: 17.10.0, promote: {from: canary, after: 1h, prereleases: true}}\n";
        assertEdit(expected, original, "current", "17.10.0", "stable/v17", "17.10.0", "edge", "17.10.0");
    }

    @Test
    void crlfLineEndingsAByteOrderMarkAndNonAsciiCommentsStay() throws Exception {
        String original = "\uFEFF# Kanäle für Agenten \uD83D\uDE80\r\nchannels:\r\n  canary:\r\n    version: 17.3.0"
                + "\r\n  current:   # le café\r\n    version: \"v17.2.1\"  # quoted, with a v\r\n    promote: {from: canary, "
                + "after: 48h}\r\n";
        assertEdit(original.replace("\"v17.2.1\"", "\"v17.3.0\""), original, "current", "17.3.0");
    }

    @Test
    void aPreReleaseIsWrittenAsAPlainStringThatReadsBackAsTheVersion() throws Exception {
        String original = "channels:\n  canary:\n    version: 18.0.0-rc.1\n  edge:\n    version: 17.3.0\n"
                + "    promote: {from: canary, after: 1h, within: any, prereleases: true}\n";
        assertEdit(original.replace("version: 17.3.0", "version: 18.0.0-rc.1"), original, "edge", "18.0.0-rc.1");
    }

    @Test
    void noChangeWritesTheSameBytes() throws Exception {
        assertArrayEquals(
                bytes(BLOCK),
                VersionEditor.edit(
                        bytes(BLOCK), "channels.yaml", versions("current", "17.2.1", "stable/v17", "17.2.1")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "an alias|channels:\n  canary: {version: &v 17.3.0}\n  current: {version: *v}\n|"
                        + "channels.yaml:3:3: the version of channel 'current' is written as an alias of another value, which "
                        + "promote does not edit — write it as a plain or quoted value, such as 'version: 17.3.0'",
                "an anchor|channels:\n  canary: {version: &v 17.3.0}\n  current: {version: *v}\n|"
                        + "channels.yaml:2:21: the version of channel 'canary' is written with an anchor or a tag, which "
                        + "promote does not edit — write it as a plain or quoted value, such as 'version: 17.3.0'",
                "a tag|channels:\n  canary: {version: !!str 17.3.0}\n|"
                        + "channels.yaml:2:21: the version of channel 'canary' is written with an anchor or a tag, which "
                        + "promote does not edit — write it as a plain or quoted value, such as 'version: 17.3.0'",
                "a block scalar|channels:\n  canary:\n    version: >-\n      17.3.0\n|"
                        + "channels.yaml:3:14: the version of channel 'canary' is written as a block scalar, which promote "
                        + "does not edit — write it as a plain or quoted value, such as 'version: 17.3.0'",
                "escapes|channels:\n  canary: {version: \"\\x317.3.0\"}\n|"
                        + "channels.yaml:2:21: the version of channel 'canary' is written with escapes — write it as 17.3.0",
            })
    void aVersionThatIsNotAPlainOrQuotedValueIsRefused(String row) {
        String[] parts = row.split("\\|");
        String channel = parts[0].equals("an alias") ? "current" : "canary";
        assertEquals(List.of(parts[2]), refused(parts[1], channel, "17.4.0"), parts[0]);
    }

    @Test
    void anInvalidFileOrAnUnknownChannelIsRefused() {
        assertEquals(
                List.of(
                        "channels.yaml: the channels file is not valid, so nothing is promoted — fix the problems "
                                + "below first",
                        "channels.yaml:3:14: the version of channel 'canary' is the number 17.3, not a full "
                                + "version — write the full version MAJOR.MINOR.PATCH in quotes, e.g. \"17.3.0\""),
                refused("channels:\n  canary:\n    version: 17.3\n", "canary", "17.4.0"));
        assertEquals(
                List.of("channels.yaml: channel 'nowhere' is not declared — promote only channels of the file"),
                refused(BLOCK, "nowhere", "1.0.0"));
    }

    @Test
    void everyRefusedVersionIsReportedInFileOrder() {
        assertEquals(
                List.of(
                        "channels.yaml: channel 'nowhere' is not declared — promote only channels of the file",
                        "channels.yaml:2:21: the version of channel 'canary' is written with escapes — write it as 17.3.0",
                        "channels.yaml:4:14: the version of channel 'current' is written as a block scalar, which promote "
                                + "does not edit — write it as a plain or quoted value, such as 'version: 17.2.1'"),
                refused(
                        "channels:\n  canary: {version: \"\\x317.3.0\"}\n  current:\n    version: >-\n      17.2.1\n",
                        "current",
                        "17.3.0",
                        "nowhere",
                        "1.0.0",
                        "canary",
                        "17.4.0"));
    }

    @Test
    void aResultThatChangesMoreThanTheVersionsIsRefused() {
        String original = "channels:\n  canary: {version: 17.3.0, critical: true}\n  current: {version: 17.2.1}\n";
        String tampered = "channels:\n  canary: {version: 17.3.0, critical: false}\n  current: {version: 17.3.0}\n";
        VersionEditException e = assertThrows(
                VersionEditException.class,
                () -> VersionEditor.readBack(
                        bytes(original), bytes(tampered), "channels.yaml", versions("current", "17.3.0")));
        assertTrue(
                e.getMessage()
                        .contains("the edited file does not read back as the intended promotion: the edit "
                                + "would change more than the versions [ScalarChange[before=true, after=false], ScalarChange["
                                + "before=17.2.1, after=17.3.0]]"),
                e.getMessage());

        String wrongVersion = "channels:\n  canary: {version: 17.3.0, critical: true}\n  current: {version: 17.3.1}\n";
        VersionEditException wrong = assertThrows(
                VersionEditException.class,
                () -> VersionEditor.readBack(
                        bytes(original), bytes(wrongVersion), "channels.yaml", versions("current", "17.3.0")));
        assertTrue(wrong.getMessage().contains("channel 'current' would be 17.3.1, not 17.3.0"), wrong.getMessage());
    }
}
