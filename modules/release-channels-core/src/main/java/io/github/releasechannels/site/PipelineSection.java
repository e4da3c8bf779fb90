// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.site;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Freeze;
import io.github.releasechannels.model.ManagedUpdates;
import io.github.releasechannels.model.PipelineState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The promotion pipeline on the status page: each stage, the channel it takes its version from, its soak and
 * boundary, holds and freezes; and, with the history ({@link PipelineState}), since when each source has had its version,
 * what each stage waits for and when it is due. Nothing here depends on the time of publishing: the history up to
 * the published commit decides, so one commit always renders the same page; where a stage stands now is the promote
 * goal's plan and the job summary's. Rendered only when the file declares promotions, holds or freezes, so other
 * pages stay as they were.
 */
final class PipelineSection {

    private PipelineSection() {}

    static void render(StringBuilder html, ChannelsConfig config, Optional<PipelineState> pipeline) {
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
        html.append("<h2>Promotions</h2>\n");
        if (pipeline.isEmpty()) {
            html.append("<p class=\"muted\">From the declarations alone: this page is rendered from one commit "
                    + "without its git history, so it does not show since when each source has served its version "
                    + "nor when a stage is due; <code>mvn release-channels:promote</code> prints that plan "
                    + "(docs/promotions.md).</p>\n");
        }
        if (!shown.isEmpty()) {
            html.append(
                    "<table class=\"stack\">\n<thead><tr><th>Channel</th><th>Version</th><th>Takes the version of</th>"
                            + "<th>After</th><th>Within</th><th>Hold</th></tr></thead>\n<tbody>\n");
            for (Channel channel : shown) {
                html.append("<tr><td data-label=\"Channel\"><code>")
                        .append(StatusPage.escape(channel.name()))
                        .append("</code></td><td data-label=\"Version\">")
                        .append(StatusPage.escape(channel.version().toString()))
                        .append("</td>");
                channel.promotion()
                        .ifPresentOrElse(
                                promotion -> html.append("<td data-label=\"Takes the version of\"><code>")
                                        .append(StatusPage.escape(promotion.from()))
                                        .append("</code></td><td data-label=\"After\">")
                                        .append(after(promotion.after()))
                                        .append("</td><td data-label=\"Within\">")
                                        .append(promotion.within().word())
                                        .append(promotion.prereleases() ? ", pre-releases too" : "")
                                        .append("</td>"),
                                () -> html.append(
                                        "<td data-label=\"Takes the version of\">moved by hand or by Renovate</td>"
                                                + "<td></td><td></td>"));
                html.append(channel.hold().isPresent() ? "<td data-label=\"Hold\">" : "<td>")
                        .append(channel.hold()
                                .map(hold -> "<span class=\"marker\">HELD</span> " + StatusPage.escape(hold.reason()))
                                .orElse(""))
                        .append("</td></tr>\n");
            }
            html.append("</tbody>\n</table>\n");
        }
        pipeline.filter(p -> !p.stages().isEmpty()).ifPresent(p -> stages(html, p));
        if (!config.freezes().isEmpty()) {
            html.append("<h3>Freezes</h3>\n<ul>\n");
            for (Freeze freeze : config.freezes()) {
                html.append("<li>")
                        .append(StatusPage.escape(freeze.reason()))
                        .append(": ")
                        .append(freeze.windowText())
                        .append(" (line ")
                        .append(freeze.location().line())
                        .append(")</li>\n");
            }
            html.append("</ul>\n<p class=\"muted\">No promotion inside a freeze, and no hand change of a version "
                    + "that is not critical.</p>\n");
        }
    }

    /** Where each stage stands, from the history up to the published commit. */
    private static void stages(StringBuilder html, PipelineState pipeline) {
        html.append("<h3>Where each stage stands</h3>\n<p class=\"muted\">Read from the git history of the "
                + "channels file up to the published commit (first parents), not from the time of publishing: this "
                + "page stays the same until the next commit. At its due time a stage is moved by the first "
                + "scheduled promote run, unless a freeze applies then or its source is not yet served as git says; "
                + "<code>mvn release-channels:promote</code> and the CI job summary show where each stage stands "
                + "now.</p>\n");
        pipeline.historyUnavailable()
                .ifPresent(why -> html.append("<p class=\"warning\">Since when and when due are not shown: ")
                        .append(StatusPage.escape(why))
                        .append(".</p>\n"));
        // On a phone each row stacks its cells, each named by its column: six columns do not fit side by side.
        html.append("<table class=\"stack\">\n<thead><tr><th>Stage</th><th>Version</th><th>Source has</th>"
                + "<th>Since</th><th>Waits for</th><th>Due</th></tr></thead>\n<tbody>\n");
        for (PipelineState.Stage stage : pipeline.stages()) {
            html.append("<tr><td data-label=\"Stage\"><code>")
                    .append(StatusPage.escape(stage.channel()))
                    .append("</code></td><td data-label=\"Version\">")
                    .append(StatusPage.escape(stage.version().toString()))
                    .append("</td><td data-label=\"Source has\"><code>")
                    .append(StatusPage.escape(stage.source()))
                    .append("</code> ")
                    .append(StatusPage.escape(stage.sourceVersion().toString()))
                    .append("</td><td data-label=\"Since\">")
                    .append(stage.since()
                            .map(since ->
                                    time(since.at()) + " <code>" + StatusPage.escape(since.shortCommit()) + "</code>")
                            .orElse(""))
                    .append("</td><td data-label=\"Waits for\">")
                    .append(waitsFor(stage))
                    .append("</td><td data-label=\"Due\">")
                    .append(due(stage))
                    .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static String waitsFor(PipelineState.Stage stage) {
        String why = StatusPage.escape(stage.why());
        return switch (stage.status()) {
            case HAS_SOURCE_VERSION -> "nothing: it " + why;
            case HELD -> "<span class=\"marker\">HELD</span> " + why;
            case SOAKS -> "the soak: " + why;
            default -> why;
        };
    }

    private static String due(PipelineState.Stage stage) {
        return switch (stage.status()) {
            case HAS_SOURCE_VERSION -> "";
            case SOAKS -> stage.due().map(PipelineSection::time).orElse("never while every day is frozen");
            case UNPROVEN -> "not known";
            default -> "when a person acts";
        };
    }

    /** An instant a reader's browser can also read: {@code <time datetime="2026-12-09T10:00:00Z">}. */
    private static String time(Instant instant) {
        return "<time datetime=\"" + instant + "\">" + StatusPage.commitTime(instant) + "</time>";
    }

    /** A soak as channels.yaml writes it: {@code 7d}, {@code 48h}, {@code 90m}; days from 3 on, as the plan does. */
    private static String after(Duration after) {
        return after.toDays() >= 3 && after.toSeconds() % Duration.ofDays(1).toSeconds() == 0
                ? after.toDays() + "d"
                : ManagedUpdates.durationText(after);
    }
}
