// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.site;

import io.github.releasechannels.model.ManagedUpdates;
import io.github.releasechannels.model.ManagedUpdates.Group;
import java.util.Locale;
import java.util.Optional;

/**
 * The Managed Updates v2 rollout on the status page: mode, strategy, start and target version, and the groups in
 * order with their days, hour, wait and canaries. A section of its own so the page's layout stays apart from it.
 */
final class RolloutSection {

    private RolloutSection() {}

    static void render(StringBuilder html, ManagedUpdates updates) {
        render(html, updates, Optional.empty());
    }

    /** @param cluster the named cluster whose rollout it is, whose directory of the resources holds its files */
    static void render(StringBuilder html, ManagedUpdates updates, Optional<String> cluster) {
        html.append(cluster.map(name -> "<h2>Managed Updates v2 rollout of cluster <code>" + StatusPage.escape(name)
                                + "</code></h2>\n")
                        .orElse("<h2>Managed Updates v2 rollout</h2>\n"))
                .append("<dl class=\"facts\">\n")
                .append("<dt>Mode</dt><dd>")
                .append(updates.mode().word())
                .append("</dd>\n")
                .append("<dt>Strategy</dt><dd>")
                .append(updates.strategy().word())
                .append(updates.maintenanceWindow()
                        .map(w -> ", each group's window lasts " + ManagedUpdates.durationText(w))
                        .orElse(""))
                .append("</dd>\n")
                .append("<dt>Schedule</dt><dd>")
                .append(updates.schedule().word())
                .append("</dd>\n")
                .append("<dt>Agents</dt><dd><code>")
                .append(StatusPage.escape(updates.startVersion().toString()))
                .append("</code> \u2192 <code>")
                .append(StatusPage.escape(updates.targetVersion().toString()))
                .append("</code></dd>\n");
        updates.tools()
                .ifPresent(tools -> html.append("<dt>Client tools</dt><dd>")
                        .append(tools.mode().word())
                        .append(", <code>")
                        .append(StatusPage.escape(tools.targetVersion().toString()))
                        .append("</code></dd>\n"));
        html.append("</dl>\n");
        if (updates.groups().isEmpty()) {
            html.append("<p>No groups declared: Teleport puts every agent in one group, from "
                    + "cluster_maintenance_config or its default (Mon\u2013Thu 12:00 UTC).</p>\n");
        } else {
            html.append("<table>\n<thead><tr><th>#</th><th>Group</th><th>Days</th><th>Start (UTC)</th>"
                    + "<th>Wait</th><th>Canaries</th></tr></thead>\n<tbody>\n");
            int position = 1;
            for (Group group : updates.groups()) {
                html.append("<tr><td>")
                        .append(position++)
                        .append("</td><td><code>")
                        .append(StatusPage.escape(group.name()))
                        .append("</code></td><td>")
                        .append(group.daysText())
                        .append("</td><td>")
                        .append(String.format(Locale.ROOT, "%02d:00", group.startHour()))
                        .append("</td><td>")
                        .append(group.waitHours())
                        .append(" h</td><td>")
                        .append(group.canaryCount())
                        .append("</td></tr>\n");
            }
            html.append("</tbody>\n</table>\n");
        }
        html.append("<p class=\"muted\">Applied to the cluster from release-channels-resources/"
                + cluster.map(name -> StatusPage.escape(name) + "/").orElse("") + " with "
                + "<code>tctl create -f autoupdate_config.yaml</code> and "
                + "<code>tctl create -f autoupdate_version.yaml</code>; not served by this site.</p>\n");
    }
}
