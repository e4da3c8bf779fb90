// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.Hold;
import io.github.releasechannels.model.Promotion;
import io.github.releasechannels.model.Promotion.Within;
import io.github.releasechannels.model.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A channel's {@code promote:} and {@code hold:}, and the rules between channels: a promotion's source is another
 * declared channel, promotions form no cycle, and a promotion that can no longer fire is a warning. One instance
 * per file: it collects each {@code from} while the channels are read, and checks them once all are known.
 */
final class PromotionRules {

    /** Days, hours, minutes and seconds, in that order, each at most six digits: {@code 48h}, {@code 7d}, {@code 1d12h}. */
    private static final Pattern DURATION =
            Pattern.compile("(?:([0-9]{1,6})d)?(?:([0-9]{1,6})h)?(?:([0-9]{1,6})m)?(?:([0-9]{1,6})s)?");

    private static final long[] UNIT_SECONDS = {86_400, 3_600, 60, 1};
    private static final String DURATION_FIX = "write how long the source must have served its version, with a "
            + "unit: 48h, 7d, 90m or 1d12h (s, m, h, d), at least 1h";
    private static final String HOLD_EXAMPLE = "hold: \"canary agents crash on arm64, see INC-4711\"";

    private final YamlNodes nodes;
    /** Each promoted channel's {@code from} value node, by channel, in file order. */
    private final Map<String, ScalarNode> sources = new LinkedHashMap<>();

    PromotionRules(YamlNodes nodes) {
        this.nodes = nodes;
    }

    /** The promotion of channel {@code channel}'s {@code promote:} entry, or empty when it has a problem (reported). */
    Optional<Promotion> promotion(String channel, NodeTuple entry) {
        Node value = entry.getValueNode();
        String fix = "write promote: {from: canary, after: 48h} (optionally with within: major|minor|any and "
                + "prereleases: true), or remove 'promote'";
        if (!(value instanceof MappingNode mapping)) {
            nodes.problem(
                    YamlNodes.isNull(value) ? entry.getKeyNode() : value,
                    "the 'promote' of channel '"
                            + channel + "' is " + (YamlNodes.isNull(value) ? "empty" : "a " + YamlNodes.kind(value))
                            + ", not a mapping",
                    fix);
            return Optional.empty();
        }
        int before = nodes.problems.size();
        String where = "the 'promote' of channel '" + channel + "'";
        KeySchema.Keys keys = KeySchema.PROMOTE.keys(mapping, "in " + where, nodes);
        Optional<String> from = nodes.required(
                        keys,
                        "from",
                        entry.getKeyNode(),
                        where,
                        "add 'from: canary', the channel whose " + "version this one takes")
                .flatMap(node -> {
                    Optional<String> name = nodes.readText(node, "'from'", "the name of a channel, e.g. from: canary");
                    name.ifPresent(n -> sources.put(channel, (ScalarNode) node));
                    return name;
                });
        Optional<Duration> after = nodes.required(
                        keys,
                        "after",
                        entry.getKeyNode(),
                        where,
                        "add 'after: 48h', how long the source "
                                + "must have served a version before this channel takes it")
                .flatMap(this::after);
        Optional<Within> within = Optional.ofNullable(keys.get("within"))
                .map(tuple -> nodes.readWord(tuple.getValueNode(), "within", Within.class))
                .orElse(Optional.of(Within.MAJOR));
        Optional<Boolean> prereleases = Optional.ofNullable(keys.get("prereleases"))
                .map(tuple -> nodes.readBoolean(tuple.getValueNode(), "prereleases"))
                .orElse(Optional.of(false));
        if (nodes.problems.size() > before
                || from.isEmpty()
                || after.isEmpty()
                || within.isEmpty()
                || prereleases.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new Promotion(from.get(), after.get(), within.get(), prereleases.get(), nodes.at(entry.getKeyNode())));
    }

    /** The hold of channel {@code channel}'s {@code hold:} entry, or empty when it has a problem (reported). */
    Optional<Hold> hold(String channel, NodeTuple entry) {
        Node value = YamlNodes.isNull(entry.getValueNode()) ? entry.getKeyNode() : entry.getValueNode();
        if (YamlNodes.isNull(entry.getValueNode())) {
            nodes.problem(
                    value,
                    "the hold of channel '" + channel + "' is empty",
                    "write why the channel is held, e.g. " + HOLD_EXAMPLE + ", or remove 'hold' to release it");
            return Optional.empty();
        }
        return nodes.readReason(value, "the hold of channel '" + channel + "'", HOLD_EXAMPLE)
                .map(reason -> new Hold(reason, nodes.at(entry.getKeyNode())));
    }

    /**
     * The rules between channels, once every channel is read: each {@code from} names another declared channel,
     * the promotions form no cycle, and a promotion whose source is already past its boundary is a warning.
     *
     * @param declared every channel name of the file, valid or not (so a source with a bad version is not unknown)
     * @param channels the valid channels
     */
    void checkSources(Collection<String> declared, List<Channel> channels) {
        Map<String, String> edges = new LinkedHashMap<>();
        sources.forEach((channel, node) -> {
            String from = node.getValue();
            if (from.equals(channel)) {
                nodes.problem(
                        node,
                        "channel '" + channel + "' is promoted from itself",
                        "name the channel it takes its version from, such as 'from: canary'");
            } else if (!declared.contains(from)) {
                nodes.unknownChannel(node, "from", from, declared);
            } else {
                edges.put(channel, from);
            }
        });
        checkCycles(edges);
        Map<String, Channel> byName = new LinkedHashMap<>();
        channels.forEach(channel -> byName.put(channel.name(), channel));
        for (Channel target : channels) {
            target.promotion()
                    .ifPresent(promotion -> Optional.ofNullable(byName.get(promotion.from()))
                            .ifPresent(source -> warnIfPast(target, promotion, source)));
        }
    }

    /** Each cycle once, at the {@code from} of its channel declared first, with its whole path. */
    private void checkCycles(Map<String, String> edges) {
        Set<String> reported = new HashSet<>();
        for (String start : edges.keySet()) {
            List<String> path = new ArrayList<>();
            String channel = start;
            while (channel != null && !path.contains(channel) && !reported.contains(channel)) {
                path.add(channel);
                channel = edges.get(channel);
            }
            if (channel == null || reported.contains(channel)) {
                continue;
            }
            List<String> cycle = path.subList(path.indexOf(channel), path.size());
            reported.addAll(cycle);
            String first = cycle.stream()
                    .filter(edges::containsKey)
                    .min((a, b) -> Integer.compare(
                            sources.get(a).getStartMark().getIndex(),
                            sources.get(b).getStartMark().getIndex()))
                    .orElseThrow();
            List<String> steps = new ArrayList<>();
            String at = first;
            do {
                steps.add("'" + at + "' from '" + edges.get(at) + "'");
                at = edges.get(at);
            } while (!at.equals(first));
            nodes.problem(
                    sources.get(first),
                    "the promotions form a cycle: " + String.join(", ", steps) + "; none of them can ever move",
                    "let the first stage (such as 'canary') take no 'promote': "
                            + "it is moved by hand or by Renovate, and the others follow it");
        }
    }

    /**
     * A promotion that can no longer fire: its source already holds a version past the target's boundary, and a
     * promotion never crosses the boundary nor lowers a version, so the target stays where it is for good.
     */
    private void warnIfPast(Channel target, Promotion promotion, Channel source) {
        Version from = target.version();
        Version to = source.version();
        if (promotion.within().allows(from, to) || to.compareTo(from) < 0) {
            return;
        }
        nodes.warning(
                sources.get(target.name()),
                "channel '" + target.name() + "' is promoted from '"
                        + source.name() + "' within its " + promotion.within().word() + ", but '" + source.name()
                        + "' is on " + promotion.within().line(to) + ", past the "
                        + promotion.within().line(from) + " of '"
                        + target.name() + "': this promotion can no longer fire",
                "promote '" + target.name() + "' from a channel that stays on "
                        + promotion.within().line(from)
                        + ", or remove its 'promote' (or set 'within: any' to let it cross)");
    }

    private Optional<Duration> after(Node node) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.STR)) {
            Matcher matcher = DURATION.matcher(scalar.getValue());
            if (!scalar.getValue().isEmpty() && matcher.matches()) {
                Duration duration = Duration.ZERO;
                for (int unit = 0; unit < UNIT_SECONDS.length; unit++) {
                    if (matcher.group(unit + 1) != null) {
                        duration = duration.plusSeconds(Long.parseLong(matcher.group(unit + 1)) * UNIT_SECONDS[unit]);
                    }
                }
                if (duration.compareTo(Promotion.MIN_AFTER) < 0) {
                    nodes.problem(
                            node,
                            "'after' is " + scalar.getValue() + ", shorter than 1h",
                            "a soak is at least 1h, so a scheduled run can see the version served before it moves on: "
                                    + "write after: 1h or more");
                    return Optional.empty();
                }
                return Optional.of(duration);
            }
        }
        if (node instanceof ScalarNode scalar
                && (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))) {
            nodes.problem(
                    node,
                    "'after' is the number " + scalar.getValue() + ", not a duration",
                    DURATION_FIX + " (a number alone has no unit)");
            return Optional.empty();
        }
        nodes.problem(
                node,
                "'after' is " + (YamlNodes.isNull(node) ? "empty" : YamlNodes.shown(node)) + ", not a duration",
                DURATION_FIX);
        return Optional.empty();
    }
}
