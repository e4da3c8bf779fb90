// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The keys each mapping of a channels file may have, and the check of a mapping against them. The editor's schema,
 * docs/channels-yaml.schema.json, lists the same keys; KeySchemaTest keeps the two in step.
 */
final class KeySchema {

    static final KeySchema ROOT =
            new KeySchema(Set.of("channels", "maintenance", "managed_updates", "freezes", "clusters"));
    static final KeySchema CLUSTER = new KeySchema(Set.of("managed_updates", "maintenance"));
    static final KeySchema CHANNEL = new KeySchema(Set.of("version", "critical", "allow_downgrade", "promote", "hold"));
    static final KeySchema PROMOTE = new KeySchema(Set.of("from", "after", "within", "prereleases"));
    static final KeySchema FREEZE = new KeySchema(Set.of("from", "until", "weekdays", "reason"));
    static final KeySchema MAINTENANCE = new KeySchema(Set.of("utc_start_hour", "weekdays"));
    static final KeySchema MANAGED_UPDATES = new KeySchema(Set.of(
            "mode",
            "strategy",
            "maintenance_window",
            "schedule",
            "start_version",
            "target_version",
            "follows",
            "groups",
            "tools",
            "allow_downgrade"));
    static final KeySchema GROUP = new KeySchema(
            Set.of("name", "days", "start_hour", "wait_hours", "canary_count"),
            Map.of("wait_days", "Teleport replaced wait_days with wait_hours: write wait_hours (24 per day)"));
    static final KeySchema TOOLS = new KeySchema(Set.of("mode", "target_version", "follows"));

    private final Set<String> known;
    /** The fix for each key Teleport renamed, by its old name. */
    private final Map<String, String> renamed;

    private KeySchema(Set<String> known) {
        this(known, Map.of());
    }

    private KeySchema(Set<String> known, Map<String, String> renamed) {
        this.known = known;
        this.renamed = renamed;
    }

    /**
     * The keys of one mapping, by name, and the known keys that an unknown key of it was taken for (reported as
     * "did you mean"): a required key among those is not reported missing a second time.
     */
    record Keys(Map<String, NodeTuple> byName, Set<String> misspelled) {

        NodeTuple get(String key) {
            return byName.get(key);
        }

        /** Whether an unknown key was reported as a misspelling of {@code key}. */
        boolean misspelled(String key) {
            return misspelled.contains(key);
        }
    }

    /** The keys allowed. */
    Set<String> known() {
        return known;
    }

    /**
     * The keys of {@code mapping} by name, reporting every unknown key (with the closest known one, or the list of
     * them), renamed, duplicate and non-scalar key, and type tags on the mapping, its keys and its values.
     *
     * @param where where the mapping is, as messages say it, such as {@code in 'maintenance'}
     */
    Keys keys(MappingNode mapping, String where, YamlNodes nodes) {
        nodes.checkTag(mapping);
        Map<String, NodeTuple> byName = new LinkedHashMap<>();
        Set<String> misspelled = new TreeSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Optional<String> key = nodes.scalarKey(tuple);
            if (key.isEmpty()) {
                continue;
            }
            nodes.checkTag(tuple.getValueNode());
            if (!known.contains(key.get())) {
                Optional<String> meant =
                        renamed.containsKey(key.get()) ? Optional.empty() : Suggestions.closest(key.get(), known);
                meant.ifPresent(misspelled::add);
                nodes.problem(
                        tuple.getKeyNode(),
                        "unknown key '" + Problem.shorten(key.get()) + "' " + where,
                        meant.map(match -> "did you mean '" + match + "'?").orElseGet(() -> hint(key.get(), where)));
                continue;
            }
            NodeTuple first = byName.putIfAbsent(key.get(), tuple);
            if (first != null) {
                nodes.duplicate(key.get(), tuple.getKeyNode(), first.getKeyNode());
            }
        }
        return new Keys(byName, misspelled);
    }

    /**
     * The keys of a section such as {@code maintenance:}, checked as {@link #keys} does; empty when the section is
     * empty or not a mapping, which is reported.
     *
     * @param entry the section's entry, from {@link #keys}, so its key is a name
     * @param fix   how to write the section
     */
    Optional<Keys> section(NodeTuple entry, String fix, YamlNodes nodes) {
        String name = ((ScalarNode) entry.getKeyNode()).getValue();
        Node value = entry.getValueNode();
        if (!(value instanceof MappingNode mapping)) {
            nodes.problem(
                    YamlNodes.isNull(value) ? entry.getKeyNode() : value,
                    "'" + name + "' is " + (YamlNodes.isNull(value) ? "empty" : "a " + YamlNodes.kind(value))
                            + ", not a mapping",
                    fix);
            return Optional.empty();
        }
        return Optional.of(keys(mapping, "in '" + name + "'", nodes));
    }

    private String hint(String unknown, String where) {
        return renamed.containsKey(unknown)
                ? renamed.get(unknown)
                : "the keys allowed " + where + " are " + String.join(", ", new TreeSet<>(known));
    }
}
