// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.Hold;
import io.github.releasechannels.model.Promotion;
import io.github.releasechannels.model.SourceLocation;
import io.github.releasechannels.model.Version;
import io.github.releasechannels.site.SiteLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The {@code channels} section: each name a safe path of the site that no other channel or site file stands in the
 * way of, each channel with one version, its {@code critical} and {@code allow_downgrade} flags, and its
 * {@code promote} and {@code hold} ({@link PromotionRules}).
 */
final class ChannelRules {

    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    /** Names teams and Teleport use, suggested for a name that is not valid when no declared one is closer. */
    static final List<String> CONVENTIONAL_NAMES = List.of("current", "stable", "stable/cloud", "canary");

    private static final String SEGMENT_RULE = "each '/'-separated segment must start with a-z or 0-9 and contain "
            + "only a-z, 0-9, '.', '_' and '-', e.g. 'stable/cloud'";

    private final YamlNodes nodes;
    private final PromotionRules promotions;

    ChannelRules(YamlNodes nodes) {
        this.nodes = nodes;
        this.promotions = new PromotionRules(nodes);
    }

    /** The valid channels of the {@code channels:} entry, in file order, reporting every problem. */
    List<Channel> read(NodeTuple entry) {
        Node value = entry.getValueNode();
        if (YamlNodes.isNull(value)
                || (value instanceof MappingNode m && m.getValue().isEmpty())) {
            nodes.problem(
                    entry.getKeyNode(),
                    "'channels' declares no channel",
                    "add a channel, e.g. 'current:' with 'version: 14.2.1' indented below it");
            return List.of();
        }
        if (!(value instanceof MappingNode mapping)) {
            nodes.problem(
                    value,
                    "'channels' is a " + YamlNodes.kind(value) + ", not a mapping",
                    "list channels as 'name:' keys with 'version:' indented below each");
            return List.of();
        }
        List<Channel> channels = new ArrayList<>();
        Map<String, Node> firstByName = new HashMap<>();
        Set<String> validNames = new TreeSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && valid(key.getValue())) {
                validNames.add(key.getValue());
            }
        }
        List<NodeTuple> tuples = mapping.getValue();
        for (int i = 0; i < tuples.size(); i++) {
            NodeTuple tuple = tuples.get(i);
            if (misindented(tuple)) {
                reportMisindented(tuple, i > 0 ? Optional.of(tuples.get(i - 1)) : Optional.empty());
                continue;
            }
            Optional<String> name = nodes.scalarKey(tuple);
            if (name.isEmpty()) {
                continue;
            }
            boolean versionFollows = false;
            for (int j = i + 1; j < tuples.size() && misindented(tuples.get(j)); j++) {
                versionFollows |=
                        ((ScalarNode) tuples.get(j).getKeyNode()).getValue().equals("version");
            }
            Node first = firstByName.putIfAbsent(name.get(), tuple.getKeyNode());
            if (first != null) {
                nodes.duplicate(name.get(), tuple.getKeyNode(), first);
                continue;
            }
            boolean nameValid = checkName(name.get(), tuple.getKeyNode(), validNames);
            channel(name.get(), tuple, versionFollows)
                    .filter(channel -> nameValid)
                    .ifPresent(channels::add);
        }
        checkCollisions(firstByName);
        promotions.checkSources(firstByName.keySet(), channels);
        return channels;
    }

    private static boolean valid(String name) {
        return !name.isEmpty()
                && name.length() <= ChannelsFileParser.MAX_CHANNEL_NAME_LENGTH
                && Arrays.stream(name.split("/", -1))
                        .allMatch(segment -> SEGMENT.matcher(segment).matches());
    }

    private boolean checkName(String name, Node keyNode, Set<String> validNames) {
        int before = nodes.problems.size();
        if (name.isEmpty()) {
            nodes.problem(keyNode, "a channel name is empty", "write a name such as 'current'");
            return false;
        }
        if (name.length() > ChannelsFileParser.MAX_CHANNEL_NAME_LENGTH) {
            nodes.problem(
                    keyNode,
                    "channel name is " + name.length() + " characters long, more than "
                            + ChannelsFileParser.MAX_CHANNEL_NAME_LENGTH,
                    "use a shorter name");
        }
        Optional<String> invisible = YamlNodes.invisibleCharacter(name);
        if (invisible.isPresent()) {
            nodes.problem(
                    keyNode,
                    "channel name '" + Problem.shorten(name) + "' has " + invisible.get(),
                    "remove it: a channel name is a path of the site, e.g. 'stable/cloud', and logs and CI show it");
        } else if (!name.equals(name.toLowerCase(Locale.ROOT)) && valid(name.toLowerCase(Locale.ROOT))) {
            String lower = name.toLowerCase(Locale.ROOT);
            nodes.problem(
                    keyNode,
                    "channel name '" + Problem.shorten(name) + "' has upper-case letters",
                    "did you mean '" + lower + "'? Channel names are lower case: agents request them as paths, "
                            + "which are case-sensitive"
                            + (validNames.contains(lower)
                                    ? " ('" + lower + "' is declared too: remove one of them)"
                                    : ""));
        } else if (name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
            nodes.problem(
                    keyNode,
                    "channel name '" + Problem.shorten(name) + "' has an empty path segment",
                    "remove leading, trailing and doubled '/', e.g. 'stable/cloud'");
        } else {
            for (String segment : name.split("/", -1)) {
                if (!SEGMENT.matcher(segment).matches()) {
                    Set<String> known = new TreeSet<>(validNames);
                    known.addAll(CONVENTIONAL_NAMES);
                    nodes.problem(
                            keyNode,
                            "channel name '" + Problem.shorten(name) + "' has the segment '" + Problem.shorten(segment)
                                    + "'" + badCharacter(segment),
                            Suggestions.closest(name, known)
                                    .map(match -> "did you mean '" + match + "'? E" + SEGMENT_RULE.substring(1))
                                    .orElse(SEGMENT_RULE));
                    break;
                }
            }
        }
        return nodes.problems.size() == before;
    }

    /** Names the first character a segment may not have there, e.g. a Cyrillic letter that looks Latin. */
    private static String badCharacter(String segment) {
        for (int i = 0, position = 1; i < segment.length(); position++) {
            int codePoint = segment.codePointAt(i);
            boolean allowed = codePoint < 128
                    && (Character.isLowerCase(codePoint)
                            || Character.isDigit(codePoint)
                            || (i > 0 && (codePoint == '.' || codePoint == '_' || codePoint == '-')));
            if (!allowed) {
                return String.format(
                        " with %s (U+%04X) at position %d",
                        Character.isISOControl(codePoint)
                                ? "a control character"
                                : "'" + Character.toString(codePoint) + "'",
                        codePoint,
                        position);
            }
            i += Character.charCount(codePoint);
        }
        return "";
    }

    /** A channel whose directory would stand where another channel's file or a site file is. */
    private void checkCollisions(Map<String, Node> keyNodeByName) {
        for (Map.Entry<String, Node> entry : new TreeMap<>(keyNodeByName).entrySet()) {
            String name = entry.getKey();
            String root = name.split("/", 2)[0];
            if (SiteLayout.ROOT_FILES.contains(root)) {
                nodes.problem(
                        entry.getValue(),
                        "channel '" + name + "' would need a directory '" + root + "', which is a file of the site",
                        "rename the channel");
            }
            for (String file : List.of("version", "critical")) {
                int cut = name.lastIndexOf("/" + file);
                while (cut > 0) {
                    String owner = name.substring(0, cut);
                    boolean wholeSegment =
                            name.length() == cut + file.length() + 1 || name.charAt(cut + file.length() + 1) == '/';
                    if (wholeSegment && keyNodeByName.containsKey(owner)) {
                        nodes.problem(
                                entry.getValue(),
                                "channel '" + name
                                        + "' would need a directory where channel '" + owner + "' has its '" + file
                                        + "' file",
                                "rename one of the two channels");
                    }
                    cut = name.lastIndexOf("/" + file, cut - 1);
                }
            }
        }
    }

    /**
     * A channel's own key ({@code version: 14.2.1}) at the level of channel names, with a value that is no channel:
     * {@code version:} written under {@code current:} without indenting it.
     */
    private static boolean misindented(NodeTuple tuple) {
        return tuple.getKeyNode() instanceof ScalarNode key
                && !YamlNodes.isNull(key)
                && KeySchema.CHANNEL.known().contains(key.getValue())
                && !(tuple.getValueNode() instanceof MappingNode);
    }

    private void reportMisindented(NodeTuple tuple, Optional<NodeTuple> previous) {
        String key = ((ScalarNode) tuple.getKeyNode()).getValue();
        Optional<String> owner = previous.filter(p -> YamlNodes.isNull(p.getValueNode()))
                .map(NodeTuple::getKeyNode)
                .filter(ScalarNode.class::isInstance)
                .map(node -> "'" + ((ScalarNode) node).getValue() + ":' (line " + YamlNodes.line(node) + ")");
        nodes.problem(
                tuple.getKeyNode(),
                "'" + key + "' is at the level of channel names, not under a channel: it " + "looks mis-indented",
                "indent '" + key + ":' under " + owner.orElse("its channel")
                        + ", two spaces further than the channel's name");
    }

    /** @param versionFollows whether the next key is this channel's mis-indented version, reported on its own */
    private Optional<Channel> channel(String name, NodeTuple tuple, boolean versionFollows) {
        Node value = tuple.getValueNode();
        if (YamlNodes.isNull(value)) {
            if (!versionFollows) {
                nodes.problem(
                        tuple.getKeyNode(),
                        "channel '" + name + "' has no version",
                        "add 'version: 14.2.1' indented below it");
            }
            return Optional.empty();
        }
        if (!(value instanceof MappingNode mapping)) {
            nodes.problem(
                    value,
                    "channel '" + name + "' is a " + YamlNodes.kind(value) + ", not a mapping",
                    "write 'version:' (and optionally 'critical:') indented below '" + name + ":'");
            return Optional.empty();
        }
        KeySchema.Keys keys = KeySchema.CHANNEL.keys(mapping, "in channel '" + name + "'", nodes);
        Optional<Version> version = Optional.empty();
        NodeTuple versionEntry = keys.get("version");
        if (versionEntry == null) {
            // A misspelled 'version' was reported as such: saying the version is missing too would say it twice.
            if (!keys.misspelled("version")) {
                nodes.problem(
                        tuple.getKeyNode(),
                        "channel '" + name + "' has no version",
                        "add 'version: 14.2.1' indented below it");
            }
        } else {
            version = nodes.readVersion(
                    versionEntry.getValueNode(),
                    "the version of channel '" + name + "'",
                    "the version '%s' of channel '" + name + "'");
        }
        boolean critical = flag(keys, "critical");
        boolean allowDowngrade = flag(keys, "allow_downgrade");
        SourceLocation versionLocation =
                nodes.at(versionEntry == null ? tuple.getKeyNode() : versionEntry.getValueNode());
        Optional<Promotion> promotion =
                Optional.ofNullable(keys.get("promote")).flatMap(entry -> promotions.promotion(name, entry));
        Optional<Hold> hold = Optional.ofNullable(keys.get("hold")).flatMap(entry -> promotions.hold(name, entry));
        return version.map(v -> new Channel(
                name, v, critical, allowDowngrade, nodes.at(tuple.getKeyNode()), versionLocation, promotion, hold));
    }

    /** A boolean key of a channel, false when absent (or wrong, which is reported). */
    private boolean flag(KeySchema.Keys keys, String key) {
        NodeTuple entry = keys.get(key);
        return entry != null && nodes.readBoolean(entry.getValueNode(), key).orElse(false);
    }
}
