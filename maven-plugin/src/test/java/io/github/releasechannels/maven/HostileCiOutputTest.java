// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.testing.ActionsRunner;
import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.testing.TestCertificateAuthority;
import io.github.releasechannels.testing.TestHttpsServer;
import io.github.releasechannels.testing.TestHttpsServer.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile values from every place outside text comes from (channels.yaml, the target's release-channels.json, the
 * version server's answers), through check, deploy and verify on GitHub Actions; the whole output (the log, the
 * workflow commands, the failure Maven prints) is read by {@link ActionsRunner} as the runner reads a step. No
 * command but the plugin's own annotations may be recognised, each of those must arrive, and the job summary may
 * hold no HTML or Markdown from outside.
 */
@RealServer
class HostileCiOutputTest {

    /** Each would be a command, hide a value, stop the plugin's annotations or forge a summary if printed raw. */
    private static final List<String> HOSTILE = List.of(
            "::error::forged",
            "x ##[stop-commands]pwned",
            "::add-mask::17.2.1",
            "<img src=x>",
            "### Verified",
            "`tick` a|b",
            "  ::warning::indented");

    @TempDir
    Path workspace;

    private Path project;
    private Path channelsFile;
    private Path www;
    private Path caPem;
    private Path summary;
    private TestHttpsServer server;
    /** Everything the step prints, in order: Maven's log and standard output are one stream to the runner. */
    private final List<String> output = new CopyOnWriteArrayList<>();
    /** The plugin's own workflow commands. */
    private final List<String> annotations = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        caPem = ca.writeRootPem(workspace.resolve("ca.pem"));
        project = Files.createDirectories(workspace.resolve("ops"));
        channelsFile = project.resolve("channels.yaml");
        www = Files.createDirectories(workspace.resolve("www"));
        summary = workspace.resolve("summary.md");
        server = TestHttpsServer.https(ca.serverContext()).serveDirectory(www);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Maven's console: each line with its level, into the step's output. */
    private final CapturingLog mavenLog = new CapturingLog(output);

    private <T extends AbstractChannelsMojo> T onGitHub(T mojo) {
        mojo.basedir = project.toFile();
        mojo.file = channelsFile.toFile();
        mojo.buildDirectory = project.resolve("target").toFile();
        mojo.environment = Map.of(
                "GITHUB_ACTIONS",
                "true",
                "GITHUB_WORKSPACE",
                workspace.toString(),
                "GITHUB_STEP_SUMMARY",
                summary.toString());
        mojo.standardOutput = line -> {
            annotations.add(line);
            output.add(line);
        };
        mojo.baseUrl = server.baseUrl();
        mojo.trustedCertificates = caPem.toFile();
        mojo.setLog(mavenLog);
        return mojo;
    }

    private DeployMojo deploy() {
        DeployMojo mojo = onGitHub(new DeployMojo());
        mojo.outputDirectory = project.resolve("target/release-channels").toFile();
        mojo.workDirectory = project.resolve("target/work").toFile();
        mojo.target = www.toUri().toString();
        mojo.cacheControl = "max-age=60";
        return mojo;
    }

    /** Runs a goal expected to fail; Maven then prints its message, the first line after its own words. */
    private void failing(AbstractChannelsMojo mojo) {
        Exception e = assertThrows(Exception.class, mojo::execute);
        assertTrue(e instanceof MojoFailureException || e instanceof MojoExecutionException, e.toString());
        output.add("[ERROR] Failed to execute goal io.github.releasechannels:release-channels-maven-plugin:"
                + mojo.goal() + " (default-cli) on project ops: " + e.getMessage());
    }

    /**
     * The runner reads the output: the commands it acts on are exactly the plugin's annotations, at least
     * {@code expected} of them; the summary holds nothing from outside as HTML or Markdown.
     */
    private void assertTheRunnerSeesOnlyThePluginsAnnotations(int expected) throws Exception {
        ActionsRunner runner = new ActionsRunner().read(String.join("\n", output) + "\n");
        ActionsRunner own = new ActionsRunner().read(String.join("\n", annotations) + "\n");
        assertTrue(own.commands().size() >= expected, annotations::toString);
        assertEquals(annotations.size(), own.commands().size(), "one command per annotation line: " + annotations);
        assertEquals(
                own.commands().stream()
                        .map(c -> c.kind() + " " + c.properties() + " " + c.data())
                        .toList(),
                runner.commands().stream()
                        .map(c -> c.kind() + " " + c.properties() + " " + c.data())
                        .toList(),
                () -> "the runner saw other commands in:\n" + String.join("\n", output));
        assertFalse(runner.stopped());
        assertSummaryHoldsNoMarkupFromOutside(Files.readString(summary));
    }

    private static void assertSummaryHoldsNoMarkupFromOutside(String markdown) {
        assertFalse(markdown.contains("<img") || markdown.contains("\r"), markdown);
        assertFalse(markdown.contains("##["), markdown);
        for (String line : markdown.split("\n", -1)) {
            assertFalse(line.startsWith("#") && !line.startsWith("### ✅") && !line.startsWith("### ❌"), line);
            assertFalse(line.contains("`tick`") || line.contains("\\`tick`"), line);
        }
        List<String> lines = List.of(markdown.split("\n"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("|")
                    && i + 1 < lines.size()
                    && lines.get(i + 1).startsWith("|---")) {
                int columns = cells(lines.get(i));
                for (int row = i + 1; row < lines.size() && lines.get(row).startsWith("|"); row++) {
                    assertEquals(columns, cells(lines.get(row)), "a table cell was broken: " + lines.get(row));
                }
            }
        }
    }

    /** The pipes of a table row that are not escaped with a backslash. */
    private static int cells(String row) {
        int pipes = 0;
        for (int i = 0; i < row.length(); i++) {
            if (row.charAt(i) == '\\') {
                i++;
            } else if (row.charAt(i) == '|') {
                pipes++;
            }
        }
        return pipes;
    }

    private String groups() {
        StringBuilder yaml = new StringBuilder("  groups:\n");
        for (String name : HOSTILE) {
            yaml.append("    - name: \"").append(name).append("\"\n      days: [Mon]\n      start_hour: 4\n");
        }
        return yaml.toString();
    }

    @Test
    void checkWithHostileGroupNamesAndProblemsQuotingThem() throws Exception {
        Files.writeString(
                channelsFile,
                "channels:\n  current:\n    version: 17.2.1\nmanaged_updates:\n"
                        + "  mode: enabled\n  start_version: 17.2.0\n  target_version: 17.2.1\n" + groups()
                        + "    - name: \"late\\n::add-mask::17.2.1\\n  late\"\n      days: [Mon, \"::error::day\", "
                        + "\"##[stop-commands]d\"]\n      start_hour: 4\n    - name: \"::error::forged\"\n      days: [Mon]\n"
                        + "      start_hour: 5\n");

        failing(onGitHub(new CheckMojo()));

        assertTheRunnerSeesOnlyThePluginsAnnotations(4);
        String markdown = Files.readString(summary);
        assertTrue(
                markdown.contains(
                        "the group name 'late\\\\u000A::add-mask::17.2.1\\\\u000A  late' has a control " + "character"),
                markdown);
    }

    @Test
    void checkAndDeployWithValidHostileGroupNamesAndAnAnnotatedDowngrade() throws Exception {
        String yaml = "channels:\n  current:\n    version: %s\nmanaged_updates:\n  mode: enabled\n"
                + "  start_version: 17.2.0\n  target_version: 17.2.1\n" + groups();
        Files.writeString(channelsFile, yaml.formatted("17.2.1"));
        deploy().execute();
        assertTheRunnerSeesOnlyThePluginsAnnotations(0);
        String markdown = Files.readString(summary);
        assertTrue(markdown.contains("| &lt;img src=x&gt; | Mon | 04:00 |"), markdown);
        assertTrue(markdown.contains("| \\#\\#\\# Verified | Mon |"), markdown);

        Files.writeString(channelsFile, yaml.formatted("17.2.0"));
        output.clear();
        annotations.clear();
        failing(onGitHub(new CheckMojo()));
        assertTheRunnerSeesOnlyThePluginsAnnotations(1);
    }

    /** A hold's and a freeze's reasons reach the log, the summary and the status page as text. */
    @Test
    void deployWithHostileHoldAndFreezeReasonsInThePipeline() throws Exception {
        Files.writeString(
                channelsFile,
                "channels:\n  canary:\n    version: 17.3.0\n    hold: \"::error::forged <img src=x> | cell\"\n"
                        + "  current:\n    version: 17.2.1\n    promote: {from: canary, after: 48h}\n"
                        + "freezes:\n  - {from: 2030-12-18, until: 2031-01-04, reason: \"##[stop-commands]x <b>\"}\n");

        DeployMojo deploy = deploy();
        deploy.statusPage = true;
        deploy.execute();

        assertTheRunnerSeesOnlyThePluginsAnnotations(0);
        String markdown = Files.readString(summary);
        assertTrue(
                markdown.contains("- ✋ `canary` is held: \\\\u003A:error::forged &lt;img src=x&gt; \\| cell (line 4)"),
                markdown);
        assertTrue(
                markdown.contains("- 🧊 freeze \\#\\#\\\\u005Bstop-commands\\]x &lt;b&gt;: from 2030-12-18"), markdown);
        assertTrue(markdown.contains("| `current` | 17.2.1 | `canary` 17.3.0 |"), markdown);
        String page = Files.readString(www.resolve("index.html"));
        assertTrue(page.contains("canary is held: ::error::forged &lt;img src=x&gt; | cell"), page);
        assertFalse(page.contains("<img") || page.contains("<b>"), page);
    }

    @Test
    void deployAgainstATamperedManifestOnTheTarget() throws Exception {
        Files.writeString(
                channelsFile,
                "channels:\n  current:\n    version: 17.2.1\n  canary:\n    version: 17.3.0\n"
                        + "managed_updates:\n  mode: enabled\n  start_version: 17.2.0\n  target_version: 17.2.1\n");
        deploy().execute();
        Path manifest = www.resolve("release-channels.json");
        String published = Files.readString(manifest);
        String tampered = published
                .replaceFirst(
                        "\"channels\": \\[[^\\]]*\\]",
                        "\"channels\": [\n"
                                + "    {\"name\": \"canary\", \"version\": \"99.0.0\", \"critical\": false},\n"
                                + "    {\"name\": \"current\", \"version\": \"<img src=x>\\\\r::add-mask::17.2.1\", \"critical\": "
                                + "false},\n"
                                + "    {\"name\": \"edge\\\\n::error::removed ##[stop-commands]e\", \"version\": \"### Verified "
                                + "`tick` a|b\", \"critical\": false}\n  ]")
                .replaceFirst("\"commit\": null", "\"commit\": \"::error::commit\"")
                .replaceFirst(
                        "\"managed_updates_versions\": \\{[^\\n]*\\},",
                        "\"managed_updates_versions\": "
                                + "{\"default\": {\"start_version\": \"::error::s\", \"target_version\": \"##[add-mask]t\", "
                                + "\"tools_target_version\": \"<img src=x>\"}},");
        assertFalse(tampered.equals(published));
        Files.writeString(manifest, tampered);
        output.clear();
        annotations.clear();

        failing(deploy()); // canary's recorded 99.0.0 is a refused downgrade, annotated

        assertTheRunnerSeesOnlyThePluginsAnnotations(1);
        assertTrue(annotations.get(0).contains("channel 'canary' goes down from 99.0.0"), annotations::toString);
        String log = String.join("\n", output);
        assertTrue(log.contains("edge\\u000A::error::removed ##\\u005Bstop-commands]e: removed"), log);
    }

    @Test
    void verifyAndCheckAgainstAHostileVersionServer() throws Exception {
        Files.writeString(channelsFile, "channels:\n  current:\n    version: 17.2.1\n  canary:\n    version: 17.3.0\n");
        server.on(
                "current/version",
                Reply.ok("::error::forged\n##[stop-commands]pwned\r::add-mask::17.2.1")
                        .withHeaders(Map.of(
                                "Cache-Control",
                                "max-age=99999 ##[stop-commands]h <img src=x>",
                                "Age",
                                "::error::age")));
        server.on("current/critical", Reply.ok("<img src=x>\n### Verified"));
        server.on(
                "canary/version",
                Reply.status(302).withHeaders(Map.of("Location", "https://e.example/::error::loc ##[add-mask]x")));

        failing(onGitHub(new VerifyMojo()));
        assertTheRunnerSeesOnlyThePluginsAnnotations(1);

        output.clear();
        annotations.clear();
        Files.delete(summary);
        onGitHub(new CheckMojo()).execute(); // the served bodies are no versions: not compared, said with them
        assertTheRunnerSeesOnlyThePluginsAnnotations(0);
        assertTrue(
                String.join("\n", output)
                        .contains("[WARNING] Cannot read the version channel 'current' serves "
                                + "now, so it is not checked for a downgrade: " + server.baseUrl()
                                + "/current/version: the body "
                                + "'\\u003A:error::forged\\u000A##\\u005Bstop-commands]pwned\\u000D::add-mask::17.2.1' is not a semantic "
                                + "version"),
                String.join("\n", output));
    }
}
