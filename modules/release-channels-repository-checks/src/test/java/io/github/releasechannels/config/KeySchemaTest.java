// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The parser's key schema and the editor's (docs/channels-yaml.schema.json) allow the same keys in each mapping. */
class KeySchemaTest {

    /** Each mapping the schema closes with {@code additionalProperties: false}, by its JSON pointer. */
    private static final Map<String, KeySchema> BY_POINTER = Map.of(
            "", KeySchema.ROOT,
            "/definitions/maintenance", KeySchema.MAINTENANCE,
            "/definitions/cluster", KeySchema.CLUSTER,
            "/definitions/channel", KeySchema.CHANNEL,
            "/definitions/managedUpdates", KeySchema.MANAGED_UPDATES,
            "/definitions/group", KeySchema.GROUP,
            "/definitions/clientTools", KeySchema.TOOLS,
            "/definitions/promote", KeySchema.PROMOTE,
            "/definitions/freeze", KeySchema.FREEZE);

    @Test
    void everyClosedMappingOfTheEditorsSchemaHasTheParsersKeys() throws IOException {
        JsonNode schema = new ObjectMapper()
                .readTree(Path.of("../../docs/channels-yaml.schema.json").toFile());
        List<String> closed = new ArrayList<>();
        collectClosed(schema, "", closed);
        assertEquals(
                new TreeSet<>(BY_POINTER.keySet()),
                new TreeSet<>(closed),
                "a mapping the schema closes is missing here, or one here is no longer closed");
        BY_POINTER.forEach((pointer, keys) ->
                assertEquals(new TreeSet<>(keys.known()), fieldNames(schema.at(pointer + "/properties")), pointer));
    }

    private static void collectClosed(JsonNode node, String pointer, List<String> closed) {
        if (node.isObject()) {
            if (node.path("additionalProperties").isBoolean()
                    && !node.get("additionalProperties").asBoolean()) {
                closed.add(pointer);
            }
            node.fields()
                    .forEachRemaining(field -> collectClosed(field.getValue(), pointer + "/" + field.getKey(), closed));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectClosed(node.get(i), pointer + "/" + i, closed);
            }
        }
    }

    private static Set<String> fieldNames(JsonNode properties) {
        Set<String> names = new TreeSet<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
