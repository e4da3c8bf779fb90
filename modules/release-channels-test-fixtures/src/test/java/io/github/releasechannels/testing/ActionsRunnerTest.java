// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner stand-in accepts and refuses what the runner's parser does; else it would prove nothing. */
class ActionsRunnerTest {

    private static List<String> kinds(String output) {
        return new ActionsRunner()
                .read(output).commands().stream()
                        .map(ActionsRunner.Command::kind)
                        .toList();
    }

    @Test
    void theCurrentFormIsACommandAtTheStartOfALineAfterAnyWhiteSpaceDotNetTrims() {
        assertEquals(List.of("error"), kinds("::error::x"));
        assertEquals(List.of("warning"), kinds("   ::warning::x"));
        assertEquals(List.of("add-mask"), kinds("\u00A0\u2003::add-mask::17.2.1"));
        assertEquals(List.of("error"), kinds("\u000B::error::vertical tab is white space in .NET"));
        assertEquals(List.of(), kinds("[INFO] ::error::not at the start"));
        assertEquals(List.of(), kinds("x::error::x"));
        assertEquals(List.of(), kinds("::error no end"));
    }

    @Test
    void namesAreRegisteredOnesInAnyCase() {
        assertEquals(List.of("error", "add-mask"), kinds("::ERROR::x\n::Add-Mask::y"));
        assertEquals(List.of(), kinds("::forge::x\n##[forge]y\n::set-outputs name=a::b"));
    }

    @Test
    void theOlderFormIsACommandAnywhereInALine() {
        assertEquals(
                List.of("error", "warning"), kinds("[INFO] version ##[error]forged\nabc ##[warning file=a;line=2]x"));
        assertEquals(List.of(), kinds("[INFO] ##[error no bracket"));
        ActionsRunner.Command old = new ActionsRunner()
                .read("x ##[warning file=a%3Bb;line=2]one%0Atwo%5D")
                .commands()
                .get(0);
        assertEquals(Map.of("file", "a;b", "line", "2"), old.properties());
        assertEquals("one\ntwo]", old.data());
    }

    @Test
    void linesEndAtCarriageReturnsTooAsReadLineEndsThem() {
        assertEquals(List.of("a", "::error::b", "c", "", "d"), ActionsRunner.lines("a\r::error::b\r\nc\n\nd"));
        assertEquals(List.of("error"), kinds("[INFO] late\r::error::forged"));
    }

    @Test
    void propertiesAndDataAreUnescapedAsTheRunnerDoes() {
        ActionsRunner.Command command = new ActionsRunner()
                .read("::error file=ops/a%2Cb.yaml,line=4,col=5,title=release-channels%3Acheck failed::50%25 of%0Athe"
                        + " requests%0D, a::b")
                .commands()
                .get(0);
        assertEquals("ops/a,b.yaml", command.properties().get("file"));
        assertEquals("4", command.properties().get("LINE"));
        assertEquals("release-channels:check failed", command.properties().get("title"));
        assertEquals("50% of\nthe requests\r, a::b", command.data());
    }

    @Test
    void stopCommandsSwallowsEveryCommandUntilItsToken() {
        ActionsRunner runner = new ActionsRunner().read("""
                [INFO] ##[stop-commands]pwned
                ::error file=channels.yaml,line=3::the plugin's own annotation
                ::add-mask::x
                """);
        assertEquals(
                List.of("stop-commands"),
                runner.commands().stream().map(ActionsRunner.Command::kind).toList());
        assertTrue(runner.stopped());
        assertTrue(runner.output().contains("::error file=channels.yaml,line=3::the plugin's own annotation"));

        ActionsRunner resumed =
                new ActionsRunner().read("::stop-commands::tok\n::error::hidden\n::tok::\n::error::seen");
        assertEquals(
                List.of("stop-commands", "tok", "error"),
                resumed.commands().stream().map(ActionsRunner.Command::kind).toList());
        assertEquals("seen", resumed.commands().get(2).data());
        assertFalse(resumed.stopped());
    }
}
