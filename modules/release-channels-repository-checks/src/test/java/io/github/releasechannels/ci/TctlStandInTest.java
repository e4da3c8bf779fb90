// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.testing.RealServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tctl stand-in reads a command line as tctl and kingpin do, and refuses with their words. */
@RealServer
class TctlStandInTest {

    @TempDir
    Path temp;

    private TctlStandIn.Invocation parse(String line) throws TctlStandIn.Refused {
        return parse(line, Map.of());
    }

    private TctlStandIn.Invocation parse(String line, Map<String, String> environment) throws TctlStandIn.Refused {
        return TctlStandIn.parse(ShellScript.words(line), environment, temp);
    }

    private String refusal(String line) {
        return refusal(line, Map.of());
    }

    private String refusal(String line, Map<String, String> environment) {
        return assertThrows(TctlStandIn.Refused.class, () -> parse(line, environment), line)
                .getMessage();
    }

    @Test
    void createTakesAnOptionalFileAndForceAsLongShortOrBoth() throws Exception {
        TctlStandIn.Invocation plain = parse("create cmc.yaml");
        assertEquals(List.of("create"), plain.command());
        assertEquals(Map.of("filename", "cmc.yaml"), plain.args());
        assertEquals(List.of("force"), parse("create -f cmc.yaml").flags());
        assertEquals(List.of("force"), parse("create cmc.yaml --force").flags(), "flags may follow arguments");
        // Every flag is repeatable under Teleport's parser: the old line parses, the same flag twice.
        assertEquals(
                List.of("force", "force"), parse("create -f --force cmc.yaml").flags());
        assertEquals(Map.of(), parse("create -f").args(), "no file: tctl reads standard input");
        assertEquals(
                List.of("force", "confirm"), parse("create -f --confirm x.yaml").flags(), "a hidden flag");
        assertEquals(
                List.of("false"), parse("create --no-force x.yaml").values().get("force"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "create --forse x.yaml | unknown long flag '--forse'",
                "create -x x.yaml | unknown short flag '-x'",
                "create -fx x.yaml | unknown short flag '-x'",
                "create a.yaml b.yaml | unexpected b.yaml",
                "-f create x.yaml | unknown short flag '-f'",
                "apply -f x.yaml | expected command but got \"apply\"",
                "get | required argument 'resources' not provided",
                "get -f cmc | unknown short flag '-f'",
                "bots | must select a subcommand of 'bots'",
                "bots add | required argument 'name' not provided",
                "bots add ci --ttl=ten | time: invalid duration \"ten\"",
                "bots add ci --format=yaml | enum value must be one of text,json, got 'yaml'",
                "--auth-server | expected argument for flag '--auth-server'",
                "--no-identity create x.yaml | unknown long flag '--no-identity'",
                "--config=missing.yaml get roles | path 'missing.yaml' does not exist",
                "--debug | command not specified",
                "--identity=id create x.yaml | tctl --identity also requires --auth-server",
            })
    void refusesAsTctlRefuses(String line, String message) {
        assertEquals(message, refusal(line));
    }

    @Test
    void globalFlagsAndTheirEnvironmentVariables() throws Exception {
        TctlStandIn.Invocation remote = parse("--auth-server=a:443 --auth-server b:443 -i id create -f x.yaml");
        assertEquals(List.of("a:443", "b:443"), remote.values().get("auth-server"));
        assertEquals(List.of("id"), remote.values().get("identity"));
        assertEquals(
                List.of("id"),
                parse("-iid --auth-server=a create x.yaml").values().get("identity"),
                "-iVALUE");
        TctlStandIn.Invocation fromEnvironment = parse(
                "create -f x.yaml",
                Map.of("TELEPORT_AUTH_SERVER", "proxy:443", "TELEPORT_IDENTITY_FILE", "/tmp/identity"));
        assertEquals(List.of("proxy:443"), fromEnvironment.values().get("auth-server"));
        assertEquals(List.of("/tmp/identity"), fromEnvironment.values().get("identity"));
        assertEquals(
                "tctl --identity also requires --auth-server",
                refusal("create -f x.yaml", Map.of("TELEPORT_IDENTITY_FILE", "/tmp/identity")));
        assertEquals(List.of("debug", "force"), parse("create -df x.yaml").flags(), "clustered boolean shorts");
        assertEquals(Map.of("filename", "-f"), parse("create -- -f").args(), "-- ends the flags");
        assertTrue(parse("--help").help());
        assertTrue(parse("create -h").help());
        assertEquals("unknown long flag '--bogus'", refusal("create --bogus -h"), "a parse error comes before help");
    }

    @Test
    void argumentsExpandFromAnAtFile() throws Exception {
        Files.writeString(temp.resolve("args"), "# comment\ncreate\n-f\nx.yaml\n");
        TctlStandIn.Invocation expanded = parse("@args");
        assertEquals(List.of("create"), expanded.command());
        assertEquals(List.of("force"), expanded.flags());
        assertTrue(refusal("@missing").startsWith("failed to open arguments file \"missing\""));
    }

    @Test
    void createReadsTheResourceAsTctlDoesAndRecordsTheCall() throws Exception {
        Path calls = temp.resolve("calls.log");
        Path file = Files.writeString(temp.resolve("autoupdate_version.yaml"), """
                kind: autoupdate_version
                version: v1
                metadata:
                  name: autoupdate-version
                spec:
                  agents:
                    start_version: "17.2.0"
                    target_version: "17.2.1"
                    schedule: "regular"
                    mode: "enabled"
                """);
        Map<String, String> environment =
                Map.of(TctlStandIn.CALLS_VARIABLE, calls.toString(), "TELEPORT_AUTH_SERVER", "proxy:443");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(
                0,
                TctlStandIn.run(
                        List.of("create", "-f", file.getFileName().toString()),
                        environment,
                        temp,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals(
                "autoupdate_version \"autoupdate-version\" has been created\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(
                List.of("tctl create -f autoupdate_version.yaml: autoupdate_version, identity none, auth proxy:443"),
                Files.readAllLines(calls));

        Files.writeString(file, Files.readString(file).replace("name: autoupdate-version", "name: fleet-version"));
        assertEquals(
                1,
                TctlStandIn.run(
                        List.of("create", "-f", file.getFileName().toString()),
                        environment,
                        temp,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(
                err.toString(StandardCharsets.UTF_8)
                        .contains("ERROR: metadata.name fleet-version is not " + "autoupdate-version"),
                err.toString(StandardCharsets.UTF_8));
        assertEquals(1, Files.readAllLines(calls).size(), "a refused create is not recorded");
        assertEquals(
                1,
                TctlStandIn.run(
                        List.of("create", "--forse", "x.yaml"),
                        environment,
                        temp,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("ERROR: unknown long flag '--forse'"));
    }
}
