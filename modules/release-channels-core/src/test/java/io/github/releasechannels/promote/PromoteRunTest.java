// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promote goal's use case on real repositories whose commit times are set: what is due is edited in the work
 * tree byte for byte and, when asked, committed with a message recording it; what waits says why; nothing due writes
 * nothing.
 */
class PromoteRunTest {

    /** Block and flow styles, quotes, comments and CRLF-free text whose every other byte must stay. */
    private static final String FILE = """
            # Release channels: canary → current → stable/v17.
            channels:
              canary:
                version: 17.2.1            # moved by Renovate
              current:
                version: '17.2.1'   # quoted on purpose
                promote: {from: canary, after: 48h}

              stable/v17: {version: "v17.2.1", promote: {from: current, after: 7d}}
            freezes:
              - {from: 2026-12-18, until: 2027-01-04, reason: year-end change freeze}
            """;

    private static final String RENOVATED =
            FILE.replace("17.2.1            # moved by Renovate", "17.3.0            # moved by Renovate");

    @TempDir
    Path temp;

    private GitHistory git;
    private Path file;
    private ObjectId bump;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void canaryMovedOnMonday() throws Exception {
        git = GitHistory.init(temp.resolve("repo"));
        file = temp.resolve("repo").resolve(GitHistory.FILE);
        ObjectId start = git.commit(at("2026-12-01T09:00:00Z"), FILE);
        bump = git.commit(at("2026-12-07T10:00:00Z"), RENOVATED, start);
        git.head(bump).checkout();
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private PromoteRun.Outcome run(String at, boolean commit) throws Exception {
        return run(at, commit, SourceServing.NOT_CHECKED);
    }

    private PromoteRun.Outcome run(String at, boolean commit, SourceServing serving) throws Exception {
        log.clear();
        return PromoteRun.run(new PromoteRun.Settings(temp.resolve("repo"), file, at(at), commit, serving), log::add);
    }

    private byte[] bytes() throws Exception {
        return Files.readAllBytes(file);
    }

    @Test
    void aWaitingStageSaysWhyAndWhenAndNothingIsWritten() throws Exception {
        byte[] before = bytes();
        PromoteRun.Outcome outcome = run("2026-12-08T17:00:00Z", true);
        assertEquals(
                List.of(
                        "Promotions of channels.yaml at 2026-12-08 17:00 UTC:",
                        "  current waits: canary has served 17.3.0 for 31 h of 48 h; due 2026-12-09 10:00 UTC",
                        "  stable/v17: has current's 17.2.1",
                        "Nothing is due: channels.yaml is left as it is."),
                log);
        assertFalse(outcome.written());
        assertEquals(Optional.empty(), outcome.commit());
        assertArrayEquals(before, bytes());
        assertEquals(bump, git.repository().resolve("HEAD"), "no commit");
    }

    @Test
    void aDuePromotionEditsOnlyTheVersionScalarByteForByteAndCommitsNothingUnlessAsked() throws Exception {
        PromoteRun.Outcome outcome = run("2026-12-09T11:00:00Z", false);
        assertTrue(outcome.written());
        assertEquals(
                RENOVATED.replace("version: '17.2.1'   # quoted", "version: '17.3.0'   # quoted"),
                new String(bytes(), StandardCharsets.UTF_8));
        assertTrue(
                log.contains("  current: 17.2.1 → 17.3.0 from canary, which has served it since 2026-12-07 10:00 "
                        + "UTC (49 h, soak 48 h, commit " + bump.name().substring(0, 12) + ")"),
                log.toString());
        assertTrue(log.contains("Edited channels.yaml: current 17.2.1 → 17.3.0."), log.toString());
        assertEquals(bump, git.repository().resolve("HEAD"), "edited, not committed");
    }

    @Test
    void aCommitRecordsEachPromotionAndTheNextStageWaitsForItsOwnSoak() throws Exception {
        PromoteRun.Outcome outcome = run("2026-12-09T11:00:00Z", true);
        ObjectId head = git.repository().resolve("HEAD");
        assertEquals(Optional.of(head.name()), outcome.commit());
        try (RevWalk walk = new RevWalk(git.repository())) {
            RevCommit commit = walk.parseCommit(head);
            assertEquals(bump, commit.getParent(0));
            assertEquals(
                    "Promote current to 17.3.0 from canary\n\ncurrent: 17.2.1 → 17.3.0 from canary, which has "
                            + "served it since 2026-12-07 10:00 UTC (49 h, soak 48 h, commit "
                            + bump.name().substring(0, 12)
                            + ")\n\nPlanned by release-channels:promote for 2026-12-09 11:00 UTC.\n",
                    commit.getFullMessage());
            try (TreeWalk tree = TreeWalk.forPath(git.repository(), GitHistory.FILE, commit.getTree())) {
                assertArrayEquals(
                        bytes(), git.repository().open(tree.getObjectId(0)).getBytes(), "the edit is committed");
            }
            assertEquals(1, tree(commit).size(), "only the channels file changed: " + tree(commit));
        }
        try (Git status = new Git(git.repository())) {
            assertTrue(status.status().call().isClean(), "the work tree is the commit");
        }

        // The same instant again: current is promoted, stable/v17 starts from the promotion's own commit time.
        byte[] promoted = bytes();
        PromoteRun.Outcome again = run("2026-12-09T11:00:00Z", true);
        assertFalse(again.written(), "no duplicate promotion");
        assertEquals(head, git.repository().resolve("HEAD"));
        assertArrayEquals(promoted, bytes());
        assertEquals("  current: has canary's 17.3.0", log.get(1));
        assertTrue(log.get(2).startsWith("  stable/v17 waits: current has served 17.3.0 for "), log.get(2));
    }

    /** The paths that differ between {@code commit} and its first parent. */
    private List<String> tree(RevCommit commit) throws Exception {
        try (Git g = new Git(git.repository())) {
            return g.diff().setOldTree(treeParser(commit.getParent(0))).setNewTree(treeParser(commit)).call().stream()
                    .map(entry -> entry.getNewPath())
                    .toList();
        }
    }

    private org.eclipse.jgit.treewalk.AbstractTreeIterator treeParser(ObjectId commit) throws Exception {
        try (RevWalk walk = new RevWalk(git.repository())) {
            org.eclipse.jgit.treewalk.CanonicalTreeParser parser = new org.eclipse.jgit.treewalk.CanonicalTreeParser();
            parser.reset(
                    git.repository().newObjectReader(), walk.parseCommit(commit).getTree());
            return parser;
        }
    }

    @Test
    void aHeldSourceWaitsWithItsReasonAndNothingIsWritten() throws Exception {
        String held = RENOVATED.replace(
                "    version: 17.3.0            # moved by Renovate\n",
                "    version: 17.3.0            # moved by Renovate\n    hold: \"arm64 crash, INC-4711\"\n");
        git.head(git.commit(at("2026-12-08T09:00:00Z"), held, bump)).checkout();
        PromoteRun.Outcome outcome = run("2026-12-09T11:00:00Z", true);
        assertFalse(outcome.written());
        assertEquals("  current waits: canary is held: arm64 crash, INC-4711 (channels.yaml:5)", log.get(1));
        assertArrayEquals(held.getBytes(StandardCharsets.UTF_8), bytes());
    }

    @Test
    void aFrozenDuePromotionWaitsForTheFreezeToEnd() throws Exception {
        byte[] before = bytes();
        PromoteRun.Outcome outcome = run("2026-12-24T12:00:00Z", true);
        assertFalse(outcome.written());
        assertEquals(
                "  current waits: frozen by 'year-end change freeze' (channels.yaml:11) until 2027-01-04 00:00 "
                        + "UTC",
                log.get(1));
        assertArrayEquals(before, bytes());
    }

    @Test
    void aSourceTheSiteDoesNotServeYetWaits() throws Exception {
        PromoteRun.Outcome outcome = run(
                "2026-12-09T11:00:00Z",
                true,
                (channel, version) -> channel.equals("canary")
                        ? Optional.of("https://updates.example.com/canary/version answers 17.2.1")
                        : Optional.empty());
        assertFalse(outcome.written());
        assertTrue(
                log.get(1)
                        .startsWith("  current waits: canary is not served as 17.3.0 yet: "
                                + "https://updates.example.com/canary/version answers 17.2.1"),
                log.get(1));
    }

    @Test
    void aCommitOfAFileWithUncommittedChangesIsRefusedAndNothingIsWritten() throws Exception {
        String handEdit = RENOVATED.replace("# moved by Renovate", "# moved by hand");
        Files.writeString(file, handEdit);
        PromoteRefusedException refused =
                assertThrows(PromoteRefusedException.class, () -> run("2026-12-09T11:00:00Z", true));
        assertTrue(
                refused.getMessage().startsWith("channels.yaml has changes that no commit holds"),
                refused.getMessage());
        assertEquals(handEdit, Files.readString(file));
        assertEquals(bump, git.repository().resolve("HEAD"));
    }

    @Test
    void theInstantToPlanForIsRfc3339WithItsOffset() throws Exception {
        assertEquals(at("2026-12-11T08:00:00Z"), PromoteRun.parseInstant(" 2026-12-11t09:00:00+01:00 "));
        PromoteRefusedException local =
                assertThrows(PromoteRefusedException.class, () -> PromoteRun.parseInstant("2026-12-11T09:00:00"));
        assertEquals(
                "releaseChannels.promote.at is '2026-12-11T09:00:00', not an RFC 3339 instant: write the date, "
                        + "the time and the offset, such as 2026-12-11T09:00:00Z",
                local.getMessage());
    }
}
