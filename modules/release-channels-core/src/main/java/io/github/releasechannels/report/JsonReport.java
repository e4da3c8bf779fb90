package io.github.releasechannels.report;

import static io.github.releasechannels.site.JsonText.quote;

import io.github.releasechannels.config.Problem;
import io.github.releasechannels.guard.ChannelPlan;
import io.github.releasechannels.guard.Downgrade;
import io.github.releasechannels.guard.RolloutChange;
import io.github.releasechannels.model.ChannelChange;
import io.github.releasechannels.model.ChannelState;
import io.github.releasechannels.model.ManagedUpdates;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.publish.PlannedChange;
import io.github.releasechannels.publish.PublishReport;
import io.github.releasechannels.verify.ChannelResult;
import io.github.releasechannels.verify.VerifyReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code release-channels-report.json}: the run report for any CI, in the format documented in docs/ci/report.md.
 * {@value #FORMAT} is raised only when a field changes meaning or goes away; new fields may appear in any version.
 */
public final class JsonReport {

    /** The report's format version. */
    public static final int FORMAT = 1;

    private JsonReport() {
    }

    public static String json(RunReport report) {
        List<String> fields = new ArrayList<>();
        fields.add(field("format", String.valueOf(FORMAT)));
        fields.add(field("generator", quote("release-channels-maven-plugin")));
        fields.add(field("goal", quote(report.goal())));
        fields.add(field("succeeded", String.valueOf(report.succeeded())));
        fields.add(field("valid", String.valueOf(report.valid())));
        fields.add(field("file", quote(report.file())));
        fields.add(field("source", report.source().map(JsonReport::source).orElse("null")));
        fields.add(field("problems", array(report.findings(), JsonReport::finding, "    ")));
        fields.add(field("plan", report.plan().map(JsonReport::plan).orElse("null")));
        fields.add(field("rollout", report.rollout().map(JsonReport::rollout).orElse("null")));
        fields.add(field("publish", report.publish().map(JsonReport::publish).orElse("null")));
        fields.add(field("verify", report.verify().map(JsonReport::verify).orElse("null")));
        fields.add(field("failure", report.failure().map(JsonReport::quoteOrNull).orElse("null")));
        return "{\n" + String.join(",\n", fields) + "\n}\n";
    }

    private static String field(String name, String value) {
        return "  " + quote(name) + ": " + value;
    }

    private static String quoteOrNull(String value) {
        return quote(value);
    }

    private static <T> String array(List<T> items, Function<T, String> render, String indent) {
        if (items.isEmpty()) {
            return "[]";
        }
        List<String> rendered = items.stream().map(item -> indent + render.apply(item)).toList();
        return "[\n" + String.join(",\n", rendered) + "\n" + indent.substring(2) + "]";
    }

    private static String source(Source source) {
        return "{\"file\": " + quote(source.file()) + ", \"commit\": " + source.commit().map(c -> quote(c))
                .orElse("null") + ", \"uncommitted_changes\": " + source.uncommittedChanges() + ", \"rollback\": "
                + source.rollback().map(r -> "{\"ref\": " + quote(r.ref()) + ", \"from_commit\": "
                        + quote(r.fromCommit()) + ", \"to_commit\": " + quote(r.toCommit()) + "}").orElse("null")
                + "}";
    }

    private static String finding(Finding finding) {
        Problem problem = finding.problem();
        return "{\"severity\": " + quote(finding.severity().word()) + ", \"check\": " + quote(finding.check())
                + ", \"file\": " + quote(problem.location().file()) + ", \"line\": " + problem.location().line()
                + ", \"column\": " + problem.location().column() + ", \"message\": " + quote(problem.message())
                + ", \"fix\": " + quote(problem.fix()) + "}";
    }

    private static String plan(ChannelPlan plan) {
        return "{\n    \"compared_with\": " + quote(plan.origin())
                + ",\n    \"channels\": " + array(plan.changes(), JsonReport::change, "      ")
                + ",\n    \"managed_updates\": " + array(plan.rollout(), JsonReport::rolloutChange, "      ")
                + ",\n    \"downgrades\": " + array(plan.downgrades(), JsonReport::downgrade, "      ")
                + "\n  }";
    }

    private static String change(ChannelChange change) {
        return "{\"name\": " + quote(change.name()) + ", \"change\": "
                + quote(change.kind().name().toLowerCase(Locale.ROOT)) + ", \"before\": " + state(change.before())
                + ", \"after\": " + state(change.after()) + ", \"line\": "
                + change.location().map(location -> String.valueOf(location.line())).orElse("null") + "}";
    }

    private static String rolloutChange(RolloutChange change) {
        return "{\"cluster\": " + quote(change.cluster()) + ", \"setting\": " + quote(change.setting())
                + ", \"before\": " + change.before().map(value -> quote(value)).orElse("null")
                + ", \"after\": " + change.after().map(version -> quote(version.toString())).orElse("null")
                + ", \"line\": " + change.location().map(location -> String.valueOf(location.line())).orElse("null")
                + "}";
    }

    private static String state(Optional<ChannelState> state) {
        return state.map(s -> "{\"version\": " + quote(s.version()) + ", \"critical\": " + s.critical() + "}")
                .orElse("null");
    }

    private static String downgrade(Downgrade downgrade) {
        return "{\"channel\": " + downgrade.channel().map(value -> quote(value)).orElse("null") + ", \"setting\": "
                + quote(downgrade.setting()) + ", \"from\": " + quote(downgrade.from().toString())
                + ", \"to\": " + quote(downgrade.to().toString()) + ", \"allowed_by\": "
                + downgrade.allowedBy().map(by -> quote(by)).orElse("null") + ", \"line\": "
                + downgrade.location().line() + ", \"column\": " + downgrade.location().column() + "}";
    }

    private static String rollout(ManagedUpdates rollout) {
        List<String> groups = rollout.groups().stream().map(group -> "{\"name\": " + quote(group.name())
                + ", \"days\": [" + String.join(", ", group.dayNames().stream().map(day -> quote(day)).toList())
                + "], \"start_hour_utc\": " + group.startHour() + ", \"wait_hours\": " + group.waitHours()
                + ", \"canary_count\": " + group.canaryCount() + "}").toList();
        return "{\n    \"mode\": " + quote(rollout.mode().word()) + ",\n    \"strategy\": "
                + quote(rollout.strategy().word())
                + ",\n    \"start_version\": " + quote(rollout.startVersion().toString())
                + ",\n    \"target_version\": " + quote(rollout.targetVersion().version().toString())
                + ",\n    \"groups\": " + array(groups, group -> group, "      ") + "\n  }";
    }

    private static String publish(PublishReport publish) {
        List<PlannedChange> writes = publish.plan().steps().stream().filter(step -> step.action().writes()).toList();
        return "{\n    \"target\": " + quote(publish.target()) + ",\n    \"dry_run\": " + publish.dryRun()
                + ",\n    \"added\": " + publish.plan().count(PlannedChange.Action.ADD)
                + ",\n    \"updated\": " + publish.plan().count(PlannedChange.Action.UPDATE)
                + ",\n    \"headers_updated\": " + publish.plan().count(PlannedChange.Action.UPDATE_HEADERS)
                + ",\n    \"deleted\": " + publish.plan().count(PlannedChange.Action.DELETE)
                + ",\n    \"unchanged\": " + publish.plan().count(PlannedChange.Action.UNCHANGED)
                + ",\n    \"bytes_written\": " + publish.bytesWritten()
                + ",\n    \"files\": " + array(writes, step -> "{\"action\": "
                        + quote(step.action().name().toLowerCase(Locale.ROOT)) + ", \"path\": " + quote(step.path())
                        + "}", "      ")
                + "\n  }";
    }

    private static String verify(VerifyReport verify) {
        return "{\n    \"base_url\": " + quote(verify.baseUrl().toString()) + ",\n    \"in_sync\": " + verify.allInSync()
                + ",\n    \"channels\": " + array(verify.results(), result -> "{\"name\": " + quote(result.name())
                        + ", \"status\": " + quote(result.status().name().toLowerCase(Locale.ROOT))
                        + ", \"cause\": " + (result.cause() == ChannelResult.Cause.NONE ? "null"
                                : quote(result.cause().name().toLowerCase(Locale.ROOT)))
                        + ", \"detail\": " + quote(result.detail()) + "}", "      ")
                + "\n  }";
    }
}
