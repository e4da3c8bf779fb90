// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.MaintenanceWindow;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelsFileParserTest {

    private static ChannelsConfig parse(String yaml) throws ChannelsFileException {
        return new ChannelsFileParser().parse(yaml.getBytes(StandardCharsets.UTF_8), "channels.yaml");
    }

    /** Every problem of an invalid file, as printed. */
    private static List<String> problems(String yaml) {
        return problems(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> problems(byte[] bytes) {
        ChannelsFileException e =
                assertThrows(ChannelsFileException.class, () -> new ChannelsFileParser().parse(bytes, "channels.yaml"));
        return e.problems().stream().map(Problem::toString).toList();
    }

    private static String only(String yaml) {
        List<String> problems = problems(yaml);
        assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
        return problems.get(0);
    }

    @Nested
    class ValidFiles {

        @Test
        void readsTheExampleOfTheFormat() throws Exception {
            ChannelsConfig config = parse("""
                    channels:
                      current:
                        version: 14.2.1
                        critical: false
                      stable/cloud:
                        version: v14.3.0
                        critical: true
                    maintenance:
                      utc_start_hour: 2
                      weekdays: [Mon, Wed, Fri]
                    """);
            assertEquals(
                    List.of("current", "stable/cloud"),
                    config.channels().stream().map(Channel::name).toList());
            Channel current = config.channels().get(0);
            assertEquals("14.2.1", current.version().toString());
            assertFalse(current.critical());
            assertEquals(2, current.location().line());
            assertEquals(3, current.location().column());
            Channel cloud = config.channels().get(1);
            assertEquals("14.3.0", cloud.version().toString(), "a leading v is dropped");
            assertTrue(cloud.critical());
            assertEquals(
                    Optional.of(
                            new MaintenanceWindow(2, List.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY))),
                    config.maintenance());
        }

        @Test
        void criticalDefaultsToFalseAndMaintenanceIsOptional() throws Exception {
            ChannelsConfig config = parse("channels:\n  current:\n    version: 1.0.0\n");
            assertFalse(config.channels().get(0).critical());
            assertEquals(Optional.empty(), config.maintenance());
        }

        @Test
        void acceptsPrereleasesAndYamlBooleanSpellings() throws Exception {
            ChannelsConfig config = parse("""
                    channels:
                      rc:
                        version: 15.0.0-rc.1
                        critical: yes
                      beta:
                        version: "15.0.0-beta.2"
                        critical: off
                    """);
            assertEquals("15.0.0-beta.2", config.channels().get(0).version().toString());
            assertFalse(config.channels().get(0).critical());
            assertTrue(config.channels().get(1).critical());
        }

        @Test
        void weekdaysAcceptFullAndShortNamesInAnyCaseAndEmptyMeansEveryDay() throws Exception {
            ChannelsConfig config = parse("""
                    channels: {a: {version: 1.0.0}}
                    maintenance:
                      utc_start_hour: 23
                      weekdays: [sunday, SAT, Tue]
                    """);
            assertEquals(
                    List.of(DayOfWeek.SUNDAY, DayOfWeek.SATURDAY, DayOfWeek.TUESDAY),
                    config.maintenance().orElseThrow().weekdays());
            ChannelsConfig every =
                    parse("channels: {a: {version: 1.0.0}}\nmaintenance: {utc_start_hour: 0, weekdays: []}\n");
            assertEquals(List.of(), every.maintenance().orElseThrow().weekdays());
        }

        @Test
        void acceptsNestedChannelNamesWithDotsDashesAndUnderscores() throws Exception {
            ChannelsConfig config = parse("""
                    channels:
                      stable/cloud/v14: {version: 14.0.0}
                      team_a.prod-eu: {version: 14.0.0}
                      stable: {version: 14.0.0}
                    """);
            assertEquals(3, config.channels().size());
        }

        @Test
        void aByteOrderMarkIsIgnored() throws Exception {
            ChannelsConfig config = parse("\uFEFFchannels: {a: {version: 1.2.3}}\n");
            assertEquals("1.2.3", config.channels().get(0).version().toString());
        }
    }

    @Nested
    class FileShape {

        @Test
        void emptyFile() {
            assertEquals(
                    "channels.yaml: the file is empty — declare at least one channel under 'channels:'; "
                            + "see docs/channels-yaml.md for the format",
                    only(""));
            assertEquals(1, problems("# only a comment\n").size());
        }

        @Test
        void rootThatIsNotAMapping() {
            assertEquals(
                    "channels.yaml:1:1: the top level is a list, not a mapping — start the file with "
                            + "'channels:'; see docs/channels-yaml.md for the format",
                    only("- current\n- stable\n"));
        }

        @Test
        void noChannels() {
            assertEquals(
                    "channels.yaml:1:1: there is no 'channels:' mapping — add 'channels:' with at least one "
                            + "channel; see docs/channels-yaml.md for the format",
                    only("maintenance: {utc_start_hour: 2}\n"));
            assertEquals(
                    "channels.yaml:1:1: 'channels' declares no channel — add a channel, e.g. 'current:' with "
                            + "'version: 14.2.1' indented below it",
                    only("channels:\n"));
            assertTrue(only("channels: {}\n").contains("'channels' declares no channel"));
        }

        @Test
        void syntaxErrorNamesTheLine() {
            String problem = only("channels:\n  current:\n    version: [14.2.1\n");
            assertTrue(problem.startsWith("channels.yaml:4:1: YAML syntax error"), problem);
        }

        @Test
        void moreThanOneDocument() {
            assertTrue(only("channels: {a: {version: 1.0.0}}\n---\nchannels: {}\n")
                    .startsWith("channels.yaml:3:1: the file holds more than one YAML document"));
        }

        @Test
        void channelThatIsNotAMapping() {
            assertEquals(
                    "channels.yaml:2:12: channel 'current' is a value '14.2.1', not a mapping — write "
                            + "'version:' (and optionally 'critical:') indented below 'current:'",
                    only("channels:\n  current: 14.2.1\n"));
        }
    }

    @Nested
    class ChannelNames {

        @ParameterizedTest
        @ValueSource(strings = {"-x", ".hidden", "a/../b", "a/./b", "with space", "é"})
        void segmentsMustBeLowerCaseNamesStartingWithALetterOrDigit(String name) {
            String problem = only("channels:\n  \"" + name + "\": {version: 1.0.0}\n");
            assertTrue(problem.startsWith("channels.yaml:2:3: channel name '" + name + "' has the segment '"), problem);
        }

        @Test
        void anUpperCaseNameIsToldTheLowerCaseOneNotTheCodePoint() {
            assertEquals(
                    "channels.yaml:2:3: channel name 'Current' has upper-case letters — did you mean 'current'? "
                            + "Channel names are lower case: agents request them as paths, which are case-sensitive",
                    only("channels:\n  Current: {version: 1.0.0}\n"));
            assertEquals(
                    "channels.yaml:2:3: channel name 'stable/Cloud' has upper-case letters — did you mean "
                            + "'stable/cloud'? Channel names are lower case: agents request them as paths, which are "
                            + "case-sensitive ('stable/cloud' is declared too: remove one of them)",
                    only("channels:\n  stable/Cloud: {version: 1.0.0}\n  stable/cloud: {version: 1.0.0}\n"));
        }

        @Test
        void anInvalidNameIsToldTheClosestDeclaredOrConventionalName() {
            assertTrue(only("channels:\n  cur_rent!: {version: 1.0.0}\n  current: {version: 1.0.0}\n")
                    .contains("— did you mean 'current'? Each '/'-separated segment"));
            assertTrue(only("channels:\n  stable cloud: {version: 1.0.0}\n")
                    .contains("— did you mean 'stable/cloud'? Each '/'-separated segment"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"/stable", "stable/", "stable//cloud"})
        void noEmptySegments(String name) {
            assertEquals(
                    "channels.yaml:2:3: channel name '" + name + "' has an empty path segment — remove "
                            + "leading, trailing and doubled '/', e.g. 'stable/cloud'",
                    only("channels:\n  \"" + name + "\": {version: 1.0.0}\n"));
        }

        @Test
        void atMost128Characters() {
            String longName = "a".repeat(129);
            assertEquals(
                    "channels.yaml:2:3: channel name is 129 characters long, more than 128 — use a shorter name",
                    only("channels:\n  " + longName + ": {version: 1.0.0}\n"));
            assertTrue(assertDoesNotThrow("channels:\n  " + "a".repeat(128) + ": {version: 1.0.0}\n"));
        }

        @Test
        void aChannelMayNotSitInsideAnotherChannelsFiles() {
            List<String> problems = problems("""
                    channels:
                      stable: {version: 1.0.0}
                      stable/version: {version: 1.0.0}
                      stable/critical/x: {version: 1.0.0}
                      stable/versions: {version: 1.0.0}
                    """);
            assertEquals(
                    List.of(
                            "channels.yaml:3:3: channel 'stable/version' would need a directory where channel 'stable' "
                                    + "has its 'version' file — rename one of the two channels",
                            "channels.yaml:4:3: channel 'stable/critical/x' would need a directory where channel 'stable' "
                                    + "has its 'critical' file — rename one of the two channels"),
                    problems);
        }

        @Test
        void aChannelMayNotShadowASiteFile() {
            assertEquals(
                    "channels.yaml:2:3: channel 'cmc.yaml/x' would need a directory 'cmc.yaml', which is a "
                            + "file of the site — rename the channel",
                    only("channels:\n  cmc.yaml/x: {version: 1.0.0}\n"));
        }

        @Test
        void duplicateChannels() {
            assertEquals(
                    "channels.yaml:3:3: duplicate key 'current' (first at line 2) — remove one of them",
                    only("channels:\n  current: {version: 1.0.0}\n  current: {version: 2.0.0}\n"));
        }
    }

    @Nested
    class Versions {

        @Test
        void missingVersion() {
            assertEquals(
                    "channels.yaml:2:3: channel 'current' has no version — add 'version: 14.2.1' indented "
                            + "below it",
                    only("channels:\n  current:\n    critical: true\n"));
            assertEquals(
                    "channels.yaml:2:3: channel 'current' has no version — add 'version: 14.2.1' indented "
                            + "below it",
                    only("channels:\n  current:\n"));
        }

        @Test
        void aYamlNumberAsksForTheFullVersion() {
            assertEquals(
                    "channels.yaml:3:14: the version of channel 'current' is the number 14.2, not a full "
                            + "version — write the full version MAJOR.MINOR.PATCH in quotes, e.g. \"14.2.0\"",
                    only("channels:\n  current:\n    version: 14.2\n"));
            assertEquals(
                    "channels.yaml:3:14: the version of channel 'current' is the number 15, not a full "
                            + "version — write the full version MAJOR.MINOR.PATCH in quotes, e.g. \"15.0.0\"",
                    only("channels:\n  current:\n    version: 15\n"));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "14.02.1",
                    "014.2.1",
                    "14.2",
                    "14.2.1.0",
                    "latest",
                    "V14.2.1",
                    "14.2.1-",
                    "14.2.1-01",
                    "vv14.2.1",
                    " 14.2.1x"
                })
        void rejectsWhatIsNotSemver(String version) {
            assertEquals(
                    "channels.yaml:2:16: the version '" + version.trim() + "' of channel 'c' is not a semantic "
                            + "version — write MAJOR.MINOR.PATCH[-PRERELEASE] without leading zeros, e.g. 14.2.1 or "
                            + "15.0.0-rc.1",
                    only("channels:\n  c: {version: \"" + version.trim() + "\"}\n"));
        }

        @Test
        void rejectsBuildMetadata() {
            assertEquals(
                    "channels.yaml:2:16: the version '14.2.1+ent' of channel 'c' has build metadata '+ent', "
                            + "which the Kubernetes updater cannot use in an image tag — remove '+ent'",
                    only("channels:\n  c: {version: 14.2.1+ent}\n"));
        }

        @Test
        void rejectsVersionsLongerThanAnImageTag() {
            String version = "1.0.0-" + "a".repeat(123);
            assertTrue(only("channels:\n  c: {version: " + version + "}\n")
                    .contains("is 129 characters long, more than 128, the limit of an image tag"));
        }
    }

    @Nested
    class Critical {

        @Test
        void mustBeABoolean() {
            assertEquals(
                    "channels.yaml:2:33: 'critical' is 'maybe', not a boolean — write critical: true or "
                            + "critical: false, without quotes",
                    only("channels:\n  c: {version: 1.0.0, critical: maybe}\n"));
        }

        @Test
        void aQuotedBooleanIsAString() {
            assertEquals(
                    "channels.yaml:2:33: 'critical' is 'no' (a quoted string), not a boolean — write "
                            + "critical: true or critical: false, without quotes",
                    only("channels:\n  c: {version: 1.0.0, critical: \"no\"}\n"));
        }
    }

    @Nested
    class Maintenance {

        @Test
        void hourIsRequired() {
            assertEquals(
                    "channels.yaml:2:1: 'maintenance' has no 'utc_start_hour' — add 'utc_start_hour: 2' "
                            + "(0 to 23, the hour in UTC the one-hour window starts)",
                    only("channels: {a: {version: 1.0.0}}\nmaintenance:\n  weekdays: [Mon]\n"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"24", "-1", "2.5", "two", "\"2\"", "100"})
        void hourMustBeFrom0To23(String hour) {
            assertTrue(
                    only("channels: {a: {version: 1.0.0}}\nmaintenance:\n  utc_start_hour: " + hour + "\n")
                            .startsWith("channels.yaml:3:19: 'utc_start_hour' is '"),
                    hour);
        }

        @Test
        void unknownWeekday() {
            assertEquals(
                    "channels.yaml:2:45: 'Xq' is not a weekday — write Sun, Mon, Tue, Wed, Thu, Fri, Sat or "
                            + "the full name",
                    only("channels: {a: {version: 1.0.0}}\nmaintenance: {utc_start_hour: 2, weekdays: [Xq]}\n"));
        }

        @ParameterizedTest
        @CsvSource({"Thurs, Thu", "Mo, Mon", "tues, Tue", "Wednesdy, Wed", "Satruday, Sat"})
        void aDayWrittenAnotherWayIsToldTheThreeLetterName(String written, String meant) {
            assertEquals(
                    "channels.yaml:2:45: '" + written + "' is not a weekday — did you mean '" + meant
                            + "'? Write Sun, Mon, Tue, Wed, Thu, Fri, Sat or the full name",
                    only("channels: {a: {version: " + "1.0.0}}\nmaintenance: {utc_start_hour: 2, weekdays: [" + written
                            + "]}\n"));
        }

        @Test
        void starIsNotAWeekday() {
            assertEquals(
                    "channels.yaml:4:14: '*' is not a weekday; Teleport does not accept it — leave 'weekdays' "
                            + "out (or empty) for every day, or list the days",
                    only("channels: {a: {version: 1.0.0}}\nmaintenance:\n  utc_start_hour: 2\n  weekdays: ['*']\n"));
        }

        @Test
        void duplicateWeekdays() {
            assertEquals(
                    "channels.yaml:6:7: Monday is listed twice (first at line 5) — remove one of them",
                    only("channels: {a: {version: 1.0.0}}\nmaintenance:\n  utc_start_hour: 2\n  weekdays:\n"
                            + "    - Mon\n    - monday\n"));
        }

        @Test
        void weekdaysMustBeAList() {
            assertEquals(
                    "channels.yaml:4:13: 'weekdays' is a value 'Mon, Wed', not a list — write a list such as "
                            + "weekdays: [Mon, Wed, Fri], or leave it out for every day",
                    only("channels: {a: {version: 1.0.0}}\nmaintenance:\n  utc_start_hour: 2\n  weekdays: Mon, Wed\n"));
        }
    }

    @Nested
    class Keys {

        @Test
        void unknownKeyGetsADidYouMeanHint() {
            assertEquals(
                    "channels.yaml:4:5: unknown key 'critcal' in channel 'current' — did you mean 'critical'?",
                    only("channels:\n  current:\n    version: 14.2.1\n    critcal: true\n"));
        }

        @Test
        void unknownKeyWithoutCloseMatchListsTheAllowedKeys() {
            assertEquals(
                    "channels.yaml:3:1: unknown key 'owner' at the top level — the keys allowed at the top "
                            + "level are channels, clusters, freezes, maintenance, managed_updates",
                    only("channels:\n  current: {version: 1.0.0}\nowner: ops\n"));
        }

        @Test
        void misspelledMaintenanceKeys() {
            assertEquals(
                    "channels.yaml:2:15: unknown key 'utc_start_hr' in 'maintenance' — did you mean "
                            + "'utc_start_hour'?",
                    problems("channels: {a: {version: 1.0.0}}\nmaintenance: {utc_start_hr: 2}\n")
                            .get(0));
        }

        @Test
        void duplicateKeys() {
            assertEquals(
                    "channels.yaml:4:5: duplicate key 'version' (first at line 3) — remove one of them",
                    only("channels:\n  current:\n    version: 1.0.0\n    version: 2.0.0\n"));
        }
    }

    @Nested
    class SafeLoading {

        @Test
        void typeTagsAreRefusedAndNeverInstantiated() {
            String problem = only("channels:\n  current:\n    version: !!javax.script.ScriptEngineManager [1.0.0]\n");
            assertTrue(
                    problem.startsWith("channels.yaml:3:14: the type tag 'tag:yaml.org,2002:javax.script."
                            + "ScriptEngineManager' is not allowed — remove the tag"),
                    problem);
            assertTrue(only("channels:\n  current: !custom {version: 1.0.0}\n").contains("the type tag '!custom'"));
        }

        @Test
        @Timeout(10)
        void aBillionLaughsFailsFast() {
            StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
            String previous = "a";
            for (char level = 'b'; level <= 'j'; level++) {
                yaml.append(level).append(": &").append(level).append(" [");
                for (int i = 0; i < 9; i++) {
                    yaml.append(i == 0 ? "" : ",").append('*').append(previous);
                }
                yaml.append("]\n");
                previous = String.valueOf(level);
            }
            assertEquals(
                    "channels.yaml: the file uses more than 20 aliases to lists or mappings (a 'billion laughs' "
                            + "expansion) — write the values out instead of using '*' aliases",
                    only(yaml.toString()));
        }

        @Test
        void deepNestingIsBounded() {
            String yaml = "channels: " + "[".repeat(100) + "]".repeat(100) + "\n";
            assertTrue(only(yaml).startsWith("channels.yaml: the file nests more than 20 levels deep"));
        }

        @Test
        void theFileSizeIsBounded() {
            byte[] huge = new byte[ChannelsFileParser.MAX_FILE_BYTES + 1];
            java.util.Arrays.fill(huge, (byte) '#');
            assertEquals(
                    List.of("channels.yaml: the file is larger than the limit of 16777216 bytes — "
                            + "even 100,000 channels take about 6 MiB; check that this is the right file"),
                    problems(huge));
        }

        @Test
        void aHundredThousandChannelsAreWithinTheLimits() throws Exception {
            StringBuilder yaml = new StringBuilder("channels:\n");
            for (int i = 0; i < 100_000; i++) {
                yaml.append("  fleet/region-")
                        .append(i)
                        .append(":\n    version: 14.")
                        .append(i % 10)
                        .append(".1\n    critical: ")
                        .append(i % 13 == 0)
                        .append('\n');
            }
            var config =
                    new ChannelsFileParser().parse(yaml.toString().getBytes(StandardCharsets.UTF_8), "channels.yaml");
            assertEquals(100_000, config.channels().size());
        }

        @Test
        void invalidUtf8NamesTheByte() {
            byte[] bytes = "channels:\n  cur\u00e9nt: {version: 1.0.0}\n".getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(
                    List.of("channels.yaml:2:6: byte 0xE9 is not valid UTF-8 — save the file as UTF-8"),
                    problems(bytes));
        }

        @Test
        void controlCharactersAreRefused() {
            assertTrue(only("channels:\n  current: {version: 1.0.0\u0007}\n")
                    .contains("the character U+0007 is a control character YAML does not allow"));
        }
    }

    @Test
    void reportsEveryProblemAtOnce() {
        List<String> problems = problems("""
                channels:
                  Current: {version: 14.2}
                  ok: {version: 1.0.0, critcal: true}
                  x: {version: 1.0.0+b, critical: maybe}
                maintenance:
                  utc_start_hour: 24
                  weekdays: ['*', Mon, Mon]
                """);
        assertEquals(
                List.of("2:3", "2:22", "3:24", "4:16", "4:35", "6:19", "7:14", "7:24"),
                problems.stream()
                        .map(problem -> problem.split(":")[1] + ":" + problem.split(":")[2])
                        .toList(),
                problems::toString);
    }

    private static boolean assertDoesNotThrow(String yaml) {
        try {
            parse(yaml);
            return true;
        } catch (ChannelsFileException e) {
            return false;
        }
    }
}
