// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.site;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Freeze;
import io.github.releasechannels.model.MaintenanceWindow;
import io.github.releasechannels.model.ManagedUpdates;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The promotion pipeline on the status page, from the declarations alone: each stage, the channel it takes its
 * version from, its soak and boundary, holds and freezes. The page is rendered from one commit, without the git
 * history, so it says so and leaves since when and when due to the promote goal's plan. Rendered only when the
 * file declares promotions, holds or freezes, so other pages stay as they were.
 */
final class PipelineSection {

    private PipelineSection() {}

    static void render(StringBuilder html, ChannelsConfig config) {
        Set<String> sources = new TreeSet<>();
        config.channels().forEach(channel -> channel.promotion().ifPresent(promotion -> sources.add(promotion.from())));
        List<Channel> shown = config.channels().stream()
                .filter(channel -> channel.promotion().isPresent()
                        || channel.hold().isPresent()
                        || sources.contains(channel.name()))
                .toList();
        if (shown.isEmpty() && config.freezes().isEmpty()) {
            return;
        }
        html.append("<h2>Promotions</h2>\n<p class=\"muted\">From the declarations alone: this page is rendered "
                + "from one commit without its git history, so it does not show since when each source has served "
                + "its version nor when a stage is due; <code>mvn release-channels:promote</code> prints that plan "
                + "(docs/promotions.md).</p>\n");
        if (!shown.isEmpty()) {
            html.append("<table>\n<thead><tr><th>Channel</th><th>Version</th><th>Takes the version of</th>"
                    + "<th>After</th><th>Within</th><th>Hold</th></tr></thead>\n<tbody>\n");
            for (Channel channel : shown) {
                html.append("<tr><td><code>")
                        .append(StatusPage.escape(channel.name()))
                        .append("</code></td><td>")
                        .append(StatusPage.escape(channel.version().toString()))
                        .append("</td>");
                channel.promotion()
                        .ifPresentOrElse(
                                promotion -> html.append("<td><code>")
                                        .append(StatusPage.escape(promotion.from()))
                                        .append("</code></td><td>")
                                        .append(after(promotion.after()))
                                        .append("</td><td>")
                                        .append(promotion.within().word())
                                        .append(promotion.prereleases() ? ", pre-releases too" : "")
                                        .append("</td>"),
                                () -> html.append("<td>moved by hand or by Renovate</td><td></td><td></td>"));
                html.append("<td>")
                        .append(channel.hold()
                                .map(hold -> "<span class=\"marker\">HELD</span> " + StatusPage.escape(hold.reason()))
                                .orElse(""))
                        .append("</td></tr>\n");
            }
            html.append("</tbody>\n</table>\n");
        }
        if (!config.freezes().isEmpty()) {
            html.append("<h3>Freezes</h3>\n<ul>\n");
            for (Freeze freeze : config.freezes()) {
                html.append("<li>")
                        .append(StatusPage.escape(freeze.reason()))
                        .append(": ")
                        .append(window(freeze.window()))
                        .append(" (line ")
                        .append(freeze.location().line())
                        .append(")</li>\n");
            }
            html.append("</ul>\n<p class=\"muted\">No promotion inside a freeze, and no hand change of a version "
                    + "that is not critical.</p>\n");
        }
    }

    /** A soak as channels.yaml writes it: {@code 7d}, {@code 48h}, {@code 90m}; days from 3 on, as the plan does. */
    private static String after(Duration after) {
        return after.toDays() >= 3 && after.toSeconds() % Duration.ofDays(1).toSeconds() == 0
                ? after.toDays() + "d"
                : ManagedUpdates.durationText(after);
    }

    private static String window(Freeze.Window window) {
        if (window instanceof Freeze.Period period) {
            return "from " + StatusPage.COMMIT_TIME.format(period.from()) + " until "
                    + StatusPage.COMMIT_TIME.format(period.until());
        }
        return "every "
                + ((Freeze.Weekdays) window)
                        .days().stream().map(MaintenanceWindow::dayName).collect(Collectors.joining(", "))
                + " (whole UTC days)";
    }
}
