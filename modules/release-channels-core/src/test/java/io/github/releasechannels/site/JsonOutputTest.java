// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.site;

import static io.github.releasechannels.site.JsonOutput.Layout.INLINE;
import static io.github.releasechannels.site.JsonOutput.Layout.LINES;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one JSON writer: each container on lines or inline as asked, read back by jackson as written. */
class JsonOutputTest {

    private static String sample() {
        JsonOutput json = new JsonOutput()
                .beginObject(LINES)
                .name("format")
                .number(1)
                .name("source")
                .beginObject(LINES)
                .name("file")
                .string("a\"b\n")
                .name("commit")
                .nullValue()
                .endObject()
                .name("rollback")
                .beginObject(INLINE)
                .name("ref")
                .string("v1")
                .endObject()
                .name("channels")
                .beginArray(LINES);
        json.beginObject(INLINE)
                .name("name")
                .string("x")
                .name("days")
                .beginArray(INLINE)
                .string("Mon")
                .string("Tue")
                .endArray()
                .name("critical")
                .bool(true)
                .endObject();
        json.beginObject(INLINE).name("name").stringOrNull(null).endObject();
        return json.endArray()
                .name("files")
                .beginArray(LINES)
                .endArray()
                .endObject()
                .text();
    }

    @Test
    void linesAndInlineContainersAreLaidOutAsAsked() {
        assertEquals("""
                {
                  "format": 1,
                  "source": {
                    "file": "a\\"b\\n",
                    "commit": null
                  },
                  "rollback": {"ref": "v1"},
                  "channels": [
                    {"name": "x", "days": ["Mon", "Tue"], "critical": true},
                    {"name": null}
                  ],
                  "files": []
                }
                """, sample());
    }

    @Test
    void whatItWritesIsReadBackAsItWas() throws Exception {
        Object read = JsonTree.read(sample().getBytes(StandardCharsets.UTF_8));
        Map<?, ?> root = (Map<?, ?>) read;
        assertEquals("a\"b\n", ((Map<?, ?>) root.get("source")).get("file"));
        assertEquals(List.of("Mon", "Tue"), ((Map<?, ?>) ((List<?>) root.get("channels")).get(0)).get("days"));
        assertEquals(List.of(), root.get("files"));
    }
}
