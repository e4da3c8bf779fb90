// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.model;

import java.util.Optional;

/**
 * One Teleport cluster of the {@code clusters:} mapping: its own Managed Updates v2 rollout and optionally its own
 * v1 maintenance window, rendered to {@code release-channels-resources/<name>/}.
 *
 * @param name           a DNS label, so it is a safe directory name, job name and manifest key
 * @param managedUpdates the cluster's {@code managed_updates} section
 * @param maintenance    the cluster's {@code maintenance} section, for its {@code cmc.yaml}
 * @param location       where the cluster's name is declared
 */
public record Cluster(
        String name, ManagedUpdates managedUpdates, Optional<MaintenanceWindow> maintenance, SourceLocation location) {}
