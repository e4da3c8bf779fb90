// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import io.github.releasechannels.config.Problem;
import io.github.releasechannels.guard.ChannelPlan;
import io.github.releasechannels.guard.RolloutChange;
import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ChannelChange;
import io.github.releasechannels.model.ChannelState;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Freeze;
import io.github.releasechannels.model.ManagedUpdates;
import io.github.releasechannels.model.PipelineState;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.promote.PromotionPlan.Due;
import io.github.releasechannels.promote.PromotionPlan.Step;
import io.github.releasechannels.promote.PromotionPlan.UpToDate;
import io.github.releasechannels.promote.PromotionPlan.Waiting;
import io.github.releasechannels.promote.UtcTime;
import io.github.releasechannels.publish.PlannedChange;
import io.github.releasechannels.publish.PublishReport;
import io.github.releasechannels.text.LogText;
import io.github.releasechannels.verify.ChannelResult;
import io.github.releasechannels.verify.VerifyReport;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Markdown job summary appended to {@code $GITHUB_STEP_SUMMARY}: whether channels.yaml is valid, every
 * problem, the channels with old → new values and a critical marker, the v2 rollout, what was published and what
 * verify read.
 */
public final class GitHubSummary {

    /** Characters Markdown gives a meaning; a backslash before each makes it literal. */
    private static final String MARKDOWN_PUNCTUATION = "\\`*_[]|#~!";
    /** What a code span shows as written: no backtick, pipe, angle bracket, ampersand, space at the ends. */
    private static final Pattern CODE_SAFE = Pattern.compile("[A-Za-z0-9._/:@+=,-][A-Za-z0-9._/:@+=, -]*");

    /** Shown beside a channel whose agents update outside the maintenance window. */
    static final String CRITICAL_MARKER = "🚨 yes";

    private GitHubSummary() {}

    public static String markdown(RunReport report) {
        StringBuilder md = new StringBuilder();
        boolean refused = report.plan().map(plan -> !plan.refused().isEmpty()).orElse(false);
        String verdict = !report.valid()
                ? "❌ " + code(report.file()) + " is not valid"
                : refused
                        ? "❌ " + code(report.file()) + " is valid but cannot be published: agents would downgrade"
                        : report.succeeded()
                                ? "✅ " + code(report.file()) + " is valid"
                                : "❌ " + code(report.file()) + " is valid, but release-channels:" + report.goal()
                                        + " failed";
        md.append("### ").append(verdict).append("\n\n");
        report.source()
                .ifPresent(source -> source.commit()
                        .ifPresent(commit -> md.append("From commit ")
                                .append(code(commit))
                                .append(source.uncommittedChanges() ? ", with uncommitted changes" : "")
                                .append(", by `release-channels:")
                                .append(report.goal())
                                .append("`.\n\n")));
        report.source()
                .flatMap(Source::rollback)
                .ifPresent(rollback -> md.append("⏪ **This is a ")
                        .append(text(rollback.describe()))
                        .append("**.\n\n"));
        List<Finding> findings = report.findings();
        if (!findings.isEmpty()) {
            md.append("| | Where | What | How to fix |\n|---|---|---|---|\n");
            for (Finding finding : findings) {
                Problem problem = finding.problem();
                md.append("| ")
                        .append(finding.severity() == Severity.ERROR ? "❌" : "⚠️")
                        .append(" | ")
                        .append(code(problem.location().toString()))
                        .append(" | ")
                        .append(text(problem.message()))
                        .append(" | ")
                        .append(text(problem.fix()))
                        .append(" |\n");
            }
            md.append('\n');
        }
        channels(report, md);
        report.rollout()
                .ifPresent(rollout ->
                        rollout(rollout, report.plan().map(ChannelPlan::rollout).orElse(List.of()), md));
        report.promotions()
                .ifPresent(promotions -> promotions(promotions, report.config().orElseThrow(), md));
        report.publish().ifPresent(publish -> publish(publish, md));
        report.verify().ifPresent(verify -> verify(verify, md));
        report.failure()
                .ifPresent(failure -> md.append("**Failed:** ")
                        .append(Arrays.stream(failure.split("\\R"))
                                .map(GitHubSummary::text)
                                .collect(Collectors.joining("<br>")))
                        .append("\n\n"));
        return md.toString();
    }

    private static void channels(RunReport report, StringBuilder md) {
        if (report.plan().isPresent()) {
            md.append("**Channels**, compared with what is ")
                    .append(text(report.plan().get().origin()))
                    .append(":\n\n| Channel | Version | Critical | Change |\n|---|---|---|---|\n");
            for (ChannelChange change : report.plan().get().changes()) {
                md.append("| ")
                        .append(code(change.name()))
                        .append(" | ")
                        .append(values(change, ChannelState::version))
                        .append(" | ")
                        .append(values(change, state -> critical(state.critical())))
                        .append(" | ")
                        .append(kind(change))
                        .append(" |\n");
            }
            md.append('\n');
        } else if (report.config().isPresent()) {
            md.append("**Channels**:\n\n| Channel | Version | Critical |\n|---|---|---|\n");
            for (Channel channel : report.config().get().channels()) {
                md.append("| ")
                        .append(code(channel.name()))
                        .append(" | ")
                        .append(channel.version())
                        .append(" | ")
                        .append(critical(channel.critical()))
                        .append(" |\n");
            }
            md.append('\n');
        }
    }

    /** Old → new; a version read from a target is any text, so each is shown as {@link #text}. */
    private static String values(ChannelChange change, java.util.function.Function<ChannelState, String> value) {
        Optional<String> before = change.before().map(value).map(GitHubSummary::text);
        Optional<String> after = change.after().map(value).map(GitHubSummary::text);
        if (after.isEmpty()) {
            return "~~" + before.orElseThrow() + "~~";
        }
        if (before.isEmpty() || before.equals(after)) {
            return after.get();
        }
        return before.get() + " → **" + after.get() + "**";
    }

    private static String kind(ChannelChange change) {
        return switch (change.kind()) {
            case ADDED -> "added";
            case REMOVED -> "removed";
            case CHANGED -> "**changed**";
            case UNCHANGED -> "unchanged";
        };
    }

    private static String critical(boolean critical) {
        return critical ? CRITICAL_MARKER : "no";
    }

    private static void rollout(ManagedUpdates rollout, List<RolloutChange> changes, StringBuilder md) {
        md.append("**Rollout** (Managed Updates v2): ")
                .append(text(rollout.mode().word()))
                .append(", ")
                .append(text(rollout.strategy().word()))
                .append(", ")
                .append(text(rollout.startVersion().toString()))
                .append(" → ")
                .append(text(rollout.targetVersion().version().toString()))
                .append("\n\n");
        if (!changes.isEmpty()) {
            md.append("| Version | Published | channels.yaml |\n|---|---|---|\n");
            for (RolloutChange change : changes) {
                Optional<String> after = change.after().map(Object::toString);
                md.append("| ")
                        .append(text(change.subject()))
                        .append(" | ")
                        .append(change.before().map(GitHubSummary::text).orElse("—"))
                        .append(" | ")
                        .append(after.map(GitHubSummary::text)
                                .map(version -> change.changed() ? "**" + version + "**" : version)
                                .orElse("—"))
                        .append(" |\n");
            }
            md.append('\n');
        }
        if (!rollout.groups().isEmpty()) {
            md.append("| Group | Days | Start (UTC) | Wait | Canaries |\n|---|---|---|---|---|\n");
            for (ManagedUpdates.Group group : rollout.groups()) {
                md.append("| ")
                        .append(code(group.name()))
                        .append(" | ")
                        .append(text(String.join(", ", group.dayNames())))
                        .append(" | ")
                        .append(String.format("%02d:00", group.startHour()))
                        .append(" | ")
                        .append(group.waitHours())
                        .append(" h | ")
                        .append(group.canaryCount())
                        .append(" |\n");
            }
            md.append('\n');
        }
    }

    /**
     * Each stage at the run's instant: its version, its source's, since when, what it waits for now and when it is
     * due; then holds and freezes, a freeze in force now marked.
     */
    private static void promotions(PromotionsReport promotions, ChannelsConfig config, StringBuilder md) {
        Map<String, Step> steps = new HashMap<>();
        promotions.plan().steps().forEach(step -> steps.put(step.channel(), step));
        md.append("**Promotions** at ")
                .append(UtcTime.at(promotions.plan().at()))
                .append(
                        promotions.servingChecked()
                                ? ":\n\n"
                                : " (what a promote run would do, without checking what the site serves):\n\n");
        promotions
                .pipeline()
                .historyUnavailable()
                .ifPresent(why -> md.append("Since when each source has had its version is not known: ")
                        .append(text(why))
                        .append(".\n\n"));
        if (!promotions.pipeline().stages().isEmpty()) {
            md.append("| Stage | Version | Source | Since | Now | Due |\n|---|---|---|---|---|---|\n");
            for (PipelineState.Stage stage : promotions.pipeline().stages()) {
                Step step = steps.get(stage.channel());
                md.append("| ")
                        .append(code(stage.channel()))
                        .append(" | ")
                        .append(text(stage.version().toString()))
                        .append(" | ")
                        .append(code(stage.source()))
                        .append(' ')
                        .append(text(stage.sourceVersion().toString()))
                        .append(" | ")
                        .append(stage.since()
                                .map(since -> UtcTime.at(since.at()) + " " + code(since.shortCommit()))
                                .orElse("—"))
                        .append(" | ")
                        .append(now(step))
                        .append(" | ")
                        .append(due(step, stage))
                        .append(" |\n");
            }
            md.append('\n');
        }
        config.channels().stream()
                .filter(channel -> channel.hold().isPresent())
                .forEach(channel -> md.append("- ✋ ")
                        .append(code(channel.name()))
                        .append(" is held: ")
                        .append(text(channel.hold().orElseThrow().reason()))
                        .append(" (line ")
                        .append(channel.hold().orElseThrow().location().line())
                        .append(")\n"));
        for (Freeze freeze : config.freezes()) {
            md.append("- 🧊 freeze ")
                    .append(text(freeze.reason()))
                    .append(": ")
                    .append(text(freeze.windowText()))
                    .append(" (line ")
                    .append(freeze.location().line())
                    .append(')')
                    .append(freeze.covers(promotions.plan().at()) ? ", **in force now**" : "")
                    .append('\n');
        }
        if (config.freezes().size()
                        + config.channels().stream()
                                .filter(c -> c.hold().isPresent())
                                .count()
                > 0) {
            md.append('\n');
        }
    }

    private static String now(Step step) {
        if (step instanceof Due due) {
            return "🚀 due: " + text(due.from() + " → " + due.to());
        }
        if (step instanceof Waiting waiting) {
            return "⏳ " + text(waiting.why());
        }
        return "✅ has " + code(step.source()) + "'s "
                + text(((UpToDate) step).version().toString());
    }

    /** When the stage is due at the run's instant; a time that waits for a person is none. */
    private static String due(Step step, PipelineState.Stage stage) {
        if (step instanceof Due) {
            return "now";
        }
        if (step instanceof Waiting waiting) {
            return waiting.due().map(UtcTime::due).orElse("—");
        }
        return stage.due().map(UtcTime::due).orElse("—");
    }

    private static void publish(PublishReport publish, StringBuilder md) {
        md.append(publish.dryRun() ? "**Dry run**, nothing changed on " : "**Published** to ")
                .append(text(publish.target()))
                .append(": ")
                .append(publish.plan().count(PlannedChange.Action.ADD))
                .append(" added, ")
                .append(publish.plan().count(PlannedChange.Action.UPDATE))
                .append(" updated, ")
                .append(publish.plan().count(PlannedChange.Action.DELETE))
                .append(" deleted, ")
                .append(publish.plan().count(PlannedChange.Action.UNCHANGED))
                .append(" unchanged");
        long headers = publish.plan().count(PlannedChange.Action.UPDATE_HEADERS);
        if (headers > 0) {
            md.append(", ").append(headers).append(" with new headers");
        }
        md.append(".\n\n");
    }

    private static void verify(VerifyReport verify, StringBuilder md) {
        md.append("**Verify** ")
                .append(text(verify.summary()))
                .append(":\n\n| Channel | Result | Served |\n")
                .append("|---|---|---|\n");
        for (ChannelResult result : verify.results()) {
            md.append("| ")
                    .append(code(result.name()))
                    .append(" | ")
                    .append(result.status() == ChannelResult.Status.IN_SYNC ? "✅ " : "❌ ")
                    .append(result.status().label())
                    .append(" | ")
                    .append(text(result.detail()))
                    .append(" |\n");
        }
        md.append('\n');
    }

    /**
     * Text from outside (a file, a target, a server) shown literally: escaped by {@link LogText#escape} (so a CR or
     * LF cannot end a table row), then HTML's {@code & < >} as entities and Markdown's punctuation with a backslash,
     * so it can open no tag, heading, link, emphasis, code span or table cell.
     */
    static String text(String value) {
        String escaped = LogText.escape(value);
        StringBuilder out = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> {
                    if (MARKDOWN_PUNCTUATION.indexOf(c) >= 0) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
        return out.toString();
    }

    /**
     * A name or place as a code span, when it is made of characters that need no escaping there (channel names,
     * commit ids, file paths); anything else, e.g. a channel name read from a target's manifest, as {@link #text}.
     */
    static String code(String value) {
        return CODE_SAFE.matcher(value).matches() ? "`" + value + "`" : text(value);
    }
}
