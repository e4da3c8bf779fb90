// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.model.ManagedUpdates;
import io.github.releasechannels.model.ManagedUpdates.Group;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rules of docs/../shared reference "Managed Updates v2" (what Teleport's validation of autoupdate_config and
 * autoupdate_version accepts), as a table: each row is a variation of one valid section, accepted or refused with
 * its line and message. Rows use {@code |} for new lines.
 */
class ManagedUpdatesRulesTest {

    private static final String CHANNELS =
            "channels:|  current:|    version: 17.2.1|  stable/cloud:|    version: 17.3.0|";

    @ParameterizedTest(name = "valid: {0}")
    @CsvSource(delimiter = ';', textBlock = """
            halt-on-error with groups in order;     mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: dev, days: [Mon, Tue, Wed, Thu], start_hour: 4, canary_count: 2}|    - {name: prod, days: [Mon], start_hour: 14, wait_hours: 24}
            time-based with a 10m window;           mode: enabled|  strategy: time-based|  maintenance_window: 10m|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: a, days: ["*"], start_hour: 0}|    - {name: b, days: ["*"], start_hour: 23}
            time-based with canary_count 0;         mode: enabled|  strategy: time-based|  maintenance_window: 1h30m|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: a, days: [sunday, SAT], start_hour: 3, canary_count: 0}
            no groups: Teleport's default group;    mode: suspended|  start_version: 17.2.0|  target_version: 17.2.1
            immediate schedule;                     mode: disabled|  schedule: immediate|  start_version: 17.2.0|  target_version: 17.2.1
            a leading v is dropped;                 mode: enabled|  start_version: v17.2.0|  target_version: v17.2.1-rc.1
            follows a channel;                      mode: enabled|  start_version: 17.2.0|  follows: stable/cloud
            a group name with a slash;              mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: stable/cloud, days: [Mon], start_hour: 4}
            ten groups under halt-on-error;         mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: g1, days: [Mon], start_hour: 4}|    - {name: g2, days: [Mon], start_hour: 4}|    - {name: g3, days: [Mon], start_hour: 4}|    - {name: g4, days: [Mon], start_hour: 4}|    - {name: g5, days: [Mon], start_hour: 4}|    - {name: g6, days: [Mon], start_hour: 4}|    - {name: g7, days: [Mon], start_hour: 4}|    - {name: g8, days: [Mon], start_hour: 4}|    - {name: g9, days: [Mon], start_hour: 4}|    - {name: g10, days: [Mon], start_hour: 4}
            five canaries;                          mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: dev, days: [Mon], start_hour: 4, canary_count: 5}
            client tools following a channel;       mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  tools:|    mode: disabled|    follows: current
            maintenance_window 0s with halt-on-error;   mode: enabled|  maintenance_window: 0s|  start_version: 17.2.0|  target_version: 17.2.1
            """)
    void accepted(String rule, String section) throws ChannelsFileException {
        ManagedUpdates updates = parse(section).config().managedUpdates().orElseThrow();
        assertTrue(updates.describe().size() >= 2, rule);
    }

    @ParameterizedTest(name = "refused: {0}")
    @CsvSource(delimiter = ';', textBlock = """
            mode is required;                       start_version: 17.2.0|  target_version: 17.2.1;                                      6; 'managed_updates' has no 'mode'
            mode on is a boolean;                   mode: on|  start_version: 17.2.0|  target_version: 17.2.1;                           7; 'mode' is the YAML boolean on
            an unknown mode;                        mode: auto|  start_version: 17.2.0|  target_version: 17.2.1;                         7; 'mode' is 'auto', not one of enabled, disabled, suspended
            an unknown strategy;                    mode: enabled|  strategy: canary|  start_version: 17.2.0|  target_version: 17.2.1;   8; 'strategy' is 'canary'
            an unknown schedule;                    mode: enabled|  schedule: weekly|  start_version: 17.2.0|  target_version: 17.2.1;   8; 'schedule' is 'weekly'
            time-based without a window;            mode: enabled|  strategy: time-based|  start_version: 17.2.0|  target_version: 17.2.1;  6; strategy time-based needs 'maintenance_window'
            a window under 10m;                     mode: enabled|  strategy: time-based|  maintenance_window: 9m59s|  start_version: 17.2.0|  target_version: 17.2.1;  9; shorter than the 10m Teleport requires
            a window with halt-on-error;            mode: enabled|  maintenance_window: 1h|  start_version: 17.2.0|  target_version: 17.2.1;  8; 'maintenance_window' is set but strategy is halt-on-error
            a window as a number;                   mode: enabled|  strategy: time-based|  maintenance_window: 3600|  start_version: 17.2.0|  target_version: 17.2.1;  9; 'maintenance_window' is the number 3600, not a duration
            a version with two parts;               mode: enabled|  start_version: '17.2'|  target_version: 17.2.1;                     8; 'start_version' '17.2' is not a semantic version
            a version that is a number;             mode: enabled|  start_version: 17.2.0|  target_version: 18.0;                       9; 'target_version' is the number 18.0, not a full version
            start_version is required;              mode: enabled|  target_version: 17.2.1;                                             6; 'managed_updates' has no 'start_version'
            a target is required;                   mode: enabled|  start_version: 17.2.0;                                              6; 'managed_updates' has no 'target_version'
            target and follows;                     mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  follows: current;  10; has both 'target_version' (line 9) and 'follows'
            follows an unknown channel;             mode: enabled|  start_version: 17.2.0|  follows: stable;                             9; 'follows' names the channel 'stable', which is not declared
            an empty group name;                    mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: '', days: [Mon], start_hour: 4};  11; a group name is empty
            a group without a name;                 mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {days: [Mon], start_hour: 4};  11; a group has no 'name'
            a duplicate group name;                 mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: a, days: [Mon], start_hour: 4}|    - {name: a, days: [Mon], start_hour: 5};  12; group 'a' is declared twice (first at line 11)
            eleven groups under halt-on-error;      mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: g1, days: [Mon], start_hour: 4}|    - {name: g2, days: [Mon], start_hour: 4}|    - {name: g3, days: [Mon], start_hour: 4}|    - {name: g4, days: [Mon], start_hour: 4}|    - {name: g5, days: [Mon], start_hour: 4}|    - {name: g6, days: [Mon], start_hour: 4}|    - {name: g7, days: [Mon], start_hour: 4}|    - {name: g8, days: [Mon], start_hour: 4}|    - {name: g9, days: [Mon], start_hour: 4}|    - {name: g10, days: [Mon], start_hour: 4}|    - {name: g11, days: [Mon], start_hour: 4};  21; there are 11 groups, more than the 10
            days required;                          mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: a, start_hour: 4};  11; group 'a' has no 'days'
            days empty;                             mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: a, days: [], start_hour: 4};  11; 'days' is empty
            star mixed with days;                   mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: a, days: ['*', Mon], start_hour: 4};  11; '*' is listed with other days
            a day twice;                            mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: a, days: [Mon, MONDAY], start_hour: 4};  11; Mon is listed twice
            an unknown day;                         mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: a, days: [Mo], start_hour: 4};  11; 'Mo' is not a day
            start_hour 24;                          mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: a, days: [Mon], start_hour: 24};  11; 'start_hour' is '24', not an hour from 0 to 23
            a negative wait;                        mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: a, days: [Mon], start_hour: 4}|    - {name: b, days: [Mon], start_hour: 4, wait_hours: -2};  12; 'wait_hours' is '-2'
            the first group waits;                  mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: a, days: [Mon], start_hour: 4, wait_hours: 1};  11; the first group waits 1 hours
            a wait under time-based;                mode: enabled|  strategy: time-based|  maintenance_window: 1h|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: a, days: [Mon], start_hour: 4}|    - {name: b, days: [Mon], start_hour: 4, wait_hours: 1};  14; 'wait_hours' is 1 but strategy is time-based
            six canaries;                           mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: a, days: [Mon], start_hour: 4, canary_count: 6};  11; 'canary_count' is 6, more than 5
            canaries under time-based;              mode: enabled|  strategy: time-based|  maintenance_window: 1h|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: a, days: [Mon], start_hour: 4, canary_count: 1};  13; canaries need strategy halt-on-error
            wait_days was renamed;                  mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|    - {name: a, days: [Mon], start_hour: 4, wait_days: 0};  11; unknown key 'wait_days' in group 'a'
            an unknown key;                         mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  targt: 1;           10; unknown key 'targt' in 'managed_updates'
            tools need a mode;                      mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  tools:|    target_version: 17.2.1;  10; 'tools' has no 'mode'
            tools cannot be suspended;              mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  tools:|    mode: suspended|    target_version: 17.2.1;  11; 'mode' is 'suspended', not one of enabled, disabled
            tools need a target;                    mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  tools:|    mode: enabled;  10; 'tools' has no 'target_version'
            tools that are empty;                   mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  tools:;  10; 'tools' is empty, not a mapping
            tools that are a word;                  mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  tools: enabled;  10; 'tools' is a value 'enabled', not a mapping
            """)
    void refused(String rule, String section, int line, String message) {
        ChannelsFileException failure = assertThrows(ChannelsFileException.class, () -> parse(section), rule);
        assertEquals(1, failure.problems().size(), failure.getMessage());
        Problem problem = failure.problems().get(0);
        assertEquals(line, problem.location().line(), failure.getMessage());
        assertTrue(problem.message().contains(message), problem.toString());
    }

    @Test
    void readsTheSectionIntoTheModel() throws ChannelsFileException {
        ManagedUpdates updates = parse("mode: enabled|  strategy: time-based|  maintenance_window: 2h|"
                        + "  schedule: immediate|  start_version: v17.2.0|  follows: current|  groups:|"
                        + "    - {name: dev, days: [tue, Monday], start_hour: 4}|    - {name: prod, days: ['*'], start_hour: 14}|"
                        + "  tools:|    mode: enabled|    target_version: 17.3.0")
                .config()
                .managedUpdates()
                .orElseThrow();
        assertEquals(ManagedUpdates.Mode.ENABLED, updates.mode());
        assertEquals(ManagedUpdates.Strategy.TIME_BASED, updates.strategy());
        assertEquals(Optional.of(Duration.ofHours(2)), updates.maintenanceWindow());
        assertEquals(ManagedUpdates.Schedule.IMMEDIATE, updates.schedule());
        assertEquals("17.2.0", updates.startVersion().toString());
        assertEquals("17.2.1 (follows current)", updates.targetVersion().toString());
        assertEquals(
                List.of(
                        new Group("dev", List.of(DayOfWeek.TUESDAY, DayOfWeek.MONDAY), 4, 0, 0),
                        new Group("prod", List.of(), 14, 0, 0)),
                updates.groups());
        assertEquals(
                "17.3.0",
                updates.tools().orElseThrow().targetVersion().version().toString());
        assertEquals(6, updates.location().line());
    }

    @Test
    void defaultsAreHaltOnErrorAndRegular() throws ChannelsFileException {
        ManagedUpdates updates = parse("mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1")
                .config()
                .managedUpdates()
                .orElseThrow();
        assertEquals(ManagedUpdates.Strategy.HALT_ON_ERROR, updates.strategy());
        assertEquals(ManagedUpdates.Schedule.REGULAR, updates.schedule());
        assertEquals(Optional.empty(), updates.maintenanceWindow());
    }

    @Test
    void aFileWithoutTheSectionHasNone() throws ChannelsFileException {
        var parsed = new ChannelsFileParser()
                .read(CHANNELS.replace('|', '\n').getBytes(StandardCharsets.UTF_8), "channels.yaml");
        assertEquals(Optional.empty(), parsed.config().managedUpdates());
        assertEquals(List.of(), parsed.warnings());
    }

    @Test
    void warnsWhenStartIsAboveTheTarget() throws ChannelsFileException {
        List<String> warnings = warnings(parse("mode: enabled|  start_version: 17.3.0|  target_version: 17.2.1"));
        assertEquals(
                List.of("channels.yaml:8:18: start_version 17.3.0 is above the target 17.2.1: new agents "
                        + "install 17.3.0 and then go down to 17.2.1 in their group's turn — lower start_version to the "
                        + "target or below, or raise the target"),
                warnings);
    }

    @Test
    void warnsWhenBothMaintenanceAndGroupsAreDeclaredAndForChannelsWithoutAGroup() throws ChannelsFileException {
        var parsed = new ChannelsFileParser()
                .read(
                        ("maintenance:|  utc_start_hour: 2|" + CHANNELS
                                        + "managed_updates:|  mode: enabled|  start_version: 17.2.0|  target_version: 17.2.1|  groups:|"
                                        + "    - {name: current, days: [Mon], start_hour: 4}|    - {name: prod, days: [Mon], start_hour: 5}")
                                .replace('|', '\n')
                                .getBytes(StandardCharsets.UTF_8),
                        "channels.yaml");
        List<String> warnings = warnings(parsed);
        assertEquals(2, warnings.size(), String.join("\n", warnings));
        assertTrue(
                warnings.get(1)
                        .startsWith("channels.yaml:12:3: both 'maintenance' (line 1) and "
                                + "'managed_updates.groups' are declared"),
                warnings.get(1));
        assertTrue(
                warnings.get(0)
                        .startsWith("channels.yaml:6:3: channel 'stable/cloud' matches no group of "
                                + "managed_updates: a v1 updater asking the Proxy for this channel is served the rollout of the "
                                + "last group, 'prod'"),
                warnings.get(0));
    }

    @Test
    void everyProblemOfTheSectionIsReportedAtOnce() {
        ChannelsFileException failure = assertThrows(
                ChannelsFileException.class,
                () -> parse(
                        "mode: on|  start_version: 17|  target_version: '17.2'|  groups:|    - {name: a, days: [], start_hour: 30}"));
        assertEquals(
                List.of(7, 8, 9, 11, 11),
                failure.problems().stream().map(p -> p.location().line()).toList(),
                failure.getMessage());
    }

    private static ChannelsFileParser.Parsed parse(String section) throws ChannelsFileException {
        String file = CHANNELS + "managed_updates:|  " + section;
        return new ChannelsFileParser().read(file.replace('|', '\n').getBytes(StandardCharsets.UTF_8), "channels.yaml");
    }

    private static List<String> warnings(ChannelsFileParser.Parsed parsed) {
        return parsed.warnings().stream().map(Problem::toString).collect(Collectors.toList());
    }
}
