// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTreeTest {

    private static Object read(String json) throws JsonTree.InvalidJsonException {
        return JsonTree.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String refusal(String json) {
        return assertThrows(JsonTree.InvalidJsonException.class, () -> read(json))
                .getMessage();
    }

    @Test
    void readsObjectsArraysAndTypedScalarsInOrder() throws Exception {
        Object tree = read("{\"format\": 1, \"big\": 12345678901, \"x\": 1.5, \"ok\": true, \"no\": false,"
                + " \"none\": null, \"list\": [\"a\", {\"b\": \"\\u00e9\"}]}");

        Map<?, ?> map = (Map<?, ?>) tree;
        assertEquals(List.of("format", "big", "x", "ok", "no", "none", "list"), List.copyOf(map.keySet()));
        assertEquals(Integer.valueOf(1), map.get("format"));
        assertEquals(Long.valueOf(12345678901L), map.get("big"));
        assertEquals(1.5, map.get("x"));
        assertEquals(Boolean.TRUE, map.get("ok"));
        assertEquals(Boolean.FALSE, map.get("no"));
        assertTrue(map.containsKey("none") && map.get("none") == null);
        assertEquals(List.of("a", Map.of("b", "\u00e9")), map.get("list"));
    }

    @Test
    void refusesWhatIsNotOneStrictJsonValueNamingWhere() {
        assertTrue(refusal("").contains("empty"));
        assertTrue(refusal("{\"a\": 1}\n{\"b\": 2}").contains("more than one value at line 2"));
        assertTrue(refusal("{\"a\": 1, \"a\": 2}").contains("Duplicate field 'a'"));
        // YAML that SnakeYAML would have read as a mapping is not a manifest this plugin wrote.
        assertTrue(refusal("files: []\nchannels: []\n").contains("line 1, column 1"));
        assertTrue(refusal("{\"a\": [1, 2}").contains("line 1, column 12"), refusal("{\"a\": [1, 2}"));
    }

    @Test
    void refusesNestingFarDeeperThanAManifest() {
        String deep = "[".repeat(17) + "]".repeat(17);
        String shallow = "[".repeat(16) + "]".repeat(16);

        assertTrue(refusal(deep).toLowerCase().contains("nesting depth"), refusal(deep));
        assertEquals(16, depth(assertDoesNotThrow(shallow)));
    }

    private static Object assertDoesNotThrow(String json) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> read(json));
    }

    private static int depth(Object value) {
        return value instanceof List<?> list
                ? 1 + list.stream().mapToInt(JsonTreeTest::depth).max().orElse(0)
                : 0;
    }

    @Test
    void stringsAreReadWhole() throws Exception {
        char[] chars = new char[100_000];
        Arrays.fill(chars, 'x');
        String text = new String(chars);
        assertEquals(List.of(text), read("[\"" + text + "\"]"));
    }
}
