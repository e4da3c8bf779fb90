// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ManagedUpdates;
import io.github.releasechannels.model.ManagedUpdates.ClientTools;
import io.github.releasechannels.model.ManagedUpdates.Group;
import io.github.releasechannels.model.ManagedUpdates.Mode;
import io.github.releasechannels.model.ManagedUpdates.Schedule;
import io.github.releasechannels.model.ManagedUpdates.Strategy;
import io.github.releasechannels.model.ManagedUpdates.TargetVersion;
import io.github.releasechannels.model.ManagedUpdates.ToolsMode;
import io.github.releasechannels.model.Version;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the optional {@code managed_updates} section with every rule Teleport applies to {@code autoupdate_config}
 * and {@code autoupdate_version} (docs/managed-updates-v2.md lists them), so a file this accepts renders resources
 * {@code tctl create} accepts.
 */
final class ManagedUpdatesParser {

    /** Most groups Teleport allows under halt-on-error. */
    static final int MAX_GROUPS_HALT_ON_ERROR = 10;
    /** Most groups Teleport allows under time-based. */
    static final int MAX_GROUPS_TIME_BASED = 20;

    static final int MAX_CANARIES = 5;
    static final Duration MIN_WINDOW = Duration.ofMinutes(10);

    private static final Pattern DURATION = Pattern.compile("(?:([0-9]{1,6})h)?(?:([0-9]{1,6})m)?(?:([0-9]{1,6})s)?");

    private final YamlNodes nodes;
    /** The channels by name, or empty when they had problems (then {@code follows} is not checked). */
    private final Optional<Map<String, Channel>> channels;

    ManagedUpdatesParser(YamlNodes nodes, Optional<Map<String, Channel>> channels) {
        this.nodes = nodes;
        this.channels = channels;
    }

    /**
     * @param entry             the {@code managed_updates:} entry of the top level
     * @param maintenanceWindow the top-level {@code maintenance:} entry, if any
     */
    Optional<ManagedUpdates> read(NodeTuple entry, Optional<NodeTuple> maintenanceWindow) {
        int before = nodes.problems.size();
        Optional<KeySchema.Keys> sectionKeys = KeySchema.MANAGED_UPDATES.section(
                entry,
                "write 'mode:', "
                        + "'start_version:' and 'target_version:' indented below it, or remove 'managed_updates:'; see "
                        + "docs/managed-updates-v2.md",
                nodes);
        if (sectionKeys.isEmpty()) {
            return Optional.empty();
        }
        KeySchema.Keys keys = sectionKeys.get();
        Node section = entry.getKeyNode();

        Optional<Mode> mode = nodes.required(
                        keys,
                        "mode",
                        section,
                        "'managed_updates'",
                        "add 'mode: enabled' (enabled, disabled or suspended)")
                .flatMap(node -> nodes.readWord(node, "mode", Mode.class));
        Optional<Strategy> strategy = optional(keys, "strategy")
                .map(node -> nodes.readWord(node, "strategy", Strategy.class))
                .orElse(Optional.of(Strategy.HALT_ON_ERROR));
        Optional<Schedule> schedule = optional(keys, "schedule")
                .map(node -> nodes.readWord(node, "schedule", Schedule.class))
                .orElse(Optional.of(Schedule.REGULAR));
        Optional<Duration> window = optional(keys, "maintenance_window").flatMap(this::duration);
        strategy.ifPresent(s -> checkWindow(s, window, keys, section));

        Optional<Version> start = nodes.required(
                        keys,
                        "start_version",
                        section,
                        "'managed_updates'",
                        "add 'start_version: 17.2.0', the version new agents install before their group's turn "
                                + "(often the target version)")
                .flatMap(node -> nodes.readVersion(node, "'start_version'", "'start_version' '%s'"));
        Optional<TargetVersion> target = target(keys, section, "'managed_updates'");
        if (start.isPresent()
                && target.isPresent()
                && start.get().compareTo(target.get().version()) > 0) {
            nodes.warning(
                    keys.get("start_version").getValueNode(),
                    "start_version " + start.get()
                            + " is above the target " + target.get().version() + ": new agents install "
                            + start.get() + " and then go down to "
                            + target.get().version() + " in their group's turn",
                    "lower start_version to the target or below, or raise the target");
        }

        List<Group> groups = List.of();
        NodeTuple groupsEntry = keys.get("groups");
        if (groupsEntry != null) {
            groups = groups(groupsEntry, strategy);
            maintenanceWindow.ifPresent(v1 -> nodes.warning(
                    groupsEntry.getKeyNode(),
                    "both 'maintenance' (line "
                            + YamlNodes.line(v1.getKeyNode())
                            + ") and 'managed_updates.groups' are declared: v2 agents "
                            + "and the Proxy's rollout follow the groups, v1 updaters still open their window from "
                            + "cmc.yaml",
                    "keep both while v1 updaters remain; remove 'maintenance' once every agent runs "
                            + "teleport-update"));
            warnForChannelsWithoutGroup(groups);
        }
        Optional<ClientTools> tools = Optional.ofNullable(keys.get("tools")).flatMap(this::tools);
        NodeTuple allowDowngrade = keys.get("allow_downgrade");
        boolean downgradeAllowed = allowDowngrade != null
                && nodes.readBoolean(allowDowngrade.getValueNode(), "allow_downgrade")
                        .orElse(false);

        if (nodes.problems.size() > before
                || mode.isEmpty()
                || strategy.isEmpty()
                || schedule.isEmpty()
                || start.isEmpty()
                || target.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> rolloutWindow = strategy.get() == Strategy.TIME_BASED ? window : Optional.empty();
        return Optional.of(new ManagedUpdates(
                mode.get(),
                strategy.get(),
                rolloutWindow,
                schedule.get(),
                start.get(),
                target.get(),
                groups,
                tools,
                downgradeAllowed,
                nodes.at(section),
                nodes.at(keys.get("start_version").getValueNode())));
    }

    private void checkWindow(Strategy strategy, Optional<Duration> window, KeySchema.Keys keys, Node section) {
        NodeTuple entry = keys.get("maintenance_window");
        if (strategy == Strategy.TIME_BASED) {
            if (entry == null) {
                nodes.problem(
                        section,
                        "strategy time-based needs 'maintenance_window', how long each group's " + "window lasts",
                        "add 'maintenance_window: 2h' (at least 10m)");
            } else if (window.isPresent() && window.get().compareTo(MIN_WINDOW) < 0) {
                nodes.problem(
                        entry.getValueNode(),
                        "'maintenance_window' is " + ManagedUpdates.durationText(window.get())
                                + ", shorter than the 10m Teleport requires",
                        "write 10m or more, e.g. maintenance_window: 1h");
            }
        } else if (window.isPresent() && !window.get().isZero()) {
            nodes.problem(
                    entry.getValueNode(),
                    "'maintenance_window' is set but strategy is halt-on-error, "
                            + "whose groups each have a one-hour window",
                    "remove maintenance_window, or set " + "'strategy: time-based'");
        }
    }

    private Optional<TargetVersion> target(KeySchema.Keys keys, Node section, String where) {
        NodeTuple written = keys.get("target_version");
        NodeTuple follows = keys.get("follows");
        if (written != null && follows != null) {
            nodes.problem(
                    follows.getKeyNode(),
                    where + " has both 'target_version' (line " + YamlNodes.line(written.getKeyNode())
                            + ") and 'follows'",
                    "keep one of them");
            return Optional.empty();
        }
        if (written != null) {
            return nodes.readVersion(written.getValueNode(), "'target_version'", "'target_version' '%s'")
                    .map(version -> new TargetVersion(version, Optional.empty(), nodes.at(written.getValueNode())));
        }
        if (follows != null) {
            return followedChannel(follows.getValueNode());
        }
        if (!keys.misspelled("target_version") && !keys.misspelled("follows")) {
            nodes.problem(
                    section,
                    where + " has no 'target_version'",
                    "add 'target_version: 17.2.1', or " + "'follows: <channel>' to take a channel's version");
        }
        return Optional.empty();
    }

    private Optional<TargetVersion> followedChannel(Node node) {
        Optional<String> name = nodes.readText(node, "follows", "a channel name such as 'follows: current'");
        if (name.isEmpty() || channels.isEmpty()) {
            return Optional.empty();
        }
        Channel channel = channels.get().get(name.get());
        if (channel == null) {
            nodes.unknownChannel(node, "follows", name.get(), channels.get().keySet());
            return Optional.empty();
        }
        return Optional.of(
                new TargetVersion(channel.version(), Optional.of(channel.name()), channel.versionLocation()));
    }

    private List<Group> groups(NodeTuple entry, Optional<Strategy> strategy) {
        Node value = entry.getValueNode();
        if (!(value instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            nodes.problem(
                    YamlNodes.isNull(value) ? entry.getKeyNode() : value,
                    "'groups' is "
                            + (YamlNodes.isNull(value) || value instanceof SequenceNode
                                    ? "empty"
                                    : "a " + YamlNodes.kind(value))
                            + ", not a list of groups",
                    "list the groups in rollout order ('- name: dev' with 'days:' and 'start_hour:'), or remove "
                            + "'groups:' to let Teleport use its default group");
            return List.of();
        }
        nodes.checkTag(sequence);
        List<Group> groups = new ArrayList<>();
        Map<String, Node> names = new LinkedHashMap<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            group(items.get(i), i == 0, strategy, names).ifPresent(groups::add);
        }
        strategy.ifPresent(s -> {
            int limit = s == Strategy.TIME_BASED ? MAX_GROUPS_TIME_BASED : MAX_GROUPS_HALT_ON_ERROR;
            if (items.size() > limit) {
                nodes.problem(
                        items.get(limit),
                        "there are " + items.size() + " groups, more than the " + limit + " Teleport allows under "
                                + s.word(),
                        s == Strategy.HALT_ON_ERROR
                                ? "merge groups (at most 10), or use 'strategy: time-based' (at most 20)"
                                : "merge groups (at most 20)");
            }
        });
        return groups;
    }

    private Optional<Group> group(Node item, boolean first, Optional<Strategy> strategy, Map<String, Node> names) {
        if (!(item instanceof MappingNode mapping)) {
            nodes.problem(
                    item,
                    "a group is " + (YamlNodes.isNull(item) ? "empty" : "a " + YamlNodes.kind(item))
                            + ", not a mapping",
                    "write '- name: dev' with 'days:' and 'start_hour:' indented below it");
            return Optional.empty();
        }
        int before = nodes.problems.size();
        NodeTuple nameEntry = null;
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("name")) {
                nameEntry = tuple;
            }
        }
        String where = "in a group";
        if (nameEntry != null
                && nameEntry.getValueNode() instanceof ScalarNode scalar
                && scalar.getTag().equals(Tag.STR)) {
            where = "in group '" + Problem.shorten(scalar.getValue()) + "'";
        }
        KeySchema.Keys keys = KeySchema.GROUP.keys(mapping, where, nodes);
        Optional<Node> nameNode = nodes.required(
                keys,
                "name",
                mapping,
                "a group",
                "add 'name: dev', the group agents " + "join with 'teleport-update enable --group dev'");
        Optional<String> name =
                nameNode.flatMap(node -> nodes.readText(node, "the group name", "a name such as 'name: dev'"));
        if (name.isPresent() && name.get().isBlank()) {
            nodes.problem(nameNode.get(), "a group name is empty", "write a name such as 'name: dev'");
            name = Optional.empty();
        }
        Optional<String> invisible = name.flatMap(YamlNodes::invisibleCharacter);
        if (invisible.isPresent()) {
            nodes.problem(
                    nameNode.get(),
                    "the group name '" + Problem.shorten(name.get()) + "' has " + invisible.get(),
                    "remove it: a group name is one line of visible text, e.g. 'name: dev' (agents "
                            + "join it with 'teleport-update enable --group dev', and logs and CI show it)");
            name = Optional.empty();
        }
        if (name.isPresent()) {
            Node previous = names.putIfAbsent(name.get(), nameNode.get());
            if (previous != null) {
                nodes.problem(
                        nameNode.get(),
                        "group '" + Problem.shorten(name.get()) + "' is declared twice " + "(first at line "
                                + YamlNodes.line(previous) + ")",
                        "give each group its own name");
            }
        }
        List<DayOfWeek> days = nodes.required(
                        keys,
                        "days",
                        mapping,
                        where.replaceFirst("^in ", ""),
                        "add 'days: [Mon, Tue, Wed, Thu]' or 'days: [\"*\"]' for every day")
                .map(this::days)
                .orElse(List.of());
        Optional<Integer> hour = nodes.required(
                        keys,
                        "start_hour",
                        mapping,
                        where.replaceFirst("^in ", ""),
                        "add 'start_hour: 4', the UTC hour (0 to 23) its window opens")
                .flatMap(node -> nodes.readHour(node, "start_hour"));
        long wait = optional(keys, "wait_hours")
                .flatMap(node -> count(
                        node,
                        "wait_hours",
                        Long.MAX_VALUE,
                        "a whole number of hours, 0 or more, without quotes, e.g. wait_hours: 24"))
                .orElse(0L);
        long canaries = optional(keys, "canary_count")
                .flatMap(node -> count(
                        node,
                        "canary_count",
                        MAX_CANARIES,
                        "a whole number from 0 to 5, without quotes, e.g. canary_count: 2"))
                .orElse(0L);
        if (strategy.isPresent() && wait > 0) {
            Node waitNode = keys.get("wait_hours").getValueNode();
            if (strategy.get() == Strategy.TIME_BASED) {
                nodes.problem(
                        waitNode,
                        "'wait_hours' is " + wait + " but strategy is time-based, where every " + "group's must be 0",
                        "remove wait_hours (time-based groups update in their own "
                                + "windows), or set 'strategy: halt-on-error'");
            } else if (first) {
                nodes.problem(
                        waitNode,
                        "the first group waits " + wait + " hours; under halt-on-error the first "
                                + "group has nothing to wait for, and Teleport refuses it",
                        "remove wait_hours from the " + "first group or set it to 0");
            }
        }
        if (strategy.isPresent() && strategy.get() == Strategy.TIME_BASED && canaries > 0) {
            nodes.problem(
                    keys.get("canary_count").getValueNode(),
                    "'canary_count' is " + canaries + " but canaries need strategy halt-on-error",
                    "remove canary_count, or set " + "'strategy: halt-on-error'");
        }
        if (nodes.problems.size() > before || name.isEmpty() || hour.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Group(name.get(), days, hour.get(), wait, (int) canaries));
    }

    /** The days of a group: a non-empty list of day names, or exactly {@code ["*"]} (returned as empty). */
    private List<DayOfWeek> days(Node node) {
        if (!(node instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            nodes.problem(
                    node,
                    "'days' is "
                            + (node instanceof SequenceNode || YamlNodes.isNull(node)
                                    ? "empty"
                                    : "a " + YamlNodes.kind(node))
                            + ", not a list of days",
                    "write a list such as " + "days: [Mon, Tue, Wed, Thu], or days: [\"*\"] for every day");
            return List.of();
        }
        nodes.checkTag(sequence);
        List<DayOfWeek> days = new ArrayList<>();
        Map<DayOfWeek, Node> seen = new LinkedHashMap<>();
        Node star = null;
        for (Node item : sequence.getValue()) {
            nodes.checkTag(item);
            String text = item instanceof ScalarNode scalar && !YamlNodes.isNull(item) ? scalar.getValue() : null;
            if ("*".equals(text)) {
                star = item;
                continue;
            }
            Optional<DayOfWeek> day = text == null ? Optional.empty() : MaintenanceRules.weekday(text);
            if (day.isEmpty()) {
                nodes.problem(
                        item,
                        (text == null ? "a " + YamlNodes.kind(item) : "'" + Problem.shorten(text) + "'")
                                + " is not a day",
                        MaintenanceRules.dayFix(
                                text,
                                "write Sun, Mon, Tue, Wed, Thu, Fri, "
                                        + "Sat or the full name, or \"*\" alone for every day"));
                continue;
            }
            Node first = seen.putIfAbsent(day.get(), item);
            if (first != null) {
                nodes.problem(
                        item,
                        ManagedUpdates.Group.shortDay(day.get()) + " is listed twice (first at line "
                                + YamlNodes.line(first) + ")",
                        "remove one of them");
                continue;
            }
            days.add(day.get());
        }
        if (star != null && sequence.getValue().size() > 1) {
            nodes.problem(
                    star,
                    "'*' is listed with other days",
                    "write days: [\"*\"] alone for every day, or " + "list the days without '*'");
        }
        return days;
    }

    private Optional<ClientTools> tools(NodeTuple entry) {
        return KeySchema.TOOLS
                .section(
                        entry,
                        "write 'mode: enabled' and 'target_version:' (or 'follows:') "
                                + "indented below it, or remove 'tools:'",
                        nodes)
                .flatMap(keys -> tools(entry, keys));
    }

    private Optional<ClientTools> tools(NodeTuple entry, KeySchema.Keys keys) {
        Optional<ToolsMode> mode = nodes.required(
                        keys, "mode", entry.getKeyNode(), "'tools'", "add 'mode: enabled' (enabled or disabled)")
                .flatMap(node -> nodes.readWord(node, "mode", ToolsMode.class));
        Optional<TargetVersion> target = target(keys, entry.getKeyNode(), "'tools'");
        return mode.isPresent() && target.isPresent()
                ? Optional.of(new ClientTools(mode.get(), target.get()))
                : Optional.empty();
    }

    /**
     * A v1 updater that asks the Proxy for channel X is served the rollout of group X, and an unknown name the
     * last group's: say which channels land there.
     */
    private void warnForChannelsWithoutGroup(List<Group> groups) {
        if (groups.isEmpty() || channels.isEmpty()) {
            return;
        }
        Set<String> groupNames = groups.stream().map(Group::name).collect(Collectors.toSet());
        String last = groups.get(groups.size() - 1).name();
        for (Channel channel : channels.get().values()) {
            if (!groupNames.contains(channel.name())) {
                nodes.warnings.add(new Problem(
                        channel.location(),
                        "channel '" + channel.name() + "' matches no "
                                + "group of managed_updates: a v1 updater asking the Proxy for this channel is served the "
                                + "rollout of the last group, '" + last + "'",
                        "name a group '" + channel.name()
                                + "' to give it its own place in the rollout; updaters reading this site directly are "
                                + "not affected"));
            }
        }
    }

    // ---- values ----

    private static Optional<Node> optional(KeySchema.Keys keys, String key) {
        return Optional.ofNullable(keys.get(key)).map(NodeTuple::getValueNode);
    }

    /** A whole number from 0 to {@code max}, written without quotes. */
    private Optional<Long> count(Node node, String key, long max, String expected) {
        if (node instanceof ScalarNode scalar
                && scalar.getTag().equals(Tag.INT)
                && scalar.getValue().matches("[0-9]{1,9}")) {
            long value = Long.parseLong(scalar.getValue());
            if (value <= max) {
                return Optional.of(value);
            }
            nodes.problem(
                    node,
                    "'" + key + "' is " + value + ", more than " + max + ", the most Teleport allows",
                    "write " + expected);
            return Optional.empty();
        }
        nodes.problem(
                node,
                "'" + key + "' is " + YamlNodes.shown(node) + ", not a whole number from 0"
                        + (max == Long.MAX_VALUE ? " up" : " to " + max),
                "write " + expected);
        return Optional.empty();
    }

    /** {@code 2h}, {@code 90m}, {@code 1h30m}, {@code 7200s}: hours, minutes and seconds, in that order. */
    private Optional<Duration> duration(Node node) {
        String fix = "write a duration with a unit: 2h, 90m, 1h30m or 7200s";
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.STR)) {
            Matcher matcher = DURATION.matcher(scalar.getValue());
            if (!scalar.getValue().isEmpty() && matcher.matches()) {
                Duration duration = Duration.ZERO;
                long[] unitSeconds = {3600, 60, 1};
                for (int group = 1; group <= 3; group++) {
                    if (matcher.group(group) != null) {
                        duration = duration.plusSeconds(Long.parseLong(matcher.group(group)) * unitSeconds[group - 1]);
                    }
                }
                return Optional.of(duration);
            }
        }
        if (node instanceof ScalarNode scalar
                && (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))) {
            nodes.problem(
                    node,
                    "'maintenance_window' is the number " + scalar.getValue() + ", not a duration",
                    fix + " (a number alone has no unit)");
            return Optional.empty();
        }
        nodes.problem(node, "'maintenance_window' is " + YamlNodes.shown(node) + ", not a duration", fix);
        return Optional.empty();
    }
}
