// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.testing.TestCertificateAuthority;
import io.github.releasechannels.testing.TestHttpsServer;
import io.github.releasechannels.testing.TestHttpsServer.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goals as a CI runner sees them: channels.yaml in a sub-folder of a project in a sub-folder of the checkout,
 * GitHub's or GitLab's variables set, reports written by the plugin itself.
 */
@RealServer
class CiReportsGoalsTest {

    @TempDir
    Path workspace;

    private Path project;
    private Path channelsFile;
    private Path www;
    private Path caPem;
    private TestHttpsServer server;
    private final CapturingLog log = new CapturingLog();
    private final List<String> stdout = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        caPem = ca.writeRootPem(workspace.resolve("ca.pem"));
        project = Files.createDirectories(workspace.resolve("ops"));
        channelsFile = Files.createDirectories(project.resolve("teleport")).resolve("channels.yaml");
        www = Files.createDirectories(workspace.resolve("www"));
        server = TestHttpsServer.https(ca.serverContext()).serveDirectory(www);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void channels(String current, boolean critical) throws Exception {
        Files.writeString(
                channelsFile,
                "channels:\n  current:\n    version: " + current + "\n    critical: " + critical
                        + "\n  canary:\n    version: 14.3.0\n");
    }

    private <T extends AbstractChannelsMojo> T configure(T mojo, Map<String, String> environment) {
        mojo.basedir = project.toFile();
        mojo.file = channelsFile.toFile();
        mojo.buildDirectory = project.resolve("target").toFile();
        mojo.environment = environment;
        mojo.standardOutput = stdout::add;
        mojo.baseUrl = server.baseUrl();
        mojo.trustedCertificates = caPem.toFile();
        mojo.setLog(log);
        return mojo;
    }

    private Map<String, String> gitHub(Path summary) {
        return Map.of(
                "GITHUB_ACTIONS",
                "true",
                "GITHUB_WORKSPACE",
                workspace.toString(),
                "GITHUB_STEP_SUMMARY",
                summary.toString());
    }

    private DeployMojo deploy(Map<String, String> environment) {
        DeployMojo mojo = configure(new DeployMojo(), environment);
        mojo.outputDirectory = project.resolve("target/release-channels").toFile();
        mojo.workDirectory = project.resolve("target/work").toFile();
        mojo.target = www.toUri().toString();
        mojo.cacheControl = "max-age=60";
        return mojo;
    }

    private String report() throws Exception {
        return Files.readString(project.resolve("target/release-channels-report.json"));
    }

    @Test
    void onGitHubAProblemInASubFolderIsAnnotatedOnItsLineAndSummarised() throws Exception {
        Files.writeString(channelsFile, "channels:\n  current:\n    version: 14.2.1\n    critcal: true\n");
        Path summary = workspace.resolve("summary.md");
        CheckMojo check = configure(new CheckMojo(), gitHub(summary));

        assertThrows(MojoFailureException.class, check::execute);

        assertEquals(
                List.of("::error file=ops/teleport/channels.yaml,line=4,col=5,title=Invalid channels.yaml::"
                        + "unknown key 'critcal' in channel 'current' — did you mean 'critical'?"),
                stdout);
        String markdown = Files.readString(summary);
        assertTrue(markdown.startsWith("### ❌ `teleport/channels.yaml` is not valid"), markdown);
        assertTrue(markdown.contains("| ❌ | `teleport/channels.yaml:4:5` | unknown key 'critcal'"), markdown);
        assertTrue(report().contains("\"valid\": false"), report());
        assertTrue(report().contains("\"line\": 4, \"column\": 5, \"message\": \"unknown key 'critcal'"), report());
    }

    @Test
    void checkAgainstTheLiveSitePrintsThePlanAndAnnotatesTheDowngradeOnTheVersionLineThePullRequestChanged()
            throws Exception {
        server.on("current/version", Reply.ok("14.2.1")).on("current/critical", Reply.ok("no"));
        server.on("edge/version", Reply.ok("16.0.0"));
        channels("14.2.0", true);
        Path summary = workspace.resolve("summary.md");

        assertThrows(MojoFailureException.class, configure(new CheckMojo(), gitHub(summary))::execute);

        assertTrue(log.lines.contains("[INFO]   current: version 14.2.1 → 14.2.0, critical no → yes"), log.text());
        assertTrue(log.text().contains("[INFO]   canary: added (14.3.0)\n"), log.text());
        assertEquals(1, stdout.size(), stdout::toString);
        assertTrue(
                stdout.get(0)
                        .startsWith("::error file=ops/teleport/channels.yaml,line=3,col=14,title=Downgrade "
                                + "refused::channel 'current' goes down from 14.2.1"),
                stdout::toString);
        String markdown = Files.readString(summary);
        assertTrue(markdown.contains("cannot be published"), markdown);
        assertTrue(markdown.contains("| `current` | 14.2.1 → **14.2.0** | no → **🚨 yes** | **changed** |"), markdown);
    }

    @Test
    void checkRefusesAV2TargetBelowWhatTheLiveSiteRecordsOnItsLineAndShowsItOldToNew() throws Exception {
        String v2 = "channels:\n  current:\n    version: 17.2.1\nmanaged_updates:\n  mode: enabled\n"
                + "  start_version: 17.2.0\n  target_version: %s\n";
        Files.writeString(channelsFile, v2.formatted("17.2.1"));
        deploy(Map.of()).execute();
        Files.writeString(channelsFile, v2.formatted("17.0.0"));
        Path summary = workspace.resolve("summary.md");

        MojoFailureException e =
                assertThrows(MojoFailureException.class, configure(new CheckMojo(), gitHub(summary))::execute);

        assertTrue(
                e.getMessage()
                        .contains("managed_updates target_version goes down from 17.2.1 (published, per "
                                + "the release-channels.json served at " + server.baseUrl() + ") to 17.0.0"),
                e.getMessage());
        assertTrue(log.lines.contains("[INFO]   managed_updates target_version: 17.2.1 → 17.0.0"), log.text());
        assertEquals(1, stdout.size(), stdout::toString);
        assertTrue(
                stdout.get(0)
                        .startsWith("::error file=ops/teleport/channels.yaml,line=7,col=19,title=Downgrade "
                                + "refused::managed_updates target_version goes down"),
                stdout::toString);
        String markdown = Files.readString(summary);
        assertTrue(markdown.contains("| managed\\_updates target\\_version | 17.2.1 | **17.0.0** |"), markdown);
        assertTrue(
                report().contains("{\"channel\": null, \"setting\": \"managed_updates target_version\", "
                        + "\"from\": \"17.2.1\", \"to\": \"17.0.0\""),
                report());
    }

    @Test
    void deployDryRunShowsTheChannelsOldToNewThenTheFiles() throws Exception {
        channels("14.2.1", false);
        deploy(Map.of()).execute();
        channels("14.2.2", true);
        log.lines.clear();

        DeployMojo dryRun = deploy(Map.of());
        dryRun.dryRun = true;
        dryRun.execute();

        String output = log.text();
        int plan = output.indexOf("[INFO] What agents get, compared with what is published, per the target's "
                + "release-channels.json:\n[INFO]   current: version 14.2.1 → 14.2.2, critical no → yes\n"
                + "[INFO]   1 channel unchanged\n");
        assertTrue(plan >= 0, output);
        assertTrue(output.indexOf("[INFO]   update current/version", plan) > plan, output);
        assertTrue(report().contains("\"dry_run\": true"), report());
        assertEquals("14.2.1", Files.readString(www.resolve("current/version")));
    }

    @Test
    void onGitLabCheckWritesCodeQualityAndVerifyWritesJUnit() throws Exception {
        Map<String, String> gitLab = Map.of("GITLAB_CI", "true", "CI_PROJECT_DIR", workspace.toString());
        Files.writeString(channelsFile, "channels:\n  current:\n    version: 14.2\n");
        assertThrows(MojoFailureException.class, configure(new CheckMojo(), gitLab)::execute);
        String codeQuality = Files.readString(project.resolve("target/gl-code-quality-report.json"));
        assertTrue(
                codeQuality.contains(
                        "\"location\": {\"path\": \"ops/teleport/channels.yaml\", \"lines\": " + "{\"begin\": 3}}"),
                codeQuality);
        assertTrue(stdout.isEmpty(), "no GitHub commands on GitLab");

        channels("14.2.1", false);
        deploy(Map.of()).execute();
        server.on("canary/version", Reply.ok("14.2.9"));
        assertThrows(MojoFailureException.class, configure(new VerifyMojo(), gitLab)::execute);
        String junit = Files.readString(project.resolve("target/release-channels-junit.xml"));
        assertTrue(junit.contains("<testcase classname=\"release-channels.verify\" name=\"current\"/>"), junit);
        assertTrue(junit.contains("name=\"canary\">\n      <failure type=\"drift\""), junit);
        assertEquals("[]\n", Files.readString(project.resolve("target/gl-code-quality-report.json")));
    }

    @Test
    void ciNoneWritesOnlyTheJsonReport() throws Exception {
        channels("14.2.1", false);
        Path summary = workspace.resolve("summary.md");
        CheckMojo check = configure(new CheckMojo(), gitHub(summary));
        check.ci = "none";
        check.execute();
        assertTrue(stdout.isEmpty(), stdout::toString);
        assertFalse(Files.exists(summary));
        assertTrue(report().contains("\"goal\": \"check\",\n  \"succeeded\": true"), report());
    }
}
