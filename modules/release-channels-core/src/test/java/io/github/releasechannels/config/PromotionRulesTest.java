// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Freeze;
import io.github.releasechannels.model.Hold;
import io.github.releasechannels.model.Promotion;
import io.github.releasechannels.model.Promotion.Within;
import io.github.releasechannels.model.SourceLocation;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code promote:}, {@code hold:} and {@code freezes:}: what they read to, every rule, and the warnings. */
class PromotionRulesTest {

    private static ChannelsFileParser.Parsed read(String yaml) throws ChannelsFileException {
        return new ChannelsFileParser().read(yaml.getBytes(StandardCharsets.UTF_8), "channels.yaml");
    }

    private static List<String> problems(String yaml) {
        ChannelsFileException e = assertThrows(ChannelsFileException.class, () -> read(yaml));
        return e.problems().stream().map(Problem::toString).toList();
    }

    private static Channel channel(ChannelsConfig config, String name) {
        return config.channel(name).orElseThrow();
    }

    @Test
    void readsTheExampleOfTheIssue() throws Exception {
        ChannelsConfig config = read("""
                channels:
                  canary:
                    version: 17.3.0            # moved by Renovate or by hand
                    hold: "canary agents crash on arm64, see INC-4711"
                  current:
                    version: 17.2.1
                    promote:
                      from: canary
                      after: 48h
                      within: major
                  stable/v17:
                    version: 17.2.1
                    promote: {from: current, after: 7d}
                freezes:
                  - {from: 2026-12-18, until: 2027-01-04, reason: year-end change freeze}
                  - {weekdays: [Sat, Sun], reason: no weekend changes}
                """).config();

        assertEquals(
                Optional.of(new Hold(
                        "canary agents crash on arm64, see INC-4711", new SourceLocation("channels.yaml", 4, 5))),
                channel(config, "canary").hold());
        assertEquals(Optional.empty(), channel(config, "canary").promotion());
        assertEquals(
                Optional.of(new Promotion(
                        "canary",
                        Duration.ofHours(48),
                        Within.MAJOR,
                        false,
                        new SourceLocation("channels.yaml", 7, 5))),
                channel(config, "current").promotion());
        assertEquals(
                Optional.of(new Promotion(
                        "current",
                        Duration.ofDays(7),
                        Within.MAJOR,
                        false,
                        new SourceLocation("channels.yaml", 13, 5))),
                channel(config, "stable/v17").promotion());
        assertEquals(
                List.of(
                        new Freeze(
                                "year-end change freeze",
                                new Freeze.Period(
                                        Instant.parse("2026-12-18T00:00:00Z"), Instant.parse("2027-01-04T00:00:00Z")),
                                new SourceLocation("channels.yaml", 15, 5)),
                        new Freeze(
                                "no weekend changes",
                                new Freeze.Weekdays(List.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY)),
                                new SourceLocation("channels.yaml", 16, 5))),
                config.freezes());
    }

    @ParameterizedTest(name = "after: {0}")
    @CsvSource(delimiter = ';', textBlock = """
            1h;      PT1H
            60m;     PT1H
            3600s;   PT1H
            48h;     PT48H
            7d;      PT168H
            1d12h;   PT36H
            1h0m30s; PT1H0M30S
            """)
    void afterReadsDaysHoursMinutesAndSeconds(String after, Duration expected) throws Exception {
        ChannelsConfig config = read("channels:\n  canary: {version: 1.2.3}\n  current:\n    version: 1.2.3\n"
                        + "    promote: {from: canary, after: " + after + "}\n")
                .config();
        assertEquals(
                expected, channel(config, "current").promotion().orElseThrow().after());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            within minor, prereleases true;  within: minor, prereleases: true;  MINOR; true
            within any;                      within: any;                       ANY;   false
            defaults;                        prereleases: false;                MAJOR; false
            """)
    void withinAndPrereleases(String rule, String keys, Within within, boolean prereleases) throws Exception {
        ChannelsConfig config = read("channels:\n  canary: {version: 1.2.3}\n  current:\n    version: 1.2.3\n"
                        + "    promote: {from: canary, after: 2h, " + keys + "}\n")
                .config();
        Promotion promotion = channel(config, "current").promotion().orElseThrow();
        assertEquals(within, promotion.within(), rule);
        assertEquals(prereleases, promotion.prereleases(), rule);
    }

    @Test
    void freezesTakeInstantsWithOffsetsAndLowerCaseLetters() throws Exception {
        ChannelsConfig config = read("""
                channels:
                  current:
                    version: 17.2.1
                freezes:
                  - from: 2026-12-18T17:00:00Z
                    until: "2026-12-21T08:00:00+01:00"
                    reason: release party
                  - {from: '2027-01-01', until: 2027-01-01t12:30:00.5z, reason: new year}
                """).config();
        assertEquals(
                List.of(
                        new Freeze.Period(Instant.parse("2026-12-18T17:00:00Z"), Instant.parse("2026-12-21T07:00:00Z")),
                        new Freeze.Period(
                                Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2027-01-01T12:30:00.5Z"))),
                config.freezes().stream().map(Freeze::window).toList());
        assertEquals(
                new SourceLocation("channels.yaml", 5, 5),
                config.freezes().get(0).location());
    }

    @Test
    void anEmptyFreezesListHasNoFreeze() throws Exception {
        assertEquals(
                List.of(),
                read("channels:\n  current: {version: 1.2.3}\nfreezes:\n")
                        .config()
                        .freezes());
        assertEquals(
                List.of(),
                read("channels:\n  current: {version: 1.2.3}\nfreezes: []\n")
                        .config()
                        .freezes());
    }

    @Test
    void everyProblemAtOnce() {
        List<String> problems = problems("""
                channels:
                  a:
                    version: 17.3.0
                    hold: true
                    promote: {from: c, after: 30m, within: patch, prereleases: "yes"}
                  b:
                    version: 17.2.1
                    promote: {from: a, after: 48}
                  c:
                    version: 17.2.1
                    promote: {from: b, after: 2d}
                  d:
                    version: 17.2.1
                    promote: {from: d, after: 2d, aftr: 3}
                  e:
                    version: 1.0.0
                    promote: {from: canery}
                    hold: ""
                  canary:
                    version: 1.0.0
                    promote: canary
                freezes:
                  - {from: 2026-12-18, until: 2026-12-18, reason: x}
                  - {weekdays: [Sat, Sun, sat], reason: y}
                  - {weekdays: [Sat, Funday], reason: "a\\u0007b"}
                  - {from: 2026-12-18T10:00:00, until: "2026-13-01", reason: z}
                  - {from: 2026-12-18 10:00:00Z, until: 2027-01-01T00:00:00+01:00}
                  - reason: nothing
                  - 3
                """);
        assertEquals(
                new TreeSet<>(List.of(
                        "channels.yaml:4:11: the hold of channel 'a' is the boolean true, not a reason — write the reason as "
                                + "text, e.g. hold: \"canary agents crash on arm64, see INC-4711\"",
                        "channels.yaml:5:31: 'after' is 30m, shorter than 1h — a soak is at least 1h, so a scheduled run can "
                                + "see the version served before it moves on: write after: 1h or more",
                        "channels.yaml:5:44: 'within' is 'patch', not one of major, minor, any — write one of major, minor, "
                                + "any",
                        "channels.yaml:5:64: 'prereleases' is 'yes' (a quoted string), not a boolean — write prereleases: "
                                + "true or prereleases: false, without quotes",
                        "channels.yaml:5:21: the promotions form a cycle: 'a' from 'c', 'c' from 'b', 'b' from 'a'; none of "
                                + "them can ever move — let the first stage (such as 'canary') take no 'promote': it is moved "
                                + "by hand or by Renovate, and the others follow it",
                        "channels.yaml:8:31: 'after' is the number 48, not a duration — write how long the source must have "
                                + "served its version, with a unit: 48h, 7d, 90m or 1d12h (s, m, h, d), at least 1h (a number "
                                + "alone has no unit)",
                        "channels.yaml:14:21: channel 'd' is promoted from itself — name the channel it takes its version "
                                + "from, such as 'from: canary'",
                        "channels.yaml:14:35: unknown key 'aftr' in the 'promote' of channel 'd' — did you mean 'after'?",
                        "channels.yaml:17:5: the 'promote' of channel 'e' has no 'after' — add 'after: 48h', how long the "
                                + "source must have served a version before this channel takes it",
                        "channels.yaml:17:21: 'from' names the channel 'canery', which is not declared under 'channels' — "
                                + "did you mean 'canary'?",
                        "channels.yaml:18:11: the hold of channel 'e' is empty — write the reason, e.g. hold: \"canary agents "
                                + "crash on arm64, see INC-4711\"",
                        "channels.yaml:21:14: the 'promote' of channel 'canary' is a value 'canary', not a mapping — write "
                                + "promote: {from: canary, after: 48h} (optionally with within: major|minor|any and "
                                + "prereleases: true), or remove 'promote'",
                        "channels.yaml:23:31: 'until' 2026-12-18 is not after 'from' 2026-12-18 — 'until' is the first "
                                + "moment after the freeze (a date is its 00:00 UTC): to freeze 2026-12-18 alone, write from: "
                                + "2026-12-18, until: 2026-12-19",
                        "channels.yaml:24:27: Saturday is listed twice (first at line 24) — remove one of them",
                        "channels.yaml:25:39: the reason of a freeze has a control character (U+0007) at position 2 — "
                                + "remove it: a reason is one line of visible text, e.g. reason: year-end change freeze (logs "
                                + "and CI show it)",
                        "channels.yaml:25:22: 'Funday' is not a day — did you mean 'Sun'? Write Sun, Mon, Tue, Wed, Thu, "
                                + "Fri, Sat or the full name",
                        "channels.yaml:26:12: '2026-12-18T10:00:00' has no time zone offset — add Z for UTC "
                                + "(2026-12-18T10:00:00Z) or the offset, such as +01:00",
                        "channels.yaml:26:40: '2026-13-01' is not a valid date or time — write a UTC date such as 2026-12-18 "
                                + "(its 00:00 UTC) or an RFC 3339 instant such as 2026-12-18T17:00:00Z or "
                                + "2026-12-18T18:00:00+01:00",
                        "channels.yaml:27:5: a freeze has no 'reason' — add 'reason: year-end change freeze', the name "
                                + "messages give it",
                        "channels.yaml:27:12: '2026-12-18 10:00:00Z' is not a date or an RFC 3339 instant — write a UTC date "
                                + "such as 2026-12-18 (its 00:00 UTC) or an RFC 3339 instant such as 2026-12-18T17:00:00Z or "
                                + "2026-12-18T18:00:00+01:00",
                        "channels.yaml:28:5: a freeze has neither 'from' and 'until' nor 'weekdays' — write {from: 2026-12-18, "
                                + "until: 2027-01-04, reason: year-end change freeze} or {weekdays: [Sat, Sun], reason: no "
                                + "weekend changes}",
                        "channels.yaml:29:5: a freeze is a value '3', not a mapping — write {from: 2026-12-18, until: "
                                + "2027-01-04, reason: year-end change freeze} or {weekdays: [Sat, Sun], reason: no weekend "
                                + "changes}")),
                new TreeSet<>(problems));
        assertEquals(22, problems.size(), "each problem once");
    }

    @Test
    void twoCyclesAreBothReportedAndAChannelBelowACycleIsNotACycle() {
        List<String> problems = problems("""
                channels:
                  a: {version: 1.0.0, promote: {from: b, after: 1h}}
                  b: {version: 1.0.0, promote: {from: a, after: 1h}}
                  c: {version: 1.0.0, promote: {from: a, after: 1h}}
                  x: {version: 1.0.0, promote: {from: y, after: 1h}}
                  y: {version: 1.0.0, promote: {from: x, after: 1h}}
                """);
        assertEquals(2, problems.size(), problems::toString);
        assertTrue(
                problems.get(0)
                        .startsWith(
                                "channels.yaml:2:39: the promotions form a cycle: 'a' from 'b', 'b' " + "from 'a';"),
                problems.get(0));
        assertTrue(
                problems.get(1)
                        .startsWith(
                                "channels.yaml:5:39: the promotions form a cycle: 'x' from 'y', 'y' " + "from 'x';"),
                problems.get(1));
    }

    @Test
    void aSourceWithAnInvalidVersionIsStillDeclared() {
        assertEquals(
                List.of("channels.yaml:2:21: the version '17.3' of channel 'canary' is not a semantic version — "
                        + "write MAJOR.MINOR.PATCH[-PRERELEASE] without leading zeros, e.g. 14.2.1 or 15.0.0-rc.1"),
                problems("channels:\n  canary: {version: '17.3'}\n  current: {version: 17.2.1, promote: "
                        + "{from: canary, after: 1h}}\n"));
    }

    @Test
    void aReasonLongerThan200CharactersIsRefused() {
        assertEquals(
                List.of("channels.yaml:2:35: the hold of channel 'canary' is 201 characters long, more than "
                        + "200 — keep it to one short line and link to the details"),
                problems("channels:\n  canary: {version: 17.3.0, hold: " + "x".repeat(201) + "}\n"));
    }

    @Test
    void aMisspelledKeyIsOneProblemNotAlsoAMissingOne() {
        List<String> problems = problems("""
                channels:
                  canary: {version: 17.3.0}
                  current: {version: 17.2.1, promote: {from: canary, aftr: 48h}}
                freezes:
                  - {from: 2026-12-18, untill: 2027-01-04, reason: year-end change freeze}
                  - {weekday: [Sat, Sun], reason: no weekend changes}
                """);
        assertEquals(3, problems.size(), String.join("\n", problems));
        assertTrue(
                problems.get(0)
                        .startsWith("channels.yaml:3:54: unknown key 'aftr' in the 'promote' of channel "
                                + "'current' — did you mean 'after'?"),
                problems.get(0));
        assertTrue(
                problems.get(1)
                        .startsWith(
                                "channels.yaml:5:24: unknown key 'untill' in a freeze — did you mean " + "'until'?"),
                problems.get(1));
        assertTrue(
                problems.get(2)
                        .startsWith(
                                "channels.yaml:6:6: unknown key 'weekday' in a freeze — did you mean " + "'weekdays'?"),
                problems.get(2));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            past the major;                 16.4.0; 17.2.1;  major; 'stable' is promoted from 'current' within its major, but 'current' is on 17.x, past the 16.x of 'stable': this promotion can no longer fire
            past the minor;                 17.1.4; 17.2.1;  minor; 'stable' is promoted from 'current' within its minor, but 'current' is on 17.2.x, past the 17.1.x of 'stable': this promotion can no longer fire
            on the same major;              17.1.4; 17.2.1;  major; ''
            below: the source can climb;    18.0.0; 17.2.1;  major; ''
            any crosses;                    16.4.0; 17.2.1;  any;   ''
            """)
    void aPromotionThatCanNoLongerFireIsAWarning(
            String rule, String target, String source, String within, String warning) throws Exception {
        List<Problem> warnings = read("channels:\n  current: {version: " + source + "}\n  stable:\n    version: "
                        + target + "\n    promote: {from: current, after: 7d, within: " + within + "}\n")
                .warnings();
        assertEquals(
                warning.isEmpty()
                        ? List.of()
                        : List.of("channels.yaml:5:21: channel " + warning
                                + " — promote 'stable' from a channel that stays on "
                                + target.replaceAll(within.equals("major") ? "\\..*" : "\\.[0-9]+$", "")
                                + ".x, or remove its 'promote' (or set "
                                + "'within: any' to let it cross)"),
                warnings.stream().map(Problem::toString).toList(),
                rule);
    }

    @Test
    void aFreezeOfEveryDayIsAWarning() throws Exception {
        List<Problem> warnings = read("channels:\n  current: {version: 1.2.3}\nfreezes:\n"
                        + "  - {weekdays: [Mon, Tue, Wed, Thu, Fri, Sat, Sun], reason: code red}\n")
                .warnings();
        assertEquals(
                List.of("channels.yaml:4:16: this freeze covers every day of the week: nothing is promoted and "
                        + "no change that is not critical is published while it stands — remove it when the freeze is over, "
                        + "or freeze dates instead ({from, until, reason})"),
                warnings.stream().map(Problem::toString).toList());
    }
}
