// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.nodes.Node;

class ChannelsYamlLoaderTest {

    private static final String TAG_FIX = " — remove the tag; channels.yaml holds only plain values";

    /** The problems of loading {@code yaml}, which must not load. */
    private static List<String> problems(String yaml) {
        YamlNodes nodes = new YamlNodes("channels.yaml");
        Optional<Node> root = load(yaml, nodes);
        assertTrue(root.isEmpty(), "a file with a problem yields no tree");
        return nodes.problems.stream().map(Problem::toString).toList();
    }

    private static Optional<Node> load(String yaml, YamlNodes nodes) {
        ChannelsFileText text = ChannelsFileText.decode(yaml.getBytes(StandardCharsets.UTF_8), nodes)
                .orElseThrow();
        return new ChannelsYamlLoader(nodes).load(text);
    }

    private static void assertLoads(String yaml) {
        YamlNodes nodes = new YamlNodes("channels.yaml");
        Optional<Node> root = load(yaml, nodes);
        assertEquals(List.of(), nodes.problems);
        assertTrue(root.isPresent());
    }

    private static String aliases(int count) {
        return "a: &a [x]\nb: [" + String.join(", ", java.util.Collections.nCopies(count, "*a")) + "]\n";
    }

    /**
     * The loader tells these SnakeYAML exceptions apart only by their message. Each test feeds SnakeYAML the real
     * input behind one message and asserts the problem it becomes; were the message reworded, the problem would fall
     * back to a generic "cannot be read as YAML" or "YAML syntax error" and the test fail.
     */
    @Nested
    class SnakeYamlMessages {

        /** {@code ComposerException}: "Global tag is not allowed: tag:yaml.org,2002:…", for scalars, lists, mappings. */
        @Test
        void aGlobalTagIsAnUnallowedTypeTagAtItsPlace() {
            assertEquals(
                    List.of("channels.yaml:3:14: the type tag 'tag:yaml.org,2002:java.lang.Runtime' is not " + "allowed"
                            + TAG_FIX),
                    problems("channels:\n  current:\n    version: !!java.lang.Runtime x\n"));
            assertEquals(
                    List.of("channels.yaml:3:14: the type tag 'tag:yaml.org,2002:javax.script."
                            + "ScriptEngineManager' is not allowed" + TAG_FIX),
                    problems("channels:\n  current:\n    version: !!javax.script.ScriptEngineManager [1.0.0]\n"));
            assertEquals(
                    List.of("channels.yaml:1:11: the type tag 'tag:yaml.org,2002:python/object/apply:os.system' "
                            + "is not allowed" + TAG_FIX),
                    problems("channels: !!python/object/apply:os.system {a: 1}\n"));
        }

        /** {@code YAMLException}: "Number of aliases for non-scalar nodes exceeds the specified max=20". */
        @Test
        void moreThanTwentyAliasesToCollectionsAreABillionLaughs() {
            assertEquals(
                    List.of("channels.yaml: the file uses more than 20 aliases to lists or mappings (a 'billion "
                            + "laughs' expansion) — write the values out instead of using '*' aliases"),
                    problems(aliases(ChannelsYamlLoader.MAX_ALIASES_FOR_COLLECTIONS + 1)));
            assertLoads(aliases(ChannelsYamlLoader.MAX_ALIASES_FOR_COLLECTIONS));
        }

        /** {@code YAMLException}: "Nesting Depth exceeded max 20", in flow and in block style. */
        @ParameterizedTest
        @ValueSource(booleans = {true, false})
        void nestingDeeperThanTwentyLevelsIsRefused(boolean flow) {
            int depth = ChannelsYamlLoader.MAX_NESTING_DEPTH + 5;
            StringBuilder yaml = new StringBuilder();
            if (flow) {
                yaml.append("channels: ")
                        .append("[".repeat(depth))
                        .append("]".repeat(depth))
                        .append('\n');
            } else {
                for (int level = 0; level < depth; level++) {
                    yaml.append("  ".repeat(level)).append("k").append(level).append(":\n");
                }
            }
            assertEquals(
                    List.of("channels.yaml: the file nests more than 20 levels deep — channels.yaml needs 3 "
                            + "levels; see docs/channels-yaml.md for the format"),
                    problems(yaml.toString()));
        }
    }

    @Test
    void aControlCharacterIsPlacedByCodePointsAfterTheByteOrderMark() {
        assertEquals(
                List.of("channels.yaml:2:21: the character U+0007 is a control character YAML does not allow "
                        + "— remove it or write the value in double quotes with an escape"),
                problems("\uFEFFchannels:\n  \u00e9: {version: 1.0.0\u0007}\n"));
    }

    @Test
    void aSecondDocumentIsRefusedAtItsStart() {
        assertEquals(
                List.of("channels.yaml:3:1: the file holds more than one YAML document — remove the second "
                        + "document and its '---' line"),
                problems("channels: {a: {version: 1.0.0}}\n---\nchannels: {}\n"));
    }

    @Test
    void aSyntaxErrorCarriesSnakeYamlsContextAndProblemAtTheProblemsPlace() {
        assertEquals(
                List.of("channels.yaml:4:1: YAML syntax error: while parsing a flow sequence, expected ',' or "
                        + "']', but got <stream end> — fix the YAML syntax at this place (indentation, quotes, ':' after "
                        + "keys)"),
                problems("channels:\n  current:\n    version: [14.2.1\n"));
    }

    @Test
    void aFileOfOnlyCommentsHasNoDocument() {
        YamlNodes nodes = new YamlNodes("channels.yaml");
        assertEquals(Optional.empty(), load("# nothing yet\n", nodes));
        assertEquals(List.of(), nodes.problems, "that the file is empty is the document's to say");
    }
}
