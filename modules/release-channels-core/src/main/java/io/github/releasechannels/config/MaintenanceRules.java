// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import io.github.releasechannels.model.MaintenanceWindow;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** The v1 {@code maintenance} section: the UTC hour and the weekdays of the one-hour window cmc.yaml announces. */
final class MaintenanceRules {

    private final YamlNodes nodes;

    MaintenanceRules(YamlNodes nodes) {
        this.nodes = nodes;
    }

    /** The window of the {@code maintenance:} entry, or empty when it has a problem (reported). */
    Optional<MaintenanceWindow> read(NodeTuple entry) {
        return KeySchema.MAINTENANCE
                .section(
                        entry,
                        "write 'utc_start_hour: 2' (and optionally "
                                + "'weekdays: [Mon, Wed, Fri]') indented below it, or remove 'maintenance:'",
                        nodes)
                .flatMap(keys -> window(entry, keys));
    }

    private Optional<MaintenanceWindow> window(NodeTuple entry, KeySchema.Keys keys) {
        Optional<Integer> hour = Optional.empty();
        NodeTuple hourEntry = keys.get("utc_start_hour");
        if (hourEntry == null) {
            if (!keys.misspelled("utc_start_hour")) {
                nodes.problem(
                        entry.getKeyNode(),
                        "'maintenance' has no 'utc_start_hour'",
                        "add 'utc_start_hour: 2' (0 to 23, the hour in UTC the one-hour window starts)");
            }
        } else {
            hour = nodes.readHour(hourEntry.getValueNode(), "utc_start_hour");
        }
        NodeTuple weekdaysEntry = keys.get("weekdays");
        List<DayOfWeek> weekdays = weekdaysEntry == null ? List.of() : weekdays(weekdaysEntry.getValueNode());
        return hour.map(h -> new MaintenanceWindow(h, weekdays));
    }

    private List<DayOfWeek> weekdays(Node node) {
        if (YamlNodes.isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            nodes.problem(
                    node,
                    "'weekdays' is a " + YamlNodes.kind(node) + ", not a list",
                    "write a list such as weekdays: [Mon, Wed, Fri], or leave it out for every day");
            return List.of();
        }
        return days(sequence.getValue(), nodes, "weekday", item -> {
            if (item instanceof ScalarNode scalar && scalar.getValue().equals("*")) {
                nodes.problem(
                        item,
                        "'*' is not a weekday; Teleport does not accept it",
                        "leave 'weekdays' out (or empty) for every day, or list the days");
                return true;
            }
            return false;
        });
    }

    /**
     * The days of a list of day names, each read with {@link #weekday}: an item that is no day, or a day listed
     * again, is reported.
     *
     * @param noun    what an item is called in messages, such as {@code weekday}
     * @param handled the items the caller reports itself (and leaves out), such as {@code '*'}
     */
    static List<DayOfWeek> days(List<Node> items, YamlNodes nodes, String noun, Predicate<Node> handled) {
        List<DayOfWeek> days = new ArrayList<>();
        Map<DayOfWeek, Node> seen = new LinkedHashMap<>();
        for (Node item : items) {
            nodes.checkTag(item);
            if (handled.test(item)) {
                continue;
            }
            String text = item instanceof ScalarNode scalar ? scalar.getValue() : null;
            Optional<DayOfWeek> day = text == null ? Optional.empty() : weekday(text);
            if (day.isEmpty()) {
                nodes.problem(
                        item,
                        (text == null ? "a " + YamlNodes.kind(item) : "'" + Problem.shorten(text) + "'") + " is not a "
                                + noun,
                        dayFix(text, "write Sun, Mon, Tue, Wed, Thu, Fri, Sat or the full " + "name"));
                continue;
            }
            Node first = seen.putIfAbsent(day.get(), item);
            if (first != null) {
                nodes.problem(
                        item,
                        MaintenanceWindow.dayName(day.get()) + " is listed twice (first at line "
                                + YamlNodes.line(first) + ")",
                        "remove one of them");
                continue;
            }
            days.add(day.get());
        }
        return days;
    }

    /**
     * {@code fix}, after {@code did you mean 'Thu'?} for a day written another way ({@code Thurs}, {@code Tues},
     * {@code Wednesdy}): Teleport reads only the full and the three-letter names.
     */
    static String dayFix(String text, String fix) {
        String meant = meantDay(text);
        return meant.isEmpty() ? fix : meant + Character.toUpperCase(fix.charAt(0)) + fix.substring(1);
    }

    private static String meantDay(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String lower = text.trim().toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            String full = day.name().toLowerCase(Locale.ROOT);
            if (lower.length() >= 2 && full.startsWith(lower)) {
                return "did you mean '" + shortName(day) + "'? ";
            }
            names.add(full);
        }
        return Suggestions.closest(lower, names)
                .map(full -> "did you mean '" + shortName(DayOfWeek.valueOf(full.toUpperCase(Locale.ROOT))) + "'? ")
                .orElse("");
    }

    private static String shortName(DayOfWeek day) {
        return MaintenanceWindow.dayName(day).substring(0, 3);
    }

    /** The day for a full or three-letter English name, any case. */
    static Optional<DayOfWeek> weekday(String text) {
        String lower = text.trim().toLowerCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            String full = day.name().toLowerCase(Locale.ROOT);
            if (lower.equals(full) || lower.equals(full.substring(0, 3))) {
                return Optional.of(day);
            }
        }
        return Optional.empty();
    }
}
