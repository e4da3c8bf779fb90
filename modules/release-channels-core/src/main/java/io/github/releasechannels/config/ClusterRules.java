// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.Cluster;
import io.github.releasechannels.model.MaintenanceWindow;
import io.github.releasechannels.model.ManagedUpdates;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * The optional {@code clusters:} mapping: each cluster by name, with its own {@code managed_updates} section (read
 * by {@link ManagedUpdatesParser}, the same rules as the top-level one) and optional {@code maintenance} (read by
 * {@link MaintenanceRules}).
 */
final class ClusterRules {

    /**
     * A DNS label (RFC 1123), as Kubernetes names its namespaces: it is a directory of the resources, a CI job name
     * and a key of the manifest, safe in all three and on every file system.
     */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    static final int MAX_NAME_LENGTH = 63;
    private static final String NAME_RULE = "a cluster name is a DNS label: 1 to 63 lower-case letters, digits and "
            + "'-', starting and ending with a letter or digit, such as 'staging' or 'prod-eu'";

    private final YamlNodes nodes;
    private final Optional<Map<String, Channel>> channels;

    /** @param channels the channels by name, or empty when they had problems (then {@code follows} is not checked) */
    ClusterRules(YamlNodes nodes, Optional<Map<String, Channel>> channels) {
        this.nodes = nodes;
        this.channels = channels;
    }

    /**
     * @param entry            the {@code clusters:} entry of the top level
     * @param topLevelUpdates  the top-level {@code managed_updates:} entry, if any: it and clusters exclude each other
     * @return the clusters in file order; those with problems (reported) left out
     */
    List<Cluster> read(NodeTuple entry, Optional<NodeTuple> topLevelUpdates) {
        topLevelUpdates.ifPresent(section -> nodes.problem(
                section.getKeyNode(),
                "both a top-level " + "'managed_updates' and 'clusters' (line " + YamlNodes.line(entry.getKeyNode())
                        + ") are declared",
                "with clusters, each cluster has its own: move this section under the cluster it belongs to, such "
                        + "as 'clusters: {production: {managed_updates: …}}', or remove 'clusters' to keep one "
                        + "cluster with the top-level section"));
        Node value = entry.getValueNode();
        if (!(value instanceof MappingNode mapping) || mapping.getValue().isEmpty()) {
            nodes.problem(
                    YamlNodes.isNull(value) || value instanceof MappingNode ? entry.getKeyNode() : value,
                    "'clusters' is "
                            + (YamlNodes.isNull(value) || value instanceof MappingNode
                                    ? "empty"
                                    : "a " + YamlNodes.kind(value))
                            + ", not a mapping of clusters",
                    "name each cluster with its own 'managed_updates:' indented below it, such as 'clusters: "
                            + "{staging: {managed_updates: …}, production: {managed_updates: …}}', or remove "
                            + "'clusters:'; see docs/managed-updates-v2.md");
            return List.of();
        }
        nodes.checkTag(mapping);
        List<Cluster> clusters = new ArrayList<>();
        Map<String, Node> firstByName = new java.util.HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Optional<String> name = nodes.scalarKey(tuple);
            if (name.isEmpty()) {
                continue;
            }
            Node first = firstByName.putIfAbsent(name.get(), tuple.getKeyNode());
            if (first != null) {
                nodes.problem(
                        tuple.getKeyNode(),
                        "cluster '" + Problem.shorten(name.get()) + "' is declared twice (first at line "
                                + YamlNodes.line(first) + ")",
                        "remove one of them");
                continue;
            }
            boolean named = checkName(name.get(), tuple.getKeyNode());
            cluster(name.get(), tuple).filter(cluster -> named).ifPresent(clusters::add);
        }
        return clusters;
    }

    private boolean checkName(String name, Node keyNode) {
        if (name.isEmpty()) {
            nodes.problem(keyNode, "a cluster name is empty", NAME_RULE);
            return false;
        }
        if (name.length() > MAX_NAME_LENGTH) {
            nodes.problem(
                    keyNode,
                    "cluster name '" + Problem.shorten(name) + "' is " + name.length() + " characters long, more than "
                            + MAX_NAME_LENGTH,
                    NAME_RULE);
            return false;
        }
        if (LABEL.matcher(name).matches()) {
            return true;
        }
        Optional<String> invisible = YamlNodes.invisibleCharacter(name);
        String lower = name.toLowerCase(Locale.ROOT);
        if (invisible.isPresent()) {
            nodes.problem(
                    keyNode,
                    "cluster name '" + Problem.shorten(name) + "' has " + invisible.get(),
                    "remove it: " + NAME_RULE);
        } else if (!lower.equals(name) && LABEL.matcher(lower).matches()) {
            nodes.problem(
                    keyNode,
                    "cluster name '" + Problem.shorten(name) + "' has upper-case letters",
                    "did you mean '" + lower + "'? " + Character.toUpperCase(NAME_RULE.charAt(0))
                            + NAME_RULE.substring(1));
        } else {
            nodes.problem(
                    keyNode,
                    "cluster name '" + Problem.shorten(name) + "' is not a DNS label" + firstBadCharacter(name),
                    NAME_RULE);
        }
        return false;
    }

    /** Where the name first breaks the label rule, with the character's code point so no look-alike hides it. */
    private static String firstBadCharacter(String name) {
        if (name.startsWith("-") || name.endsWith("-")) {
            return ": it " + (name.startsWith("-") ? "starts" : "ends") + " with '-'";
        }
        for (int i = 0, position = 1; i < name.length(); position++) {
            int c = name.codePointAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return String.format(": '%s' (U+%04X) at position %d", Character.toString(c), c, position);
            }
            i += Character.charCount(c);
        }
        return "";
    }

    private Optional<Cluster> cluster(String name, NodeTuple tuple) {
        String shown = Problem.shorten(name);
        Node value = tuple.getValueNode();
        if (!(value instanceof MappingNode mapping)) {
            nodes.problem(
                    YamlNodes.isNull(value) ? tuple.getKeyNode() : value,
                    "cluster '" + shown + "' is " + (YamlNodes.isNull(value) ? "empty" : "a " + YamlNodes.kind(value))
                            + ", not a mapping",
                    "write its 'managed_updates:' (and optionally 'maintenance:') indented below the cluster's "
                            + "name; see docs/managed-updates-v2.md");
            return Optional.empty();
        }
        Optional<KeySchema.Keys> sectionKeys =
                Optional.of(KeySchema.CLUSTER.keys(mapping, "in cluster '" + shown + "'", nodes));
        KeySchema.Keys keys = sectionKeys.get();
        Optional<NodeTuple> maintenanceEntry = Optional.ofNullable(keys.get("maintenance"));
        Optional<MaintenanceWindow> maintenance = maintenanceEntry.flatMap(new MaintenanceRules(nodes)::read);
        Optional<ManagedUpdates> updates = nodes.required(
                        keys,
                        "managed_updates",
                        tuple.getKeyNode(),
                        "cluster '" + shown + "'",
                        "add its 'managed_updates:' section (mode, start_version and "
                                + "target_version or follows), the rollout rendered for this cluster")
                .flatMap(node ->
                        new ManagedUpdatesParser(nodes, channels).read(keys.get("managed_updates"), maintenanceEntry));
        if (maintenanceEntry.isPresent() && maintenance.isEmpty()) {
            return Optional.empty();
        }
        return updates.map(section -> new Cluster(name, section, maintenance, nodes.at(tuple.getKeyNode())));
    }
}
