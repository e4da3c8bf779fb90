// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The editor's JSON Schema (docs/channels-yaml.schema.json) and the plugin's parser must agree: a file is valid for
 * one exactly when it is valid for the other. Each file is loaded with SnakeYAML's safe loader into the tree an
 * editor validates; files that do not load at all are counted, and files whose problem a schema cannot express are
 * listed below with the reason, and must really disagree, so neither list can hide a change.
 */
class SchemaAgreementTest {

    private static final Path SCHEMA = Path.of("../../docs/channels-yaml.schema.json");
    private static final Path SAMPLE = Path.of("../../sample-repo/channels.yaml");
    private static final String V1_AND_V2_EXAMPLE = "sample-repo/examples/channels-v1-and-v2.yaml";
    private static final Path VALID = Path.of("src/test/resources/schema-corpus/valid");
    private static final Path HOSTILE = Path.of("../../maven-plugin/src/test/resources/hostile");

    /** Files that are not a single YAML document SnakeYAML will load, so there is no tree for a schema to judge. */
    private static final Map<String, String> NOT_LOADABLE = Map.ofEntries(
            Map.entry("hostile/alias-bomb-lists.yaml", "more aliases than the loader allows"),
            Map.entry("hostile/alias-bomb-mappings.yaml", "more aliases than the loader allows"),
            Map.entry("hostile/control-bell.yaml", "a control character YAML refuses"),
            Map.entry("hostile/control-escape-sequence.yaml", "a control character YAML refuses"),
            Map.entry("hostile/control-nul-byte.yaml", "a control character YAML refuses"),
            Map.entry("hostile/deep-block-nesting.yaml", "deeper than the loader allows"),
            Map.entry("hostile/deep-flow-nesting.yaml", "deeper than the loader allows"),
            Map.entry("hostile/encoding-latin1.yaml", "not UTF-8"),
            Map.entry("hostile/encoding-overlong-slash.yaml", "not UTF-8"),
            Map.entry("hostile/encoding-truncated-sequence.yaml", "not UTF-8"),
            Map.entry("hostile/encoding-utf16-bom.yaml", "not UTF-8"),
            Map.entry("hostile/syntax-bad-indentation.yaml", "YAML syntax error"),
            Map.entry("hostile/syntax-missing-colon.yaml", "YAML syntax error"),
            Map.entry("hostile/syntax-tab-indentation.yaml", "YAML syntax error"),
            Map.entry("hostile/syntax-two-documents.yaml", "two YAML documents (editors validate each alone)"),
            Map.entry("hostile/syntax-unclosed-flow-sequence.yaml", "YAML syntax error"),
            Map.entry("hostile/syntax-unclosed-mapping.yaml", "YAML syntax error"),
            Map.entry("hostile/syntax-unclosed-quote.yaml", "YAML syntax error"),
            Map.entry("hostile/syntax-undefined-alias.yaml", "YAML syntax error"),
            Map.entry("hostile/tag-java-class.yaml", "a type tag the safe loader refuses"),
            Map.entry("hostile/tag-python.yaml", "a type tag the safe loader refuses"),
            Map.entry("hostile/tag-custom-local.yaml", "a type tag the safe loader refuses"));

    /** Files the plugin refuses for a reason the schema cannot express: the schema accepts them. */
    private static final Map<String, String> SCHEMA_CANNOT_EXPRESS = Map.ofEntries(
            Map.entry(
                    "hostile/key-duplicate-channel.yaml",
                    "duplicate keys: a JSON tree keeps one of them (editors flag duplicates themselves)"),
            Map.entry(
                    "hostile/key-duplicate-version.yaml",
                    "duplicate keys: a JSON tree keeps one of them (editors flag duplicates themselves)"),
            Map.entry("hostile/key-null.yaml", "a null key becomes the string 'null', a valid channel name, in JSON"),
            Map.entry(
                    "hostile/path-inside-another-channel.yaml",
                    "channel collisions (stable + stable/version) relate two keys; JSON Schema checks each alone"),
            Map.entry(
                    "hostile/type-weekdays-duplicate.yaml",
                    "Mon and MONDAY are the same day; uniqueItems compares spellings"),
            Map.entry(
                    "hostile/managed-days-duplicate.yaml",
                    "Mon and monday are the same day; uniqueItems compares spellings"),
            Map.entry(
                    "hostile/managed-group-duplicate-name.yaml",
                    "two groups with one name: uniqueItems compares whole groups, not one key of each"),
            Map.entry(
                    "hostile/managed-follows-unknown.yaml",
                    "'follows' names a key of 'channels'; JSON Schema cannot compare a value with another key"),
            Map.entry(
                    "hostile/managed-window-too-short.yaml",
                    "the window is hours + minutes + seconds summed; a pattern checks its form, not its length"),
            Map.entry(
                    "hostile/promote-from-unknown.yaml",
                    "'from' names a key of 'channels'; JSON Schema cannot compare a value with another key"),
            Map.entry(
                    "hostile/promote-from-itself.yaml",
                    "'from' names its own channel's key; JSON Schema cannot compare a value with a key"),
            Map.entry("hostile/promote-cycle.yaml", "a cycle relates several channels; JSON Schema checks each alone"),
            Map.entry(
                    "hostile/promote-after-too-short.yaml",
                    "'after' is its units summed; a pattern checks its form, not its length"),
            Map.entry(
                    "hostile/freeze-until-not-after-from.yaml",
                    "'until' after 'from' compares two values; JSON Schema cannot"),
            Map.entry(
                    "hostile/freeze-instant-without-offset.yaml",
                    "YAML reads a timestamp without an offset as UTC, so the loaded tree has one"),
            Map.entry(
                    "hostile/freeze-invalid-date.yaml",
                    "a pattern checks a date's form, not the calendar (30 February)"));

    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = Files.newInputStream(SCHEMA)) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
    }

    static Stream<String> corpus() throws IOException {
        List<String> names = new ArrayList<>();
        names.add("sample-repo/channels.yaml");
        names.add(V1_AND_V2_EXAMPLE);
        for (Path dir : List.of(VALID, HOSTILE)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.map(file -> file.getFileName().toString())
                        .filter(name -> name.endsWith(".yaml"))
                        .sorted()
                        .map(name -> dir.getFileName() + "/" + name)
                        .forEach(names::add);
            }
        }
        return names.stream();
    }

    private static Path file(String name) {
        if (name.equals("sample-repo/channels.yaml")) {
            return SAMPLE;
        }
        if (name.equals(V1_AND_V2_EXAMPLE)) {
            return Path.of("../..").resolve(name);
        }
        return (name.startsWith("valid/") ? VALID.getParent() : HOSTILE.getParent()).resolve(name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void schemaAndParserAgree(String name) throws IOException {
        byte[] content = Files.readAllBytes(file(name));
        boolean parserAccepts = parserAccepts(content);
        if (name.startsWith("valid/") || name.startsWith("sample-repo/")) {
            assertTrue(parserAccepts, name + " belongs to the valid corpus but the plugin refuses it");
        } else {
            assertFalse(parserAccepts, name + " belongs to the hostile corpus but the plugin accepts it");
        }

        if (NOT_LOADABLE.containsKey(name)) {
            assertThrows(Exception.class, () -> load(content), name + " is listed as not loadable but loads");
            return;
        }
        Set<ValidationMessage> schemaProblems = schema.validate(load(content));
        if (SCHEMA_CANNOT_EXPRESS.containsKey(name)) {
            assertTrue(
                    schemaProblems.isEmpty(),
                    name + " is listed as a known exception (" + SCHEMA_CANNOT_EXPRESS.get(name)
                            + ") but the schema now refuses it: " + schemaProblems);
            return;
        }
        assertEquals(
                parserAccepts,
                schemaProblems.isEmpty(),
                name + ": the plugin " + (parserAccepts ? "accepts" : "refuses") + " it, the schema says "
                        + schemaProblems);
    }

    @Test
    void theCorporaAreLargeEnoughAndTheExceptionsStillExist() throws IOException {
        List<String> names = corpus().toList();
        assertTrue(names.stream().filter(n -> n.startsWith("valid/")).count() >= 10);
        assertTrue(names.stream().filter(n -> n.startsWith("hostile/")).count() >= 81);
        assertTrue(names.containsAll(NOT_LOADABLE.keySet()), "every not-loadable file exists");
        assertTrue(names.containsAll(SCHEMA_CANNOT_EXPRESS.keySet()), "every known exception exists");
        long compared = names.size() - NOT_LOADABLE.size() - SCHEMA_CANNOT_EXPRESS.size();
        System.out.printf(
                "schema agreement: %d files, %d compared, %d not loadable, %d known exceptions%n",
                names.size(), compared, NOT_LOADABLE.size(), SCHEMA_CANNOT_EXPRESS.size());
        assertTrue(compared >= 60, "most files are compared, not excused: " + compared);
    }

    @Test
    void theSchemaCanFail() {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.putObject("channels").putObject("current").put("version", 14.2);
        assertNotEquals(Set.of(), schema.validate(tree));
    }

    @Test
    void theSamplesNameThisSchemaForEditors() throws IOException {
        String id = schema.getSchemaNode().get("$id").asText();
        for (Path sample : List.of(SAMPLE, file(V1_AND_V2_EXAMPLE))) {
            String firstLine =
                    Files.readAllLines(sample, StandardCharsets.UTF_8).get(0);
            assertEquals("# yaml-language-server: $schema=" + id, firstLine, sample.toString());
        }
    }

    private static boolean parserAccepts(byte[] content) {
        try {
            new ChannelsFileParser().parse(content, "channels.yaml");
            return true;
        } catch (ChannelsFileException e) {
            return false;
        }
    }

    /** What an editor sees: strict UTF-8, one document, safe loading with the plugin's own limits. */
    private static JsonNode load(byte[] content) throws CharacterCodingException {
        String text = StandardCharsets.UTF_8
                .newDecoder()
                .decode(ByteBuffer.wrap(content))
                .toString();
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(ChannelsYamlLoader.MAX_ALIASES_FOR_COLLECTIONS);
        options.setNestingDepthLimit(ChannelsYamlLoader.MAX_NESTING_DEPTH);
        try {
            return toJson(new Yaml(new SafeConstructor(options)).load(text));
        } catch (YAMLException e) {
            throw new IllegalArgumentException("not loadable: " + e.getMessage(), e);
        }
    }

    private static JsonNode toJson(Object value) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (value == null) {
            return json.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = json.objectNode();
            new TreeMap<>(stringKeys(map)).forEach((key, item) -> object.set(key, toJson(item)));
            return object;
        }
        if (value instanceof Iterable<?> items) {
            ArrayNode array = json.arrayNode();
            items.forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (value instanceof String text) {
            return json.textNode(text);
        }
        if (value instanceof Boolean bool) {
            return json.booleanNode(bool);
        }
        if (value instanceof Integer || value instanceof Long) {
            return json.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return json.numberNode(big);
        }
        if (value instanceof Double number) {
            return json.numberNode(number);
        }
        if (value instanceof Date date) {
            return json.textNode(date.toInstant().toString());
        }
        if (value instanceof byte[] bytes) {
            return json.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        throw new IllegalArgumentException(
                "no JSON form for a " + value.getClass().getName());
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> result = new TreeMap<>();
        map.forEach((key, item) -> result.put(String.valueOf(key), item));
        return result;
    }
}
