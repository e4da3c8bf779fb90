// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import static io.github.releasechannels.publish.git.GitTestSupport.TWO_CHANNELS;
import static io.github.releasechannels.publish.git.GitTestSupport.changedPaths;
import static io.github.releasechannels.publish.git.GitTestSupport.commitCount;
import static io.github.releasechannels.publish.git.GitTestSupport.commitOnBranch;
import static io.github.releasechannels.publish.git.GitTestSupport.dryRun;
import static io.github.releasechannels.publish.git.GitTestSupport.files;
import static io.github.releasechannels.publish.git.GitTestSupport.request;
import static io.github.releasechannels.publish.git.GitTestSupport.site;
import static io.github.releasechannels.publish.git.GitTestSupport.tip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.PlannedChange;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.PublishRefusedException;
import io.github.releasechannels.publish.PublishReport;
import io.github.releasechannels.publish.PublishRequest;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.testing.RecordingLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every git transport must do; subclasses supply the remote repository and how it is reached. */
abstract class GitPublisherContract {

    static final String BRANCH = "gh-pages";
    static final String ONE_CHANNEL_CHANGED = TWO_CHANNELS.replace("14.2.1", "14.2.2");
    static final String ONLY_CURRENT = """
            channels:
              current:
                version: 14.2.1
            """;

    @TempDir
    Path work;

    final RecordingLog log = new RecordingLog();

    /** The repository the target points at, as the server holds it. */
    abstract Repository remote();

    /** The target URI, e.g. {@code git+file:///...}, with the default branch. */
    abstract String target();

    abstract TargetSettings settings(Map<String, String> options) throws InvalidTargetException;

    /** Makes the next push fail without reaching the branch, as an interrupted publish would. */
    abstract void failNextPush(PublishPipeline publisher);

    /** Makes someone else commit {@code files} on the branch after {@code publisher} fetched, before it pushes. */
    abstract void publishConcurrentlyDuringNextPush(PublishPipeline publisher, Map<String, String> files);

    PublishReport publish(Site site) throws Exception {
        return publish(site, Map.of(), request(log));
    }

    PublishReport publish(Site site, Map<String, String> options, PublishRequest request) throws Exception {
        try (PublishPipeline publisher = GitTestSupport.publisher(target(), settings(options))) {
            return publisher.publish(site, request);
        }
    }

    @Test
    void firstPublishCreatesTheBranchWithoutHistory() throws Exception {
        PublishReport report = publish(site(TWO_CHANNELS));

        RevCommit tip = tip(remote(), BRANCH).orElseThrow();
        assertEquals(0, tip.getParentCount(), "an orphan branch");
        Map<String, String> files = files(remote(), BRANCH);
        assertEquals(
                List.of(
                        "current/critical",
                        "current/version",
                        "index.html",
                        "release-channels.json",
                        "stable/v14/critical",
                        "stable/v14/version"),
                List.copyOf(files.keySet()));
        assertEquals("14.2.1", files.get("current/version"));
        assertEquals("no", files.get("current/critical"));
        assertEquals("yes", files.get("stable/v14/critical"));
        assertEquals(6, report.plan().count(PlannedChange.Action.ADD));
        assertFalse(report.dryRun());
    }

    @Test
    void publishingTheSameSiteAgainMakesNoCommit() throws Exception {
        publish(site(TWO_CHANNELS));
        ObjectId first = tip(remote(), BRANCH).orElseThrow().getId();

        PublishReport again = publish(site(TWO_CHANNELS));

        assertEquals(first, tip(remote(), BRANCH).orElseThrow().getId());
        assertTrue(again.plan().changesNothing());
        assertEquals(6, again.plan().count(PlannedChange.Action.UNCHANGED));
        assertTrue(log.contains("no commit, no push"), log::toString);
    }

    @Test
    void changingOneChannelCommitsOnlyItsFilesAndTheManifest() throws Exception {
        publish(site(TWO_CHANNELS));

        PublishReport report = publish(site(ONE_CHANNEL_CHANGED));

        assertEquals(List.of("current/version", "index.html", "release-channels.json"), changedPaths(remote(), BRANCH));
        assertEquals("14.2.2", files(remote(), BRANCH).get("current/version"));
        assertEquals(2, commitCount(remote(), BRANCH));
        assertEquals(3, report.plan().count(PlannedChange.Action.UPDATE));
        assertTrue(tip(remote(), BRANCH).orElseThrow().getFullMessage().contains("current: version 14.2.1 → 14.2.2"));
    }

    @Test
    void removingAChannelDeletesItsFilesAndKeepsEveryFileOfOthers() throws Exception {
        commitOnBranch(
                remote(),
                BRANCH,
                Map.of("CNAME", "updates.example.com\n", ".nojekyll", "", "notes/README.md", "not ours"),
                "Pages setup");
        publish(site(TWO_CHANNELS));

        publish(site(ONLY_CURRENT));

        Map<String, String> files = files(remote(), BRANCH);
        assertEquals(
                List.of(
                        ".nojekyll",
                        "CNAME",
                        "current/critical",
                        "current/version",
                        "index.html",
                        "notes/README.md",
                        "release-channels.json"),
                List.copyOf(files.keySet()));
        assertEquals("updates.example.com\n", files.get("CNAME"));
        assertEquals(
                List.of("index.html", "release-channels.json", "stable/v14/critical", "stable/v14/version"),
                changedPaths(remote(), BRANCH));
        assertTrue(tip(remote(), BRANCH)
                .orElseThrow()
                .getFullMessage()
                .contains("stable/v14: removed (was 14.3.0, critical)"));
    }

    @Test
    void dryRunPlansButLeavesTheBranchAlone() throws Exception {
        PublishReport onMissingBranch = publish(site(TWO_CHANNELS), Map.of(), dryRun(log));
        assertTrue(tip(remote(), BRANCH).isEmpty(), "a dry run must not create the branch");
        assertEquals(6, onMissingBranch.plan().count(PlannedChange.Action.ADD));

        publish(site(TWO_CHANNELS));
        ObjectId before = tip(remote(), BRANCH).orElseThrow().getId();
        log.clear();
        PublishReport report = publish(site(ONE_CHANNEL_CHANGED), Map.of(), dryRun(log));

        assertEquals(before, tip(remote(), BRANCH).orElseThrow().getId());
        assertTrue(report.dryRun());
        assertEquals(3, report.plan().count(PlannedChange.Action.UPDATE));
        assertEquals(0, report.bytesWritten());
        assertTrue(log.contains("update current/version"), log::toString);
        assertTrue(report.summary().startsWith("Dry run"), report.summary());
    }

    @Test
    void gitDirectoryPublishesIntoASubfolder() throws Exception {
        commitOnBranch(remote(), BRANCH, Map.of("CNAME", "example.com", "index.html", "<p>docs</p>"), "Site");
        Map<String, String> options = Map.of("git.directory", "/teleport/updates/");

        publish(site(TWO_CHANNELS), options, request(log));
        ObjectId first = tip(remote(), BRANCH).orElseThrow().getId();
        PublishReport again = publish(site(TWO_CHANNELS), options, request(log));
        publish(site(ONLY_CURRENT), options, request(log));

        assertTrue(again.plan().changesNothing(), "the manifest is read from the subfolder");
        assertEquals(first, tip(remote(), BRANCH).orElseThrow().getParent(0).getId());
        assertEquals(
                List.of(
                        "CNAME",
                        "index.html",
                        "teleport/updates/current/critical",
                        "teleport/updates/current/version",
                        "teleport/updates/index.html",
                        "teleport/updates/release-channels.json"),
                List.copyOf(files(remote(), BRANCH).keySet()));
        assertEquals("<p>docs</p>", files(remote(), BRANCH).get("index.html"), "the status page stays in its folder");
    }

    @Test
    void anInterruptedPublishIsCompletedByTheNextOne() throws Exception {
        publish(site(TWO_CHANNELS));
        ObjectId before = tip(remote(), BRANCH).orElseThrow().getId();

        try (PublishPipeline publisher = GitTestSupport.publisher(target(), settings(Map.of()))) {
            failNextPush(publisher);
            assertThrows(IOException.class, () -> publisher.publish(site(ONE_CHANNEL_CHANGED), request(log)));
        }
        assertEquals(before, tip(remote(), BRANCH).orElseThrow().getId(), "nothing reached the branch");

        publish(site(ONE_CHANNEL_CHANGED));
        assertEquals("14.2.2", files(remote(), BRANCH).get("current/version"));
        assertEquals(List.of("current/version", "index.html", "release-channels.json"), changedPaths(remote(), BRANCH));
    }

    @Test
    void theCommitNamesTheSourceCommitAndThePlugin() throws Exception {
        publish(site(TWO_CHANNELS));
        publish(site(ONE_CHANNEL_CHANGED, "0123456789abcdef0123456789abcdef01234567"));

        RevCommit tip = tip(remote(), BRANCH).orElseThrow();
        assertTrue(
                tip.getFullMessage()
                        .startsWith("Publish release channels from 0123456\n\ncurrent: version 14.2.1 " + "→ 14.2.2\n"),
                tip.getFullMessage());
        assertEquals(GitBranchTarget.AUTHOR_NAME, tip.getAuthorIdent().getName());
        assertEquals(GitBranchTarget.AUTHOR_EMAIL, tip.getCommitterIdent().getEmailAddress());
    }

    @Test
    void aPushRejectedBecauseSomeoneElsePublishedIsRetriedOnTheirCommitWithoutForce() throws Exception {
        publish(site(TWO_CHANNELS));

        try (PublishPipeline publisher = GitTestSupport.publisher(target(), settings(Map.of()))) {
            publishConcurrentlyDuringNextPush(publisher, Map.of("CNAME", "updates.example.com"));
            publisher.publish(site(ONE_CHANNEL_CHANGED), request(log));
        }

        Map<String, String> files = files(remote(), BRANCH);
        assertEquals("updates.example.com", files.get("CNAME"), "the concurrent change is kept");
        assertEquals("14.2.2", files.get("current/version"), "and ours is there too");
        RevCommit tip = tip(remote(), BRANCH).orElseThrow();
        assertEquals(3, commitCount(remote(), BRANCH));
        try (RevWalk walk = new RevWalk(remote())) {
            assertEquals(
                    "Concurrent publish",
                    walk.parseCommit(tip.getParent(0)).getShortMessage(),
                    "ours is on top of theirs");
        }
        assertTrue(log.contains("Another publish pushed to branch " + BRANCH), log::toString);
        assertTrue(log.contains("now holds the publish of commit"), log::toString);
    }

    @Test
    void theGuardSeesThePublishedManifestAndCanStopThePublish() throws Exception {
        publish(site(TWO_CHANNELS));
        ObjectId before = tip(remote(), BRANCH).orElseThrow().getId();
        PublishRequest guarded = new PublishRequest(
                false,
                HeaderPolicy.defaults(),
                (site, target) -> {
                    if (target.manifest().orElseThrow().channels().stream()
                            .anyMatch(c -> c.name().equals("stable/v14"))) {
                        throw new PublishRefusedException(List.of("stable/v14 may not be removed"));
                    }
                },
                log);

        assertThrows(PublishRefusedException.class, () -> publish(site(ONLY_CURRENT), Map.of(), guarded));
        assertEquals(before, tip(remote(), BRANCH).orElseThrow().getId());
        assertEquals(
                Optional.of("14.3.0"),
                Optional.ofNullable(files(remote(), BRANCH).get("stable/v14/version")));
    }
}
