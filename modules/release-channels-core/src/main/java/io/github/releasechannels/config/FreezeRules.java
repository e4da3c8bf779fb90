// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import io.github.releasechannels.model.Freeze;
import io.github.releasechannels.model.Freeze.Period;
import io.github.releasechannels.model.Freeze.Weekdays;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The top-level {@code freezes:} list. Each freeze is either dated, {@code {from, until, reason}} with UTC dates or
 * RFC 3339 instants, or weekly, {@code {weekdays: [Sat, Sun], reason}}, covering those whole UTC days. A weekly
 * freeze has no time of day: a range such as "Friday after 16:00" would depend on a time zone and its daylight
 * saving rules; a dated freeze with instants covers one such evening exactly.
 */
final class FreezeRules {

    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    /** RFC 3339 section 5.6 date-time: 'T' between date and time, seconds required, an offset or Z required. */
    private static final Pattern DATE_TIME = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]{1,9})?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})");

    private static final Pattern WITHOUT_OFFSET =
            Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]{1,9})?)?");
    private static final String TIME_FIX = "write a UTC date such as 2026-12-18 (its 00:00 UTC) or an RFC 3339 "
            + "instant such as 2026-12-18T17:00:00Z or 2026-12-18T18:00:00+01:00";
    private static final String SHAPE_FIX = "write {from: 2026-12-18, until: 2027-01-04, reason: year-end change "
            + "freeze} or {weekdays: [Sat, Sun], reason: no weekend changes}";

    private final YamlNodes nodes;

    FreezeRules(YamlNodes nodes) {
        this.nodes = nodes;
    }

    /** The freezes of the {@code freezes:} entry in file order, reporting every problem; none when it is empty. */
    List<Freeze> read(NodeTuple entry) {
        Node value = entry.getValueNode();
        if (YamlNodes.isNull(value)) {
            return List.of();
        }
        if (!(value instanceof SequenceNode sequence)) {
            nodes.problem(
                    value,
                    "'freezes' is a " + YamlNodes.kind(value) + ", not a list",
                    "list each freeze under 'freezes:' as '- {...}': " + SHAPE_FIX);
            return List.of();
        }
        nodes.checkTag(sequence);
        List<Freeze> freezes = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            freeze(item).ifPresent(freezes::add);
        }
        return freezes;
    }

    private Optional<Freeze> freeze(Node item) {
        if (!(item instanceof MappingNode mapping)) {
            nodes.problem(
                    item,
                    "a freeze is " + (YamlNodes.isNull(item) ? "empty" : "a " + YamlNodes.kind(item))
                            + ", not a mapping",
                    SHAPE_FIX);
            return Optional.empty();
        }
        int before = nodes.problems.size();
        KeySchema.Keys keys = KeySchema.FREEZE.keys(mapping, "in a freeze", nodes);
        Optional<String> reason = nodes.required(
                        keys,
                        "reason",
                        mapping,
                        "a freeze",
                        "add 'reason: year-end " + "change freeze', the name messages give it")
                .flatMap(node -> nodes.readReason(node, "the reason of a freeze", "reason: year-end change freeze"));
        NodeTuple weekdays = keys.get("weekdays");
        NodeTuple from = keys.get("from");
        NodeTuple until = keys.get("until");
        Optional<Freeze.Window> window = Optional.empty();
        if (weekdays != null && (from != null || until != null)) {
            NodeTuple dated = from != null ? from : until;
            nodes.problem(
                    dated.getKeyNode(),
                    "a freeze has both 'weekdays' (line " + YamlNodes.line(weekdays.getKeyNode()) + ") and '"
                            + ((ScalarNode) dated.getKeyNode()).getValue() + "'",
                    "a weekday freeze covers whole UTC days and has no dates: write the dated freeze and the "
                            + "weekday freeze as two entries of 'freezes'");
        } else if (weekdays != null) {
            window = weekdays(weekdays.getValueNode());
        } else if (from != null || until != null) {
            Optional<Instant> start = nodes.required(
                            keys,
                            "from",
                            mapping,
                            "a dated freeze",
                            "add 'from: " + "2026-12-18', when the freeze starts (a date is its 00:00 UTC)")
                    .flatMap(this::instant);
            Optional<Instant> end = nodes.required(
                            keys,
                            "until",
                            mapping,
                            "a dated freeze",
                            "add 'until: "
                                    + "2027-01-04', when the freeze ends (a date is its 00:00 UTC, the first moment not frozen)")
                    .flatMap(this::instant);
            if (start.isPresent() && end.isPresent() && !end.get().isAfter(start.get())) {
                nodes.problem(
                        until.getValueNode(),
                        "'until' " + text(until.getValueNode()) + " is not after 'from' " + text(from.getValueNode()),
                        "'until' is the first moment after the freeze (a date is its "
                                + "00:00 UTC): to freeze 2026-12-18 alone, write from: 2026-12-18, until: 2026-12-19");
            } else if (start.isPresent() && end.isPresent()) {
                window = Optional.of(new Period(start.get(), end.get()));
            }
        } else if (!keys.misspelled("from") && !keys.misspelled("until") && !keys.misspelled("weekdays")) {
            // A misspelled one was reported as such: saying the freeze has none would say it twice.
            nodes.problem(mapping, "a freeze has neither 'from' and 'until' nor 'weekdays'", SHAPE_FIX);
        }
        if (nodes.problems.size() > before || reason.isEmpty() || window.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Freeze(reason.get(), window.get(), nodes.at(mapping)));
    }

    /** The days of a weekly freeze: a non-empty list of day names, each once. */
    private Optional<Freeze.Window> weekdays(Node node) {
        String fix = "list the frozen UTC days, e.g. weekdays: [Sat, Sun]";
        if (!(node instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            nodes.problem(
                    node,
                    "the 'weekdays' of a freeze is "
                            + (node instanceof SequenceNode || YamlNodes.isNull(node)
                                    ? "empty"
                                    : "a " + YamlNodes.kind(node))
                            + ", not a list of days",
                    fix);
            return Optional.empty();
        }
        nodes.checkTag(sequence);
        int before = nodes.problems.size();
        List<DayOfWeek> days = MaintenanceRules.days(sequence.getValue(), nodes, "day", item -> false);
        if (nodes.problems.size() > before) {
            return Optional.empty();
        }
        if (days.size() == DayOfWeek.values().length) {
            nodes.warning(
                    sequence,
                    "this freeze covers every day of the week: nothing is promoted and no change "
                            + "that is not critical is published while it stands",
                    "remove it when the freeze is over, or " + "freeze dates instead ({from, until, reason})");
        }
        return Optional.of(new Weekdays(days));
    }

    /**
     * A UTC date (its 00:00 UTC) or an RFC 3339 instant. Unquoted, YAML reads both as timestamps, and reads a time
     * without an offset as UTC: that is refused, so a local time is never taken for UTC unnoticed.
     */
    private Optional<Instant> instant(Node node) {
        if (!(node instanceof ScalarNode scalar)
                || YamlNodes.isNull(node)
                || !(scalar.getTag().equals(Tag.STR) || scalar.getTag().equals(Tag.TIMESTAMP))) {
            nodes.problem(
                    node,
                    "a freeze's date is " + (YamlNodes.isNull(node) ? "empty" : YamlNodes.shown(node))
                            + ", not a date or an instant",
                    TIME_FIX);
            return Optional.empty();
        }
        String text = scalar.getValue();
        try {
            if (DATE.matcher(text).matches()) {
                return Optional.of(
                        LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            if (DATE_TIME.matcher(text).matches()) {
                return Optional.of(
                        OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant());
            }
        } catch (DateTimeException e) {
            nodes.problem(node, "'" + Problem.shorten(text) + "' is not a valid date or time", TIME_FIX);
            return Optional.empty();
        }
        if (WITHOUT_OFFSET.matcher(text).matches()) {
            nodes.problem(
                    node,
                    "'" + Problem.shorten(text) + "' has no time zone offset",
                    "add Z for UTC (" + text + (text.length() == 16 ? ":00" : "") + "Z) or the offset, such as +01:00");
            return Optional.empty();
        }
        nodes.problem(node, "'" + Problem.shorten(text) + "' is not a date or an RFC 3339 instant", TIME_FIX);
        return Optional.empty();
    }

    private static String text(Node node) {
        return ((ScalarNode) node).getValue();
    }
}
