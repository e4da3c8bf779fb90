// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Version;
import io.github.releasechannels.promote.PromotionPlan.Due;
import io.github.releasechannels.promote.PromotionPlan.Reason;
import io.github.releasechannels.promote.PromotionPlan.Step;
import io.github.releasechannels.promote.PromotionPlan.Waiting;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The planner as a table: a file, since when the source has served its version, an instant, and the plan. */
class PromotionPlannerTest {

    /** canary gets 17.3.0 at 2026-12-07 10:00 UTC; current takes it after 48 h, stable after 7 d. */
    private static final Instant CANARY_SINCE = Instant.parse("2026-12-07T10:00:00Z");

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private static ChannelsConfig config(String canary, String current, String currentPromote, String extra)
            throws Exception {
        String yaml = "channels:\n"
                + "  canary:\n"
                + "    version: " + canary + "\n"
                + "  current:\n"
                + "    version: " + current + "\n"
                + "    promote: {from: canary, after: 48h" + currentPromote + "}\n"
                + "  stable:\n"
                + "    version: 17.2.1\n"
                + "    promote: {from: current, after: 7d}\n"
                + extra.replace("|", "\n");
        return new ChannelsFileParser().parse(yaml.getBytes(StandardCharsets.UTF_8), "channels.yaml");
    }

    private static Map<String, SourceRun> proven(String channel, String version, Instant since) {
        Map<String, SourceRun> runs = new HashMap<>();
        runs.put(
                channel,
                SourceRun.since(
                        channel, Version.parse(version).orElseThrow(), new SourceRun.Start(COMMIT, since), "proven"));
        return runs;
    }

    private static List<String> plan(ChannelsConfig config, Map<String, SourceRun> runs, Instant at) {
        return PromotionPlanner.plan(config, runs, at, SourceServing.NOT_CHECKED).steps().stream()
                .map(Step::describe)
                .toList();
    }

    private static Instant after(Duration duration) {
        return CANARY_SINCE.plus(duration);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', textBlock = """
            soaking # 17.3.0 # 17.2.1 # '' # '' # PT31H # current waits: canary has served 17.3.0 for 31 h of 48 h; due 2026-12-09 10:00 UTC
            soaking, under ten hours # 17.3.0 # 17.2.1 # '' # '' # PT1H30M # current waits: canary has served 17.3.0 for 1 h 30 min of 48 h; due 2026-12-09 10:00 UTC
            due # 17.3.0 # 17.2.1 # '' # '' # PT50H # current: 17.2.1 → 17.3.0 from canary, which has served it since 2026-12-07 10:00 UTC (50 h, soak 48 h, commit 0123456789ab)
            due to the second # 17.3.0 # 17.2.1 # '' # '' # PT48H # current: 17.2.1 → 17.3.0 from canary, which has served it since 2026-12-07 10:00 UTC (48 h, soak 48 h, commit 0123456789ab)
            a major crossed # 17.3.0 # 16.4.0 # '' # '' # PT50H # current waits: 17.3.0 crosses a major from 16.x (within: major)
            a minor crossed # 17.3.0 # 17.2.1 # ', within: minor' # '' # PT50H # current waits: 17.3.0 crosses a minor from 17.2.x (within: minor)
            within minor, a patch # 17.2.4 # 17.2.1 # ', within: minor' # '' # PT50H # current: 17.2.1 → 17.2.4 from canary, which has served it since 2026-12-07 10:00 UTC (50 h, soak 48 h, commit 0123456789ab)
            within any crosses # 18.0.0 # 17.2.1 # ', within: any' # '' # PT50H # current: 17.2.1 → 18.0.0 from canary, which has served it since 2026-12-07 10:00 UTC (50 h, soak 48 h, commit 0123456789ab)
            never lower # 17.1.0 # 17.2.1 # '' # '' # PT50H # current waits: would lower 17.2.1 to 17.1.0 (canary is behind; a promotion never lowers a version)
            a pre-release # 17.4.0-rc.1 # 17.2.1 # '' # '' # PT50H # current waits: 17.4.0-rc.1 is a pre-release and current holds a release (set 'prereleases: true' to promote pre-releases into it)
            pre-releases allowed # 17.4.0-rc.1 # 17.2.1 # ', prereleases: true' # '' # PT50H # current: 17.2.1 → 17.4.0-rc.1 from canary, which has served it since 2026-12-07 10:00 UTC (50 h, soak 48 h, commit 0123456789ab)
            a pre-release into one # 17.4.0-rc.2 # 17.4.0-rc.1 # '' # '' # PT50H # current: 17.4.0-rc.1 → 17.4.0-rc.2 from canary, which has served it since 2026-12-07 10:00 UTC (50 h, soak 48 h, commit 0123456789ab)
            the release of a pre-release # 17.4.0 # 17.4.0-rc.1 # '' # '' # PT50H # current: 17.4.0-rc.1 → 17.4.0 from canary, which has served it since 2026-12-07 10:00 UTC (50 h, soak 48 h, commit 0123456789ab)
            up to date # v17.3.0 # 17.3.0 # '' # '' # PT50H # current: has canary's 17.3.0
            source held # 17.3.0 # 17.2.1 # '' # '|' # PT50H # current waits: canary is held: arm64 agents crash, see INC-4711 (channels.yaml:4)
            """)
    void onePromotion(
            String rule, String canary, String current, String promote, String hold, Duration at, String expected)
            throws Exception {
        ChannelsConfig config = config(canary, current, promote, "");
        if (!hold.isEmpty()) {
            config = new ChannelsFileParser()
                    .parse(
                            ("channels:\n  canary:\n    version: " + canary + "\n"
                                            + "    hold: arm64 agents crash, see INC-4711\n  current:\n    version: "
                                            + current + "\n"
                                            + "    promote: {from: canary, after: 48h" + promote + "}\n")
                                    .getBytes(StandardCharsets.UTF_8),
                            "channels.yaml");
        }
        List<String> plan = plan(config, proven("canary", canary, CANARY_SINCE), after(at));
        assertEquals(expected, plan.get(0), rule);
    }

    @Test
    void aHeldTargetIsNotPromotedInto() throws Exception {
        ChannelsConfig config = new ChannelsFileParser().parse("""
                channels:
                  canary: {version: 17.3.0}
                  current:
                    version: 17.2.1
                    hold: "investigating INC-4712"
                    promote: {from: canary, after: 48h}
                """.getBytes(StandardCharsets.UTF_8), "channels.yaml");
        assertEquals(
                List.of("current waits: current is held: investigating INC-4712 (channels.yaml:5)"),
                plan(config, proven("canary", "17.3.0", CANARY_SINCE), after(Duration.ofDays(9))));
    }

    @Test
    void aChainMovesOneStagePerRun() throws Exception {
        // Both stages have soaked: current takes canary's 17.3.0 now; stable would take current's 17.2.2, but
        // current moves in this run, and its new version starts its own soak.
        ChannelsConfig config = config("17.3.0", "17.2.2", "", "");
        Map<String, SourceRun> runs = proven("canary", "17.3.0", CANARY_SINCE);
        runs.putAll(proven("current", "17.2.2", CANARY_SINCE.minus(Duration.ofDays(30))));
        PromotionPlan plan =
                PromotionPlanner.plan(config, runs, after(Duration.ofHours(50)), SourceServing.NOT_CHECKED);
        assertEquals(
                List.of("current", "stable"),
                plan.steps().stream().map(Step::channel).toList(),
                "pipeline order");
        assertEquals(List.of("current"), plan.due().stream().map(Due::channel).toList());
        assertEquals(
                new Waiting(
                        "stable",
                        "current",
                        Reason.SOURCE_MOVES,
                        "current moves to 17.3.0 in this run; " + "stable takes it once current has served it 7 d",
                        Optional.empty()),
                plan.steps().get(1));

        // The next run: current has 17.3.0 since the promotion's commit; stable waits for its soak.
        ChannelsConfig next = config("17.3.0", "17.3.0", "", "");
        Instant promoted = after(Duration.ofHours(50));
        assertEquals(
                List.of(
                        "current: has canary's 17.3.0",
                        "stable waits: current has served 17.3.0 for 1 h of 7 d; " + "due 2026-12-16 12:00 UTC"),
                plan(next, proven("current", "17.3.0", promoted), promoted.plus(Duration.ofHours(1))));
    }

    private static final String FREEZES = "freezes:|"
            + "  - {from: 2026-12-18, until: 2027-01-04, reason: year-end change freeze}|"
            + "  - {weekdays: [Sat, Sun], reason: no weekend changes}|";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', textBlock = """
            soaked inside the year-end freeze # 2026-12-10T10:00:00Z # 2026-12-20T10:00:00Z # current waits: frozen by 'year-end change freeze' (channels.yaml:11) until 2027-01-04 00:00 UTC
            soaked on a Saturday # 2026-12-10T10:00:00Z # 2026-12-12T10:00:00Z # current waits: frozen by 'no weekend changes' (channels.yaml:12) until 2026-12-14 00:00 UTC
            the soak ends inside the freeze # 2026-12-17T10:00:00Z # 2026-12-17T12:00:00Z # current waits: canary has served 17.3.0 for 2 h of 48 h; due 2027-01-04 00:00 UTC, after 'year-end change freeze' (channels.yaml:11)
            the soak ends before the freeze # 2026-12-14T10:00:00Z # 2026-12-15T12:00:00Z # current waits: canary has served 17.3.0 for 26 h of 48 h; due 2026-12-16 10:00 UTC
            due between freezes # 2026-12-10T10:00:00Z # 2026-12-14T09:30:00Z # current: 17.2.1 → 17.3.0 from canary, which has served it since 2026-12-10 10:00 UTC (3 d 23 h, soak 48 h, commit 0123456789ab)
            """)
    void freezes(String rule, Instant since, Instant at, String expected) throws Exception {
        List<String> plan = plan(config("17.3.0", "17.2.1", "", FREEZES), proven("canary", "17.3.0", since), at);
        assertEquals(expected, plan.get(0), rule);
    }

    @Test
    void aFreezeThatEndsIntoAnotherNamesBothAndTheDueTime() throws Exception {
        String freezes = "freezes:|  - {from: 2026-12-18, until: 2027-01-02, reason: year-end change freeze}|"
                + "  - {weekdays: [Sat, Sun], reason: no weekend changes}|";
        PromotionPlan plan = PromotionPlanner.plan(
                config("17.3.0", "17.2.1", "", freezes),
                proven("canary", "17.3.0", Instant.parse("2026-12-10T10:00:00Z")),
                Instant.parse("2026-12-24T10:00:00Z"),
                SourceServing.NOT_CHECKED);
        assertEquals(
                new Waiting(
                        "current",
                        "canary",
                        Reason.FROZEN,
                        "frozen by 'year-end change freeze' "
                                + "(channels.yaml:11) until 2027-01-02 00:00 UTC, then by 'no weekend changes' (channels.yaml:12); "
                                + "due 2027-01-04 00:00 UTC",
                        Optional.of(Instant.parse("2027-01-04T00:00:00Z"))),
                plan.steps().get(0));
    }

    @Test
    void aFreezeOfEveryDayHasNoDueTime() throws Exception {
        PromotionPlan plan = PromotionPlanner.plan(
                config(
                        "17.3.0",
                        "17.2.1",
                        "",
                        "freezes:|  - {weekdays: [Mon, Tue, Wed, Thu, Fri, Sat, Sun], reason: code red}|"),
                proven("canary", "17.3.0", CANARY_SINCE),
                after(Duration.ofDays(3)),
                SourceServing.NOT_CHECKED);
        assertEquals(
                new Waiting(
                        "current",
                        "canary",
                        Reason.FROZEN,
                        "frozen by 'code red' (channels.yaml:11) every " + "day",
                        Optional.empty()),
                plan.steps().get(0));
    }

    @Test
    void anUnprovenRunIsNeverPromoted() throws Exception {
        Map<String, SourceRun> runs = Map.of(
                "canary",
                SourceRun.unproven(
                        "canary",
                        Version.parse("17.3.0").orElseThrow(),
                        "the history is cut at commit 0123456789ab (2026-12-01 00:00 UTC): this is a shallow "
                                + "clone"));
        assertEquals(
                "current waits: how long canary has served 17.3.0 cannot be proven: the history is cut at "
                        + "commit 0123456789ab (2026-12-01 00:00 UTC): this is a shallow clone",
                plan(config("17.3.0", "17.2.1", "", ""), runs, after(Duration.ofDays(300)))
                        .get(0));
        assertEquals(
                "current waits: the history of canary was not read",
                plan(config("17.3.0", "17.2.1", "", ""), Map.of(), after(Duration.ofDays(300)))
                        .get(0));
    }

    @Test
    void aCommitTimeAfterTheInstantIsNoSoak() throws Exception {
        assertEquals(
                "current waits: canary has served 17.3.0 for 0 min of 48 h (its commit time is after "
                        + "2026-12-07 09:00 UTC); due 2026-12-09 10:00 UTC",
                plan(
                                config("17.3.0", "17.2.1", "", ""),
                                proven("canary", "17.3.0", CANARY_SINCE),
                                CANARY_SINCE.minus(Duration.ofHours(1)))
                        .get(0));
    }

    @Test
    void aSourceNotServedYetWaits() throws Exception {
        PromotionPlan plan = PromotionPlanner.plan(
                config("17.3.0", "17.2.1", "", ""),
                proven("canary", "17.3.0", CANARY_SINCE),
                after(Duration.ofDays(3)),
                (channel, version) ->
                        Optional.of("https://updates.example.com/" + channel + "/version answers " + "17.2.0"));
        assertEquals(
                new Waiting(
                        "current",
                        "canary",
                        Reason.NOT_SERVED,
                        "canary is not served as 17.3.0 yet: "
                                + "https://updates.example.com/canary/version answers 17.2.0",
                        Optional.empty()),
                plan.steps().get(0));
    }

    @Test
    void onlyTheSourcesOfPromotionsNoRuleStopsAreRead() throws Exception {
        ChannelsConfig config = new ChannelsFileParser().parse("""
                channels:
                  canary: {version: 17.3.0}
                  held: {version: 17.3.0, hold: "INC-1"}
                  next: {version: 18.0.0}
                  current: {version: 17.2.1, promote: {from: canary, after: 48h}}
                  same: {version: 17.3.0, promote: {from: canary, after: 48h}}
                  frozen: {version: 17.2.1, promote: {from: held, after: 48h}}
                  major: {version: 17.2.1, promote: {from: next, after: 48h}}
                  stable: {version: 17.2.1, promote: {from: current, after: 7d}}
                """.getBytes(StandardCharsets.UTF_8), "channels.yaml");
        assertEquals(Map.of("canary", Version.parse("17.3.0").orElseThrow()), PromotionPlanner.sourcesToRead(config));
    }
}
