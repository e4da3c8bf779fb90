// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.site;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Quoting outside JSON documents: what it writes, jackson-core reads back as it was. */
class JsonTextTest {

    @Test
    void everyCharacterComesBackAsItWas() throws Exception {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c < 0x3000; c++) {
            if (!Character.isSurrogate((char) c)) {
                all.append((char) c);
            }
        }
        all.appendCodePoint(0x1F680);
        String value = all.toString();
        assertEquals(value, JsonTree.read(JsonText.quote(value).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscapedTheRestIsKept() {
        assertEquals(
                "\"a\\\"b\\\\c\\u000ad\\u0009e\\u001b[31m\\u0000 é \u2028\"",
                JsonText.quote("a\"b\\c\nd\te\u001b[31m\u0000 é \u2028"));
    }
}
