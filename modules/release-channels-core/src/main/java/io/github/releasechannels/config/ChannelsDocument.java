// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Cluster;
import io.github.releasechannels.model.Freeze;
import io.github.releasechannels.model.MaintenanceWindow;
import io.github.releasechannels.model.ManagedUpdates;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * The top level of a channels file: a mapping of {@code channels}, {@code maintenance}, {@code managed_updates},
 * {@code freezes} and {@code clusters}, each read by its own rules, and the configuration they make together.
 */
final class ChannelsDocument {

    private final YamlNodes nodes;

    ChannelsDocument(YamlNodes nodes) {
        this.nodes = nodes;
    }

    /**
     * @param root the root node of the file's document, or empty when the file holds none
     * @return the configuration, or empty when a problem was reported
     */
    Optional<ChannelsConfig> read(Optional<Node> root) {
        if (root.isEmpty() || YamlNodes.isNull(root.get())) {
            nodes.fileProblem(
                    "the file is empty", "declare at least one channel under 'channels:'; " + YamlNodes.FORMAT_HINT);
            return Optional.empty();
        }
        if (!(root.get() instanceof MappingNode mapping)) {
            nodes.problem(
                    root.get(),
                    "the top level is a " + YamlNodes.kind(root.get()) + ", not a mapping",
                    "start the file with 'channels:'; " + YamlNodes.FORMAT_HINT);
            return Optional.empty();
        }
        KeySchema.Keys keys = KeySchema.ROOT.keys(mapping, "at the top level", nodes);
        List<Channel> channels = List.of();
        NodeTuple channelsEntry = keys.get("channels");
        int beforeChannels = nodes.problems.size();
        if (channelsEntry == null) {
            if (!keys.misspelled("channels")) {
                nodes.problem(
                        mapping,
                        "there is no 'channels:' mapping",
                        "add 'channels:' with at least one channel; " + YamlNodes.FORMAT_HINT);
            }
        } else {
            channels = new ChannelRules(nodes).read(channelsEntry);
        }
        // managed_updates may follow a channel only when the channels are sound.
        Optional<Map<String, Channel>> channelsByName =
                nodes.problems.size() == beforeChannels ? Optional.of(byName(channels)) : Optional.empty();
        Optional<NodeTuple> maintenanceEntry = Optional.ofNullable(keys.get("maintenance"));
        Optional<MaintenanceWindow> maintenance = maintenanceEntry.flatMap(new MaintenanceRules(nodes)::read);
        Optional<NodeTuple> managedUpdatesEntry = Optional.ofNullable(keys.get("managed_updates"));
        Optional<ManagedUpdates> managedUpdates = managedUpdatesEntry.flatMap(
                entry -> new ManagedUpdatesParser(nodes, channelsByName).read(entry, maintenanceEntry));
        List<Cluster> clusters = Optional.ofNullable(keys.get("clusters"))
                .map(entry -> new ClusterRules(nodes, channelsByName).read(entry, managedUpdatesEntry))
                .orElse(List.of());
        List<Freeze> freezes = Optional.ofNullable(keys.get("freezes"))
                .map(new FreezeRules(nodes)::read)
                .orElse(List.of());
        return nodes.problems.isEmpty()
                ? Optional.of(new ChannelsConfig(channels, maintenance, managedUpdates, freezes, clusters))
                : Optional.empty();
    }

    private static Map<String, Channel> byName(List<Channel> channels) {
        Map<String, Channel> byName = new TreeMap<>();
        channels.forEach(channel -> byName.put(channel.name(), channel));
        return byName;
    }
}
