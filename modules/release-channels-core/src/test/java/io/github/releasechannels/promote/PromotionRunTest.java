// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Version;
import io.github.releasechannels.promote.PromotionPlan.Due;
import io.github.releasechannels.promote.PromotionPlan.Step;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of docs/promotions.md on a real repository: canary gets a release, current takes it after
 * 48 h (the edit is committed as the promote goal will), stable takes it 7 d after that, never in the freeze.
 */
class PromotionRunTest {

    private static final String FILE = """
            # Release channels: canary → current → stable/v17.
            channels:
              canary:
                version: 17.2.1            # moved by Renovate
              current:
                version: 17.2.1
                promote: {from: canary, after: 48h}
              stable/v17:
                version: 17.2.1   # pinned to 17.x
                promote:
                  from: current
                  after: 7d
            freezes:
              - {from: 2026-12-18, until: 2027-01-04, reason: year-end change freeze}
            """;

    @TempDir
    Path temp;

    private GitHistory git;

    @BeforeEach
    void repository() throws Exception {
        git = GitHistory.init(temp.resolve("repo"));
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private PromotionPlan plan(String content, Instant at) throws Exception {
        ChannelsConfig config =
                new ChannelsFileParser().parse(content.getBytes(StandardCharsets.UTF_8), "channels.yaml");
        return PromotionRun.plan(
                config, new ChannelHistory(git.repository(), GitHistory.FILE), at, SourceServing.NOT_CHECKED);
    }

    /** What the promote goal does with a plan: the versions edited in place. */
    private static String promote(String content, PromotionPlan plan) throws Exception {
        Map<String, Version> versions = new LinkedHashMap<>();
        plan.due().forEach(due -> versions.put(due.channel(), due.to()));
        return new String(
                VersionEditor.edit(content.getBytes(StandardCharsets.UTF_8), "channels.yaml", versions),
                StandardCharsets.UTF_8);
    }

    private static List<String> describe(PromotionPlan plan) {
        return plan.steps().stream().map(Step::describe).toList();
    }

    @Test
    void canaryCurrentStable() throws Exception {
        ObjectId start = git.commit(at("2026-12-01T09:00:00Z"), FILE);
        String renovate =
                FILE.replace("17.2.1            # moved by Renovate", "17.3.0            # moved by Renovate");
        ObjectId bump = git.commit(at("2026-12-07T10:00:00Z"), renovate, start);
        git.head(bump);

        assertEquals(
                List.of(
                        "current waits: canary has served 17.3.0 for 31 h of 48 h; due 2026-12-09 10:00 UTC",
                        "stable/v17: has current's 17.2.1"),
                describe(plan(renovate, at("2026-12-08T17:00:00Z"))));

        PromotionPlan due = plan(renovate, at("2026-12-09T11:00:00Z"));
        assertEquals(
                List.of(new Due(
                        "current",
                        v("17.2.1"),
                        v("17.3.0"),
                        "canary",
                        at("2026-12-07T10:00:00Z"),
                        bump.name(),
                        java.time.Duration.ofHours(49),
                        java.time.Duration.ofHours(48))),
                due.due());
        String promoted = promote(renovate, due);
        assertEquals(
                renovate.replace(
                        "    version: 17.2.1\n    promote: {from: canary",
                        "    version: 17.3.0\n    promote: {from: canary"),
                promoted);
        git.head(git.commit(at("2026-12-09T11:00:30Z"), promoted, bump));

        assertEquals(
                List.of(
                        "current: has canary's 17.3.0",
                        "stable/v17 waits: current has served 17.3.0 for 59 min of " + "7 d; due 2026-12-16 11:01 UTC"),
                describe(plan(promoted, at("2026-12-09T12:00:00Z"))));
        assertEquals(
                List.of(
                        "current: has canary's 17.3.0",
                        "stable/v17: 17.2.1 → 17.3.0 from current, which has "
                                + "served it since 2026-12-09 11:00 UTC (7 d, soak 7 d, commit "
                                + git.repository().resolve("HEAD").name().substring(0, 12) + ")"),
                describe(plan(promoted, at("2026-12-16T12:00:00Z"))));
    }

    @Test
    void aSoakThatEndsInTheFreezeWaitsForItsEnd() throws Exception {
        ObjectId start = git.commit(at("2026-12-01T09:00:00Z"), FILE);
        String renovate =
                FILE.replace("17.2.1            # moved by Renovate", "17.3.0            # moved by Renovate");
        git.head(git.commit(at("2026-12-17T10:00:00Z"), renovate, start));
        assertEquals(
                "current waits: canary has served 17.3.0 for 2 h of 48 h; due 2027-01-04 00:00 UTC, after "
                        + "'year-end change freeze' (channels.yaml:14)",
                describe(plan(renovate, at("2026-12-17T12:00:00Z"))).get(0));
        assertEquals(
                "current waits: frozen by 'year-end change freeze' (channels.yaml:14) until 2027-01-04 00:00 UTC",
                describe(plan(renovate, at("2026-12-24T12:00:00Z"))).get(0));
    }

    @Test
    void aDuePromotionCountsFromTheFirstCommitWhereTheFileValidated() throws Exception {
        ObjectId start = git.commit(at("2026-12-01T09:00:00Z"), FILE);
        String invalid = FILE.replace("17.2.1            # moved by Renovate", "17.3.0            # moved by Renovate")
                .replace("  current:\n", "  current:\n    critical: \"no\"\n");
        ObjectId refused = git.commit(at("2026-12-07T10:00:00Z"), invalid, start);
        String fixed = invalid.replace("    critical: \"no\"\n", "");
        git.head(git.commit(at("2026-12-08T10:00:00Z"), fixed, refused));
        // 50 h after the refused commit, but 26 h after the fix: nothing was published before the fix.
        assertEquals(
                "current waits: canary has served 17.3.0 for 26 h of 48 h; due 2026-12-10 10:00 UTC",
                describe(plan(fixed, at("2026-12-09T12:00:00Z"))).get(0));
    }

    private static Version v(String version) {
        return Version.parse(version).orElseThrow();
    }
}
