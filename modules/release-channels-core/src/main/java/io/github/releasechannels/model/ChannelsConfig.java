// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.model;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated content of a {@code channels.yaml}: every channel, sorted by name, the optional maintenance
 * window (Managed Updates v1), the optional top-level {@code managed_updates} section (v2), the freezes, in file
 * order, and the named clusters, each with its own {@code managed_updates}, in file order. A file has either the
 * top-level section or clusters, never both.
 */
public record ChannelsConfig(
        List<Channel> channels,
        Optional<MaintenanceWindow> maintenance,
        Optional<ManagedUpdates> managedUpdates,
        List<Freeze> freezes,
        List<Cluster> clusters) {

    /** The name the top-level {@code managed_updates} section is recorded under, as a cluster's name is. */
    public static final String TOP_LEVEL_CLUSTER = "default";

    public ChannelsConfig {
        channels = channels.stream().sorted(Comparator.comparing(Channel::name)).toList();
        freezes = List.copyOf(freezes);
        clusters = List.copyOf(clusters);
        if (managedUpdates.isPresent() && !clusters.isEmpty()) {
            throw new IllegalArgumentException("a top-level managed_updates and clusters exclude each other");
        }
    }

    /** A configuration without named clusters. */
    public ChannelsConfig(
            List<Channel> channels,
            Optional<MaintenanceWindow> maintenance,
            Optional<ManagedUpdates> managedUpdates,
            List<Freeze> freezes) {
        this(channels, maintenance, managedUpdates, freezes, List.of());
    }

    /**
     * Every Managed Updates v2 rollout by the cluster it is recorded under, in file order: each named cluster's, or
     * the top-level section's as {@value #TOP_LEVEL_CLUSTER}; empty when none is declared.
     */
    public Map<String, ManagedUpdates> rollouts() {
        Map<String, ManagedUpdates> rollouts = new LinkedHashMap<>();
        managedUpdates.ifPresent(updates -> rollouts.put(TOP_LEVEL_CLUSTER, updates));
        clusters.forEach(cluster -> rollouts.put(cluster.name(), cluster.managedUpdates()));
        return rollouts;
    }

    /** A configuration without freezes. */
    public ChannelsConfig(
            List<Channel> channels, Optional<MaintenanceWindow> maintenance, Optional<ManagedUpdates> managedUpdates) {
        this(channels, maintenance, managedUpdates, List.of());
    }

    /** The channel called {@code name}, if declared. */
    public Optional<Channel> channel(String name) {
        // A binary search of the list sorted by name: a planner looks up every source of a thousand channels.
        int low = 0;
        int high = channels.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int order = channels.get(middle).name().compareTo(name);
            if (order == 0) {
                return Optional.of(channels.get(middle));
            }
            if (order < 0) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return Optional.empty();
    }

    /** A configuration without Managed Updates v2. */
    public ChannelsConfig(List<Channel> channels, Optional<MaintenanceWindow> maintenance) {
        this(channels, maintenance, Optional.empty());
    }
}
