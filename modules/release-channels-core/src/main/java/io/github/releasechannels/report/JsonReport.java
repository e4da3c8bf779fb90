// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import static io.github.releasechannels.site.JsonOutput.Layout.INLINE;
import static io.github.releasechannels.site.JsonOutput.Layout.LINES;

import io.github.releasechannels.config.Problem;
import io.github.releasechannels.guard.ChannelPlan;
import io.github.releasechannels.guard.Downgrade;
import io.github.releasechannels.guard.RolloutChange;
import io.github.releasechannels.model.ChannelChange;
import io.github.releasechannels.model.ChannelState;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Freeze;
import io.github.releasechannels.model.MaintenanceWindow;
import io.github.releasechannels.model.ManagedUpdates;
import io.github.releasechannels.model.PipelineState;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.promote.PromotionPlan.Due;
import io.github.releasechannels.promote.PromotionPlan.Step;
import io.github.releasechannels.promote.PromotionPlan.Waiting;
import io.github.releasechannels.publish.PlannedChange;
import io.github.releasechannels.publish.PublishReport;
import io.github.releasechannels.site.JsonOutput;
import io.github.releasechannels.verify.ChannelResult;
import io.github.releasechannels.verify.VerifyReport;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * {@code release-channels-report.json}: the run report for any CI, in the format documented in docs/ci/report.md.
 * {@value #FORMAT} is raised only when a field changes meaning or goes away; new fields may appear in any version.
 */
public final class JsonReport {

    /** The report's format version. */
    public static final int FORMAT = 1;

    private JsonReport() {}

    public static String json(RunReport report) {
        JsonOutput json = new JsonOutput()
                .beginObject(LINES)
                .name("format")
                .number(FORMAT)
                .name("generator")
                .string("release-channels-maven-plugin")
                .name("goal")
                .string(report.goal())
                .name("succeeded")
                .bool(report.succeeded())
                .name("valid")
                .bool(report.valid())
                .name("file")
                .string(report.file());
        json.name("source");
        report.source().ifPresentOrElse(source -> source(json, source), json::nullValue);
        array(json.name("problems"), report.findings(), JsonReport::finding);
        json.name("plan");
        report.plan().ifPresentOrElse(plan -> plan(json, plan), json::nullValue);
        json.name("rollout");
        report.rollout().ifPresentOrElse(rollout -> rollout(json, rollout), json::nullValue);
        json.name("publish");
        report.publish().ifPresentOrElse(publish -> publish(json, publish), json::nullValue);
        json.name("verify");
        report.verify().ifPresentOrElse(verify -> verify(json, verify), json::nullValue);
        json.name("promotions");
        report.promotions()
                .ifPresentOrElse(
                        promotions ->
                                promotions(json, promotions, report.config().orElseThrow()),
                        json::nullValue);
        return json.name("failure")
                .stringOrNull(report.failure().orElse(null))
                .endObject()
                .text();
    }

    /** An array with an item a line; {@code []} when empty. */
    private static <T> void array(JsonOutput json, List<T> items, BiConsumer<JsonOutput, T> item) {
        json.beginArray(LINES);
        items.forEach(value -> item.accept(json, value));
        json.endArray();
    }

    private static void source(JsonOutput json, Source source) {
        json.beginObject(INLINE)
                .name("file")
                .string(source.file())
                .name("commit")
                .stringOrNull(source.commit().orElse(null))
                .name("uncommitted_changes")
                .bool(source.uncommittedChanges())
                .name("rollback");
        source.rollback()
                .ifPresentOrElse(
                        r -> json.beginObject(INLINE)
                                .name("ref")
                                .string(r.ref())
                                .name("from_commit")
                                .string(r.fromCommit())
                                .name("to_commit")
                                .string(r.toCommit())
                                .endObject(),
                        json::nullValue);
        json.endObject();
    }

    private static void finding(JsonOutput json, Finding finding) {
        Problem problem = finding.problem();
        json.beginObject(INLINE)
                .name("severity")
                .string(finding.severity().word())
                .name("check")
                .string(finding.check())
                .name("file")
                .string(problem.location().file())
                .name("line")
                .number(problem.location().line())
                .name("column")
                .number(problem.location().column())
                .name("message")
                .string(problem.message())
                .name("fix")
                .string(problem.fix())
                .endObject();
    }

    private static void plan(JsonOutput json, ChannelPlan plan) {
        json.beginObject(LINES).name("compared_with").string(plan.origin());
        array(json.name("channels"), plan.changes(), JsonReport::change);
        array(json.name("managed_updates"), plan.rollout(), JsonReport::rolloutChange);
        array(json.name("downgrades"), plan.downgrades(), JsonReport::downgrade);
        json.endObject();
    }

    private static void change(JsonOutput json, ChannelChange change) {
        json.beginObject(INLINE)
                .name("name")
                .string(change.name())
                .name("change")
                .string(change.kind().name().toLowerCase(Locale.ROOT));
        state(json.name("before"), change.before());
        state(json.name("after"), change.after());
        line(json, change.location().map(location -> location.line()));
        json.endObject();
    }

    private static void line(JsonOutput json, Optional<Integer> line) {
        json.name("line");
        line.ifPresentOrElse(json::number, json::nullValue);
    }

    private static void rolloutChange(JsonOutput json, RolloutChange change) {
        json.beginObject(INLINE)
                .name("cluster")
                .string(change.cluster())
                .name("setting")
                .string(change.setting())
                .name("before")
                .stringOrNull(change.before().orElse(null))
                .name("after")
                .stringOrNull(change.after().map(Object::toString).orElse(null));
        line(json, change.location().map(location -> location.line()));
        json.endObject();
    }

    private static void state(JsonOutput json, Optional<ChannelState> state) {
        state.ifPresentOrElse(
                s -> json.beginObject(INLINE)
                        .name("version")
                        .string(s.version())
                        .name("critical")
                        .bool(s.critical())
                        .endObject(),
                json::nullValue);
    }

    private static void downgrade(JsonOutput json, Downgrade downgrade) {
        json.beginObject(INLINE)
                .name("channel")
                .stringOrNull(downgrade.channel().orElse(null))
                .name("setting")
                .string(downgrade.setting())
                .name("from")
                .string(downgrade.from().toString())
                .name("to")
                .string(downgrade.to().toString())
                .name("allowed_by")
                .stringOrNull(downgrade.allowedBy().orElse(null))
                .name("line")
                .number(downgrade.location().line())
                .name("column")
                .number(downgrade.location().column())
                .endObject();
    }

    private static void rollout(JsonOutput json, ManagedUpdates rollout) {
        json.beginObject(LINES)
                .name("mode")
                .string(rollout.mode().word())
                .name("strategy")
                .string(rollout.strategy().word())
                .name("start_version")
                .string(rollout.startVersion().toString())
                .name("target_version")
                .string(rollout.targetVersion().version().toString());
        array(json.name("groups"), rollout.groups(), (out, group) -> {
            out.beginObject(INLINE)
                    .name("name")
                    .string(group.name())
                    .name("days")
                    .beginArray(INLINE);
            group.dayNames().forEach(out::string);
            out.endArray()
                    .name("start_hour_utc")
                    .number(group.startHour())
                    .name("wait_hours")
                    .number(group.waitHours())
                    .name("canary_count")
                    .number(group.canaryCount())
                    .endObject();
        });
        json.endObject();
    }

    private static void publish(JsonOutput json, PublishReport publish) {
        List<PlannedChange> writes = publish.plan().steps().stream()
                .filter(step -> step.action().writes())
                .toList();
        json.beginObject(LINES)
                .name("target")
                .string(publish.target())
                .name("dry_run")
                .bool(publish.dryRun())
                .name("added")
                .number(publish.plan().count(PlannedChange.Action.ADD))
                .name("updated")
                .number(publish.plan().count(PlannedChange.Action.UPDATE))
                .name("headers_updated")
                .number(publish.plan().count(PlannedChange.Action.UPDATE_HEADERS))
                .name("deleted")
                .number(publish.plan().count(PlannedChange.Action.DELETE))
                .name("unchanged")
                .number(publish.plan().count(PlannedChange.Action.UNCHANGED))
                .name("bytes_written")
                .number(publish.bytesWritten());
        array(
                json.name("files"),
                writes,
                (out, step) -> out.beginObject(INLINE)
                        .name("action")
                        .string(step.action().name().toLowerCase(Locale.ROOT))
                        .name("path")
                        .string(step.path())
                        .endObject());
        json.endObject();
    }

    private static void verify(JsonOutput json, VerifyReport verify) {
        json.beginObject(LINES)
                .name("base_url")
                .string(verify.baseUrl().toString())
                .name("in_sync")
                .bool(verify.allInSync());
        array(
                json.name("channels"),
                verify.results(),
                (out, result) -> out.beginObject(INLINE)
                        .name("name")
                        .string(result.name())
                        .name("status")
                        .string(result.status().name().toLowerCase(Locale.ROOT))
                        .name("cause")
                        .stringOrNull(
                                result.cause() == ChannelResult.Cause.NONE
                                        ? null
                                        : result.cause().name().toLowerCase(Locale.ROOT))
                        .name("detail")
                        .string(result.detail())
                        .endObject());
        json.endObject();
    }

    private static void promotions(JsonOutput json, PromotionsReport promotions, ChannelsConfig config) {
        Map<String, Step> steps = new HashMap<>();
        promotions.plan().steps().forEach(step -> steps.put(step.channel(), step));
        Instant at = promotions.plan().at();
        json.beginObject(LINES)
                .name("at")
                .string(at.toString())
                .name("history_unavailable")
                .stringOrNull(promotions.pipeline().historyUnavailable().orElse(null))
                .name("source_serving_checked")
                .bool(promotions.servingChecked());
        array(json.name("stages"), promotions.pipeline().stages(), (out, stage) -> stage(out, stage, steps));
        array(
                json.name("holds"),
                config.channels().stream().filter(c -> c.hold().isPresent()).toList(),
                (out, channel) -> out.beginObject(INLINE)
                        .name("channel")
                        .string(channel.name())
                        .name("reason")
                        .string(channel.hold().orElseThrow().reason())
                        .name("line")
                        .number(channel.hold().orElseThrow().location().line())
                        .endObject());
        array(json.name("freezes"), config.freezes(), (out, freeze) -> freeze(out, freeze, at));
        json.endObject();
    }

    private static void stage(JsonOutput json, PipelineState.Stage stage, Map<String, Step> steps) {
        json.beginObject(INLINE)
                .name("channel")
                .string(stage.channel())
                .name("version")
                .string(stage.version().toString())
                .name("source")
                .string(stage.source())
                .name("source_version")
                .string(stage.sourceVersion().toString())
                .name("after_seconds")
                .number(stage.promotion().after().toSeconds())
                .name("within")
                .string(stage.promotion().within().word())
                .name("prereleases")
                .bool(stage.promotion().prereleases())
                .name("since")
                .stringOrNull(stage.since().map(since -> since.at().toString()).orElse(null))
                .name("since_commit")
                .stringOrNull(stage.since().map(PipelineState.Since::commit).orElse(null))
                .name("status")
                .string(stage.status().name().toLowerCase(Locale.ROOT))
                .name("why")
                .string(stage.why())
                .name("due")
                .stringOrNull(stage.due().map(Instant::toString).orElse(null))
                .name("now");
        Step step = steps.get(stage.channel());
        json.beginObject(INLINE)
                .name("step")
                .string(step instanceof Due ? "due" : step instanceof Waiting ? "waiting" : "up_to_date")
                .name("waits_for")
                .stringOrNull(
                        step instanceof Waiting waiting
                                ? waiting.reason().name().toLowerCase(Locale.ROOT)
                                : null)
                .name("due")
                .stringOrNull(
                        step instanceof Waiting waiting
                                ? waiting.due().map(Instant::toString).orElse(null)
                                : null)
                .name("message")
                .string(step.describe())
                .endObject()
                .endObject();
    }

    private static void freeze(JsonOutput json, Freeze freeze, Instant at) {
        json.beginObject(INLINE).name("reason").string(freeze.reason());
        if (freeze.window() instanceof Freeze.Period period) {
            json.name("from")
                    .string(period.from().toString())
                    .name("until")
                    .string(period.until().toString())
                    .name("weekdays")
                    .nullValue();
        } else {
            json.name("from")
                    .nullValue()
                    .name("until")
                    .nullValue()
                    .name("weekdays")
                    .beginArray(INLINE);
            ((Freeze.Weekdays) freeze.window()).days().forEach(day -> json.string(MaintenanceWindow.dayName(day)));
            json.endArray();
        }
        json.name("line")
                .number(freeze.location().line())
                .name("in_force")
                .bool(freeze.covers(at))
                .endObject();
    }
}
