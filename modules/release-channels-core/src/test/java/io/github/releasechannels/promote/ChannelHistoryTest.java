// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import static io.github.releasechannels.promote.GitHistory.channels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Since when a channel has had its version, on real repositories built with their commit times. */
class ChannelHistoryTest {

    private static final Instant DAY_0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path temp;

    private GitHistory git;

    @BeforeEach
    void repository() throws Exception {
        git = GitHistory.init(temp.resolve("repo"));
    }

    private static Instant day(double days) {
        return DAY_0.plus(Duration.ofMinutes(Math.round(days * 24 * 60)));
    }

    private static Version v(String version) {
        return Version.parse(version).orElseThrow();
    }

    private Map<String, SourceRun> runs(Repository repository, String... channelsAndVersions) throws IOException {
        Map<String, Version> asked = new LinkedHashMap<>();
        for (int i = 0; i < channelsAndVersions.length; i += 2) {
            asked.put(channelsAndVersions[i], v(channelsAndVersions[i + 1]));
        }
        return new ChannelHistory(repository, GitHistory.FILE).read(asked).all();
    }

    private SourceRun run(String channel, String version) throws IOException {
        return runs(git.repository(), channel, version).get(channel);
    }

    private static void assertSince(Instant since, ObjectId commit, SourceRun run) {
        assertEquals(Optional.of(new SourceRun.Start(commit.name(), since)), run.start(), run.explanation());
    }

    @Test
    void aRunStartsAtTheCommitThatGaveTheVersion() throws Exception {
        ObjectId a = git.commit(day(0), channels("canary", "17.2.0", "current", "17.2.0"));
        ObjectId b = git.commit(day(1), channels("canary", "17.3.0", "current", "17.2.0"), a);
        ObjectId c = git.commit(day(2), channels("canary", "17.3.0", "current", "17.2.1"), b);
        git.head(git.commit(day(3), channels("canary", "v17.3.0", "current", "17.2.1"), c));

        SourceRun canary = run("canary", "17.3.0");
        assertSince(day(1), b, canary);
        assertEquals(
                "canary has had 17.3.0 since commit " + b.name().substring(0, 12) + " (2026-12-02 00:00 UTC); "
                        + "before it, canary had 17.2.0",
                canary.explanation());
        assertSince(day(2), c, run("current", "17.2.1"));
    }

    @Test
    void theFirstCommitOfTheHistoryStartsARunThatNeverBroke() throws Exception {
        ObjectId a = git.commit(day(0), channels("canary", "17.3.0"));
        git.head(git.commit(day(1), channels("canary", "17.3.0") + "# a comment\n", a));
        SourceRun canary = run("canary", "17.3.0");
        assertSince(day(0), a, canary);
        assertTrue(canary.explanation().endsWith("; it is the first commit of the history"), canary.explanation());
    }

    @Test
    void aMergedBranchCountsFromTheMergeNotFromItsOwnCommits() throws Exception {
        ObjectId base = git.commit(day(0), channels("canary", "17.2.0"));
        ObjectId feature = git.commit(day(1), channels("canary", "17.3.0"), base);
        ObjectId featureMore = git.commit(day(2), channels("canary", "17.3.0") + "# reviewed\n", feature);
        ObjectId merge = git.commit(day(3), channels("canary", "17.3.0") + "# reviewed\n", base, featureMore);
        git.head(merge);
        assertSince(day(3), merge, run("canary", "17.3.0"));
    }

    @Test
    void aSquashMergeCountsFromTheSquashCommit() throws Exception {
        ObjectId base = git.commit(day(0), channels("canary", "17.2.0"));
        git.commit(day(1), channels("canary", "17.3.0"), base); // the branch, never on main's first parents
        ObjectId squash = git.commit(day(4), channels("canary", "17.3.0"), base);
        git.head(squash);
        assertSince(day(4), squash, run("canary", "17.3.0"));
    }

    @Test
    void aFastForwardedOlderCommitCountsFromItsParentsLaterTime() throws Exception {
        ObjectId main = git.commit(day(5), channels("canary", "17.2.0"));
        ObjectId branch = git.commit(day(1), channels("canary", "17.3.0"), main); // committed earlier elsewhere
        git.head(branch);
        SourceRun canary = run("canary", "17.3.0");
        assertSince(day(5), branch, canary);
        assertTrue(
                canary.explanation()
                        .endsWith("; counted from 2026-12-06 00:00 UTC, the later time of the commit " + "before it"),
                canary.explanation());
    }

    @Test
    void aVersionThatReturnsAfterARevertStartsItsSoakAgain() throws Exception {
        ObjectId a = git.commit(day(0), channels("canary", "17.2.0"));
        ObjectId b = git.commit(day(1), channels("canary", "17.3.0"), a);
        ObjectId revert = git.commit(day(2), channels("canary", "17.2.0"), b);
        ObjectId again = git.commit(day(3), channels("canary", "17.3.0"), revert);
        git.head(git.commit(day(4), channels("canary", "17.3.0", "current", "17.2.0"), again));
        SourceRun canary = run("canary", "17.3.0");
        assertSince(day(3), again, canary);
        assertTrue(canary.explanation().endsWith("before it, canary had 17.2.0"), canary.explanation());
    }

    @Test
    void aChannelRenamedOrRemovedThenBackStartsAgain() throws Exception {
        ObjectId a = git.commit(day(0), channels("canary", "17.3.0"));
        ObjectId renamed = git.commit(day(1), channels("early", "17.3.0"), a);
        ObjectId back = git.commit(day(2), channels("canary", "17.3.0"), renamed);
        ObjectId removed = git.commit(day(3), channels("current", "17.2.0"), back);
        ObjectId readded = git.commit(day(4), channels("current", "17.2.0", "canary", "17.3.0"), removed);
        git.head(readded);
        SourceRun canary = run("canary", "17.3.0");
        assertSince(day(4), readded, canary);
        assertTrue(canary.explanation().endsWith("before it, canary was not declared"), canary.explanation());
        git.head(back);
        assertSince(day(2), back, run("canary", "17.3.0"));
    }

    @Test
    void aCommitWithoutTheFileOrWithAnUnreadableOneBreaksTheRun() throws Exception {
        ObjectId a = git.commit(day(0), channels("canary", "17.3.0"));
        ObjectId deleted = git.commit(day(1), (String) null, a);
        ObjectId restored = git.commit(day(2), channels("canary", "17.3.0"), deleted);
        git.head(restored);
        SourceRun afterDelete = run("canary", "17.3.0");
        assertSince(day(2), restored, afterDelete);
        assertTrue(
                afterDelete.explanation().endsWith("before it, channels.yaml did not exist as a file"),
                afterDelete.explanation());

        ObjectId broken = git.commit(day(3), channels("canary", "17.3.0") + "  oops: {version: 1\n", restored);
        ObjectId fixed = git.commit(day(4), channels("canary", "17.3.0"), broken);
        git.head(fixed);
        SourceRun afterBroken = run("canary", "17.3.0");
        assertSince(day(4), fixed, afterBroken);
        assertTrue(
                afterBroken
                        .explanation()
                        .contains("before it, channels.yaml could not be read: it is not valid " + "YAML ("),
                afterBroken.explanation());

        ObjectId link = git.commit(day(5), Map.of(GitHistory.FILE, GitHistory.SYMLINK), fixed);
        ObjectId regular = git.commit(day(6), channels("canary", "17.3.0"), link);
        git.head(regular);
        assertSince(day(6), regular, run("canary", "17.3.0"));
    }

    @Test
    void aFileLargerThanAChannelsFileMayBeBreaksTheRunUnread() throws Exception {
        ObjectId a = git.commit(day(0), channels("canary", "17.3.0"));
        ObjectId huge = git.commit(
                day(1), channels("canary", "17.3.0") + "#".repeat(ChannelsFileParser.MAX_FILE_BYTES) + "\n", a);
        ObjectId back = git.commit(day(2), channels("canary", "17.3.0"), huge);
        git.head(back);
        SourceRun canary = run("canary", "17.3.0");
        assertSince(day(2), back, canary);
        assertTrue(
                canary.explanation().endsWith("before it, channels.yaml was larger than 16777216 bytes"),
                canary.explanation());
    }

    @Test
    void theFileMovedToItsPathStartsEveryRunThere() throws Exception {
        ObjectId old = git.commit(day(0), Map.of("config/channels.yaml", channels("canary", "17.3.0")));
        ObjectId moved = git.commit(day(1), Map.of(GitHistory.FILE, channels("canary", "17.3.0")), old);
        git.head(moved);
        SourceRun canary = run("canary", "17.3.0");
        assertSince(day(1), moved, canary);
        assertTrue(canary.explanation().endsWith("before it, channels.yaml did not exist as a file"));
    }

    @Test
    void aValidatedRunCountsFromItsFirstCommitWhereTheWholeFileValidated() throws Exception {
        ObjectId a = git.commit(day(0), channels("canary", "17.2.0"));
        ObjectId invalid = git.commit(day(1), channels("canary", "17.3.0") + "    critical: \"yes\"\n", a);
        ObjectId fixed = git.commit(day(2), channels("canary", "17.3.0") + "    critical: true\n", invalid);
        git.head(git.commit(day(3), channels("canary", "17.3.0") + "    critical: true\n# later\n", fixed));
        ChannelHistory.Runs runs =
                new ChannelHistory(git.repository(), GitHistory.FILE).read(Map.of("canary", v("17.3.0")));
        assertSince(day(1), invalid, runs.run("canary"));
        SourceRun canary = runs.validated("canary");
        assertSince(day(2), fixed, canary);
        assertTrue(
                canary.explanation()
                        .contains("; commit " + invalid.name().substring(0, 12) + " gave it 17.3.0 "
                                + "earlier, but channels.yaml did not validate there (channels.yaml:4:15: 'critical' is 'yes' (a "
                                + "quoted string), not a boolean"),
                canary.explanation());
    }

    @Test
    void aRevisionDerivedWithAnotherChangeThanVersionsIsValidatedInFull() throws Exception {
        // 'maybe' is an edit in place of a value, but not of a version: the revision must be parsed to know.
        ObjectId a = git.commit(day(0), channels("canary", "17.2.0") + "    critical: true\n");
        ObjectId invalid = git.commit(day(1), channels("canary", "17.3.0") + "    critical: maybe\n", a);
        ObjectId fixed = git.commit(day(2), channels("canary", "17.3.0") + "    critical: true\n", invalid);
        ObjectId bumped =
                git.commit(day(3), channels("canary", "17.3.0", "other", "1.0.1") + "    critical: true\n", fixed);
        git.head(git.commit(day(4), channels("canary", "17.3.0", "other", "1.0.2") + "    critical: true\n", bumped));
        SourceRun canary = new ChannelHistory(git.repository(), GitHistory.FILE)
                .read(Map.of("canary", v("17.3.0")))
                .validated("canary");
        assertSince(day(2), fixed, canary);
        assertTrue(canary.explanation().contains("'critical' is 'maybe', not a boolean"), canary.explanation());
    }

    @Test
    void aRunWhoseFileNeverValidatedIsNotProven() throws Exception {
        ObjectId a = git.commit(day(0), channels("canary", "17.2.0"));
        git.head(git.commit(day(1), channels("canary", "17.3.0") + "    critical: \"yes\"\n", a));
        SourceRun canary = new ChannelHistory(git.repository(), GitHistory.FILE)
                .read(Map.of("canary", v("17.3.0")))
                .validated("canary");
        assertEquals(Optional.empty(), canary.start());
        assertTrue(
                canary.explanation().startsWith("channels.yaml did not validate at any commit since"),
                canary.explanation());
    }

    @Test
    void aVersionNotCommittedAtHeadHasNoSoak() throws Exception {
        git.head(git.commit(day(0), channels("canary", "17.2.0")));
        SourceRun canary = run("canary", "17.3.0");
        assertEquals(Optional.empty(), canary.start());
        assertEquals(
                "at HEAD canary has 17.2.0, not 17.3.0: the version is not committed, so no soak can be proven",
                canary.explanation());
        assertEquals(Optional.empty(), run("nowhere", "1.0.0").start());
    }

    @Test
    void aRepositoryWithoutCommitsProvesNothing() throws Exception {
        assertEquals(
                "the repository has no commit yet, so no soak can be proven",
                run("canary", "17.3.0").explanation());
    }

    @Test
    void aShallowCloneProvesOnlyTheRunsThatBreakInsideIt() throws Exception {
        ObjectId a = git.commit(day(0), channels("canary", "17.3.0", "current", "17.1.0"));
        ObjectId b = git.commit(day(1), channels("canary", "17.3.0", "current", "17.2.0"), a);
        ObjectId c = git.commit(day(2), channels("canary", "17.3.0", "current", "17.2.1"), b);
        ObjectId d = git.commit(day(3), channels("canary", "17.3.0", "current", "17.2.1") + "# d\n", c);
        git.head(d);
        Path clone = temp.resolve("clone");
        Git.cloneRepository()
                .setURI(temp.resolve("repo").toUri().toString())
                .setDirectory(clone.toFile())
                .setDepth(3)
                .call()
                .close();
        try (Repository shallow = new FileRepositoryBuilder()
                .setGitDir(clone.resolve(".git").toFile())
                .build()) {
            assertEquals(1, shallow.getObjectDatabase().getShallowCommits().size(), "a shallow clone");
            Map<String, SourceRun> runs = runs(shallow, "canary", "17.3.0", "current", "17.2.1");
            assertEquals(Optional.empty(), runs.get("canary").start());
            assertEquals(
                    "the history is cut at commit " + b.name().substring(0, 12) + " (2026-12-02 00:00 UTC): "
                            + "this is a shallow clone, and canary has had 17.3.0 since at least then; the soak cannot be "
                            + "proven, so nothing is promoted from it. Fetch the whole history (actions/checkout with "
                            + "fetch-depth: 0, GIT_DEPTH: 0 on GitLab)",
                    runs.get("canary").explanation());
            assertSince(day(2), c, runs.get("current"));
        }
    }

    @Test
    void theWalkStopsOnceEveryRunIsBroken() throws Exception {
        ObjectId a = git.commit(day(0), channels("canary", "17.1.0"));
        ObjectId b = git.commit(day(1), channels("canary", "17.2.0"), a);
        ObjectId c = git.commit(day(2), channels("canary", "17.3.0"), b);
        git.head(c);
        // The oldest commit is gone: a walk that went on past the break would find its parent missing.
        Path loose = temp.resolve("repo/.git/objects")
                .resolve(a.name().substring(0, 2))
                .resolve(a.name().substring(2));
        Files.delete(loose);
        assertSince(day(2), c, run("canary", "17.3.0"));
        SourceRun older = runs(git.repository(), "canary", "17.3.0").get("canary");
        assertEquals(c.name(), older.start().orElseThrow().commit());
        git.head(b);
        SourceRun unbroken = run("canary", "17.2.0");
        assertEquals(Optional.empty(), unbroken.start());
        assertTrue(
                unbroken.explanation()
                        .startsWith("the history is incomplete after commit "
                                + b.name().substring(0, 12) + ": its parent "
                                + a.name().substring(0, 12) + " is missing"),
                unbroken.explanation());
    }

    @Test
    void manyChannelsAreAnsweredInOneWalk() throws Exception {
        ObjectId a = git.commit(day(0), channels("a", "1.0.0", "b", "1.0.0", "c", "1.0.0"));
        ObjectId b = git.commit(day(1), channels("a", "2.0.0", "b", "1.0.0", "c", "1.0.0"), a);
        ObjectId c = git.commit(day(2), channels("a", "2.0.0", "b", "2.0.0", "c", "1.0.0"), b);
        git.head(c);
        Map<String, SourceRun> runs = runs(git.repository(), "a", "2.0.0", "b", "2.0.0", "c", "1.0.0");
        assertSince(day(1), b, runs.get("a"));
        assertSince(day(2), c, runs.get("b"));
        assertSince(day(0), a, runs.get("c"));
    }
}
