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
 * Git is the truth in CI: with {@code CI=true}, deploy refuses a channels file that differs from its commit, naming
 * the file, what git says of it and the commit, and writes and publishes nothing, unless
 * {@code releaseChannels.allowUncommitted}; outside CI it publishes with a warning, and the site marks it.
 */
class UncommittedDeployTest {

    private static final Map<String, String> CI = Map.of("CI", "true");

    @TempDir
    Path workspace;

    private Path project;
    private Path www;
    private Git git;
    private RevCommit commit;
    private final CapturingLog log = new CapturingLog();
    private final List<String> stdout = new ArrayList<>();

    @BeforeEach
    void aCommittedChannelsFile() throws Exception {
        project = Files.createDirectories(workspace.resolve("ops"));
        www = workspace.resolve("www");
        git = Git.init().setDirectory(project.toFile()).setInitialBranch("main").call();
        Files.writeString(project.resolve("channels.yaml"), "channels:\n  current:\n    version: 14.2.1\n");
        git.add().addFilepattern("channels.yaml").call();
        commit = git.commit()
                .setMessage("current 14.2.1")
                .setSign(false)
                .setAuthor("t", "t@example.invalid")
                .setCommitter("t", "t@example.invalid")
                .call();
    }

    private DeployMojo deploy(Map<String, String> environment, boolean allowUncommitted) {
        DeployMojo mojo = ProjectDeploy.toDirectory(project, www, environment, stdout::add, log);
        mojo.resourcesDirectory =
                project.resolve("target/release-channels-resources").toFile();
        mojo.allowUncommitted = allowUncommitted;
        mojo.statusPage = true;
        return mojo;
    }

    private void edit() throws Exception {
        Files.writeString(project.resolve("channels.yaml"), "channels:\n  current:\n    version: 14.2.2\n");
    }

    @Test
    void inCiAnEditNoCommitHoldsIsRefusedNamingTheFileAndTheCommitAndNothingIsWritten() throws Exception {
        edit();
        MojoFailureException e = assertThrows(MojoFailureException.class, deploy(CI, false)::execute);
        assertTrue(
                e.getMessage()
                        .startsWith("channels.yaml has changes that no commit holds (channels.yaml: "
                                + "modified; HEAD is commit " + commit.name() + ")."),
                e.getMessage());
        assertTrue(
                e.getMessage().contains("nothing was written or published")
                        && e.getMessage().contains("-DreleaseChannels.allowUncommitted=true"),
                e.getMessage());
        assertFalse(Files.exists(www), "nothing published");
        assertFalse(Files.exists(project.resolve("target/release-channels")), "nothing rendered");
        assertFalse(Files.exists(project.resolve("target/release-channels-resources")));
        assertTrue(
                Files.readString(project.resolve("target/release-channels-report.json"))
                        .contains("\"failure\": \"channels.yaml has changes that no commit holds"),
                "the report says why");
    }

    @Test
    void inCiAStagedButUncommittedOrAnUntrackedFileIsRefusedSayingWhich() throws Exception {
        edit();
        git.add().addFilepattern("channels.yaml").call();
        MojoFailureException staged = assertThrows(MojoFailureException.class, deploy(CI, false)::execute);
        assertTrue(staged.getMessage().contains("(channels.yaml: staged, not committed;"), staged.getMessage());

        Path sub = Files.createDirectories(project.resolve("teleport"));
        Files.writeString(sub.resolve("channels.yaml"), "channels:\n  current:\n    version: 14.2.1\n");
        DeployMojo untracked = deploy(CI, false);
        untracked.file = sub.resolve("channels.yaml").toFile();
        MojoFailureException refused = assertThrows(MojoFailureException.class, untracked::execute);
        assertTrue(
                refused.getMessage()
                        .startsWith("teleport/channels.yaml has changes that no commit holds "
                                + "(teleport/channels.yaml: untracked, never committed; HEAD is commit "
                                + commit.name()),
                refused.getMessage());
        assertFalse(Files.exists(www));
    }

    @Test
    void inCiAllowUncommittedPublishesTheWorkingTreeWithAWarning() throws Exception {
        edit();
        deploy(CI, true).execute();
        assertEquals("14.2.2", Files.readString(www.resolve("current/version")));
        assertTrue(
                log.lines.contains("[WARNING] Publishing channels.yaml with changes that no commit holds "
                        + "(releaseChannels.allowUncommitted is true): agents get the working tree, which git cannot show "
                        + "or revert. The status page and the manifest mark it."),
                log.lines::toString);
        assertTrue(Files.readString(www.resolve("release-channels.json")).contains("\"uncommitted_changes\": true"));
    }

    @Test
    void outsideCiTheEditIsPublishedWithTheWarningAndTheStatusPageMarksIt() throws Exception {
        edit();
        deploy(Map.of(), false).execute();
        assertEquals("14.2.2", Files.readString(www.resolve("current/version")));
        assertTrue(
                log.lines.stream()
                        .anyMatch(line -> line.startsWith("[WARNING] Publishing channels.yaml with changes "
                                + "that no commit holds: agents get the working tree")),
                log.lines::toString);
        assertTrue(
                Files.readString(www.resolve("index.html")).contains("PLUS UNCOMMITTED CHANGES"),
                "the status page marks it");
    }

    @Test
    void inCiACommittedFileIsPublishedWithoutAWord() throws Exception {
        deploy(Map.of("CI", "true", "GITHUB_ACTIONS", "false"), false).execute();
        assertEquals("14.2.1", Files.readString(www.resolve("current/version")));
        assertTrue(log.lines.stream().noneMatch(line -> line.contains("no commit holds")), log.lines::toString);
    }
}
