// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollback in one step: deploy with {@code releaseChannels.ref} at an earlier commit publishes that commit's
 * channels, through the downgrade guard, and records that it was a rollback in the manifest, the log and the reports.
 */
class RollbackDeployTest {

    @TempDir
    Path workspace;

    private Path project;
    private Path www;
    private Git git;
    private RevCommit good;
    private RevCommit bad;
    private final CapturingLog log = new CapturingLog();
    private final List<String> stdout = new ArrayList<>();

    @BeforeEach
    void twoCommitsTheSecondPublished() throws Exception {
        project = Files.createDirectories(workspace.resolve("ops"));
        www = Files.createDirectories(workspace.resolve("www"));
        git = Git.init().setDirectory(project.toFile()).setInitialBranch("main").call();
        good = commit("14.2.1");
        bad = commit("14.2.2");
        deploy(null, false, Map.of()).execute();
        assertEquals("14.2.2", Files.readString(www.resolve("current/version")));
        log.lines.clear();
    }

    private RevCommit commit(String current) throws Exception {
        Files.writeString(
                project.resolve("channels.yaml"),
                "channels:\n  current:\n    version: " + current + "\n  canary:\n    version: 14.3.0\n");
        git.add().addFilepattern("channels.yaml").call();
        return git.commit()
                .setMessage("current " + current)
                .setSign(false)
                .setAuthor("t", "t@example.invalid")
                .setCommitter("t", "t@example.invalid")
                .call();
    }

    private DeployMojo deploy(String ref, boolean allowDowngrade, Map<String, String> environment) {
        DeployMojo mojo = ProjectDeploy.toDirectory(project, www, environment, stdout::add, log);
        mojo.ref = ref;
        mojo.allowDowngrade = allowDowngrade;
        return mojo;
    }

    private String report() throws Exception {
        return Files.readString(project.resolve("target/release-channels-report.json"));
    }

    @Test
    void aRollbackThatLowersVersionsIsRefusedNamingTheRollbackAndTheFlag() throws Exception {
        String manifest = Files.readString(www.resolve("release-channels.json"));

        MojoFailureException e =
                assertThrows(MojoFailureException.class, deploy(good.name(), false, Map.of())::execute);

        assertTrue(e.getMessage().contains("channel 'current' goes down from 14.2.2"), e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("This is a rollback to commit " + good.name().substring(0, 12) + " (ref '"
                                + good.name() + "') from HEAD " + bad.name().substring(0, 12)),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("a rollback that lowers versions is published only with "
                                + "-DreleaseChannels.allowDowngrade=true"),
                e.getMessage());
        assertEquals("14.2.2", Files.readString(www.resolve("current/version")), "nothing was published");
        assertEquals(manifest, Files.readString(www.resolve("release-channels.json")));
    }

    @Test
    void aRollbackWithAllowDowngradePublishesTheEarlierCommitAndRecordsIt() throws Exception {
        Path summary = workspace.resolve("summary.md");
        deploy(
                        "HEAD~1",
                        true,
                        Map.of(
                                "GITHUB_ACTIONS",
                                "true",
                                "GITHUB_WORKSPACE",
                                workspace.toString(),
                                "GITHUB_STEP_SUMMARY",
                                summary.toString()))
                .execute();

        assertEquals("14.2.1", Files.readString(www.resolve("current/version")));
        String manifest = Files.readString(www.resolve("release-channels.json"));
        String record = "\"rollback\": {\"ref\": \"HEAD~1\", \"from_commit\": \"" + bad.name() + "\", \"to_commit\": \""
                + good.name() + "\"}";
        assertTrue(manifest.contains("\"commit\": \"" + good.name() + "\"") && manifest.contains(record), manifest);
        assertTrue(report().contains(record), report());
        assertTrue(
                log.text()
                        .contains("[WARNING] This is a rollback to commit "
                                + good.name().substring(0, 12)
                                + " (ref 'HEAD~1') from HEAD " + bad.name().substring(0, 12)
                                + ": agents get the channels of that "
                                + "commit, not of HEAD. Follow it with a revert commit"),
                log.text());
        String markdown = Files.readString(summary);
        assertTrue(
                markdown.contains(
                        "⏪ **This is a rollback to commit " + good.name().substring(0, 12)),
                markdown);
    }

    @Test
    void aRefAtHeadIsAnOrdinaryPublish() throws Exception {
        deploy("main", false, Map.of()).execute();

        assertFalse(Files.readString(www.resolve("release-channels.json")).contains("rollback"));
        assertTrue(report().contains("\"rollback\": null"), report());
        assertFalse(log.text().contains("rollback"), log.text());
    }
}
