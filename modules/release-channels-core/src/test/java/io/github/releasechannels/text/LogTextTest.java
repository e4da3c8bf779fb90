// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.testing.ActionsRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogTextTest {

    /** What an attacker writes where the plugin prints a value: a group name, a served version, a ref. */
    static final List<String> HOSTILE = List.of(
            "late\n::add-mask::17.2.1\n  late",
            "::error::forged",
            "  ::warning file=channels.yaml,line=1::forged",
            "\u00A0\u3000::add-mask::x",
            "x ##[stop-commands]pwned",
            "##[error]forged",
            "a\r::error::after a carriage return",
            "a\u0085::error::NEL",
            "a\u2028::error::line separator",
            "\u001b[31mred\u001b[0m",
            "\u202Egnp.exe",
            "::stop-commands::tok");

    @Test
    void controlFormatAndSeparatorCharactersAreShownAsEscapes() {
        assertEquals("late\\u000A::add-mask::17.2.1\\u000A  late", LogText.escape("late\n::add-mask::17.2.1\n  late"));
        assertEquals("a\\u000Db\\u0009c\\u001B[31m\\u202E\\u2028", LogText.escape("a\rb\tc\u001b[31m\u202E\u2028"));
    }

    @Test
    void theOlderCommandFormIsNeutralisedAnywhere() {
        assertEquals("x ##\\u005Bstop-commands]pwned ###\\u005B", LogText.escape("x ##[stop-commands]pwned ###["));
        assertEquals("#\\u000A#[error]", LogText.escape("#\n#[error]"));
    }

    @Test
    void aCommandAtTheStartAfterWhiteSpaceIsNeutralised() {
        assertEquals("\\u003A:error::x", LogText.escape("::error::x"));
        assertEquals("  \u00A0\\u003A:add-mask::x", LogText.escape("  \u00A0::add-mask::x"));
        assertEquals("a ::error::x", LogText.escape("a ::error::x"));
        assertEquals("\\u0009::error::x", LogText.escape("\t::error::x"));
    }

    @Test
    void escapingTwiceChangesNothing() {
        for (String value : HOSTILE) {
            String once = LogText.escape(value);
            assertEquals(once, LogText.escape(once), value);
        }
    }

    @Test
    void noHostileValueIsACommandWhereverItStandsInALine() {
        for (String value : HOSTILE) {
            for (String line : List.of(
                    LogText.escape(value),
                    "  " + LogText.escape(value),
                    "[INFO] " + LogText.escape(value) + " done",
                    LogText.escapeLines("heading:\n" + value))) {
                assertEquals(List.of(), new ActionsRunner().read(line + "\n").commands(), line);
            }
        }
    }

    @Test
    void withoutTheEscapingTheyAreCommands() {
        for (String value : List.of(
                HOSTILE.get(0),
                HOSTILE.get(1),
                HOSTILE.get(2),
                HOSTILE.get(3),
                HOSTILE.get(4),
                HOSTILE.get(5),
                HOSTILE.get(6),
                HOSTILE.get(11))) {
            assertTrue(!new ActionsRunner().read(value).commands().isEmpty(), value);
        }
    }

    @Test
    void aMessageKeepsItsOwnLinesAndEscapesEachOne() {
        assertEquals(
                "Nothing was published:\n\\u003A:error::x\n  ##\\u005Bgroup]",
                LogText.escapeLines("Nothing was published:\r\n::error::x\n  ##[group]"));
    }
}
