// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import io.github.releasechannels.agent.BaseUrl;
import io.github.releasechannels.agent.InvalidBaseUrlException;
import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.guard.ChannelPlan;
import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.MaintenanceWindow;
import io.github.releasechannels.model.PipelineState;
import io.github.releasechannels.promote.Pipeline;
import io.github.releasechannels.promote.PromotionPlan;
import io.github.releasechannels.promote.UtcTime;
import io.github.releasechannels.proxy.ProxySettings;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.report.CiSystem;
import io.github.releasechannels.report.PlanText;
import io.github.releasechannels.report.PromotionsReport;
import io.github.releasechannels.report.ReportWriter;
import io.github.releasechannels.report.RunReport;
import io.github.releasechannels.source.ChannelsLoader;
import io.github.releasechannels.text.LogText;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One run of a goal: reads channels.yaml, does the goal's work, and writes the reports however the run ends. The
 * frame every use case shares, and what its steps share: the log, the report, the base URL, the proxies.
 */
final class GoalRun {

    /** The goal's own work on a validated configuration. */
    @FunctionalInterface
    interface Work {
        void on(ChannelsLoader.Loaded loaded, GoalRun run) throws UserProblemException, EnvironmentProblemException;
    }

    /** Work a goal starts before channels.yaml is read, to run beside reading it; closed however the run ends. */
    interface Beside extends AutoCloseable {
        /** Releases what the work holds, without waiting for it; never throws. */
        @Override
        void close();
    }

    /** Starts {@link Beside} work; must not throw: a failure is kept and reported where the goal needs the work. */
    @FunctionalInterface
    interface Start<T extends Beside> {
        T start(GoalRun run);
    }

    /** The goal's own work on a validated configuration, with what it started beside reading it. */
    @FunctionalInterface
    interface WorkBeside<T extends Beside> {
        void on(ChannelsLoader.Loaded loaded, GoalRun run, T started)
                throws UserProblemException, EnvironmentProblemException;
    }

    private final RunSettings settings;
    private final RunEnvironment environment;
    private final RunReport.Builder report;
    private ProxySettings proxies;

    private GoalRun(RunSettings settings, RunEnvironment environment, RunReport.Builder report) {
        this.settings = settings;
        this.environment = environment;
        this.report = report;
    }

    /**
     * Runs {@code work} for {@code goal}: loads the channels file, records what happens in the run report and
     * writes the reports, also when it fails.
     *
     * @return the report of the run, as written
     */
    static RunReport run(Goal goal, RunSettings settings, RunEnvironment environment, Work work)
            throws UserProblemException, EnvironmentProblemException {
        return run(goal, settings, environment, run -> () -> {}, (loaded, run, nothing) -> work.on(loaded, run));
    }

    /**
     * As {@link #run(Goal, RunSettings, RunEnvironment, Work)}, with {@code beside} started before the channels file
     * is read, so that work independent of it (opening a target) overlaps reading and rendering. A problem in the
     * file is reported whatever the work beside does, and the work is closed however the run ends.
     */
    static <T extends Beside> RunReport run(
            Goal goal, RunSettings settings, RunEnvironment environment, Start<T> beside, WorkBeside<T> work)
            throws UserProblemException, EnvironmentProblemException {
        CiSystem ciSystem;
        try {
            ciSystem = CiSystem.resolve(settings.ci(), environment.environment());
        } catch (IllegalArgumentException e) {
            throw new UserProblemException(e.getMessage(), e);
        }
        ChannelsLoader loader = new ChannelsLoader(settings.projectDirectory());
        GoalRun run = new GoalRun(
                settings,
                environment,
                new RunReport.Builder(
                        goal.id(),
                        loader.displayName(settings.file()),
                        settings.file().toAbsolutePath()));
        boolean failed = true;
        try (T started = beside.start(run)) {
            ChannelsLoader.Loaded loaded = run.load(loader);
            run.report.loaded(loaded.config(), loaded.source());
            work.on(loaded, run, started);
            failed = false;
        } catch (UserProblemException | EnvironmentProblemException e) {
            // The front end prints the message escaped line by line: the report says what it says.
            run.failed(LogText.escapeLines(String.valueOf(e.getMessage())));
            throw e;
        } catch (RuntimeException e) {
            run.failed(String.valueOf(e.getMessage()));
            throw e;
        } finally {
            run.writeReports(ciSystem, failed);
        }
        return run.written;
    }

    private RunReport written;

    /** Records why the goal failed, unless a problem or a refused downgrade already says it. */
    private void failed(String message) {
        if (!report.hasErrorFindings()) {
            report.failure(message);
        }
    }

    private void writeReports(CiSystem ciSystem, boolean failed) throws EnvironmentProblemException {
        written = report.build();
        try {
            List<Path> paths = new ReportWriter(
                            settings.reportDirectory(), environment.environment(), environment.standardOutput())
                    .write(written, ciSystem);
            paths.forEach(path -> log().debug("Report: " + path));
        } catch (IOException e) {
            String message = "Cannot write the reports to " + settings.reportDirectory() + ": " + e.getMessage()
                    + ". Check free space and permissions.";
            if (failed) {
                log().warn(message); // the goal's own failure is the one to report
            } else {
                throw new EnvironmentProblemException(message, e);
            }
        }
    }

    private ChannelsLoader.Loaded load(ChannelsLoader loader) throws UserProblemException, EnvironmentProblemException {
        Optional<String> gitRef = settings.ref();
        Path file = settings.file();
        try {
            return loader.load(file, gitRef);
        } catch (ChannelsFileException e) {
            report.problems(e.problems());
            String origin =
                    gitRef.map(r -> " at git ref '" + LogText.escape(r) + "'").orElse("");
            // The front end prints the message, each problem on its line: logging them too would print each twice.
            throw new UserProblemException(
                    file.getFileName() + origin + " is not valid; nothing was written. " + e.getMessage(), e);
        } catch (IOException e) {
            throw new EnvironmentProblemException(
                    "Cannot read " + file
                            + gitRef.map(r -> " at git ref " + LogText.escape(r))
                                    .orElse("")
                            + ": " + e.getMessage() + ". Check that the file and its git repository are readable.",
                    e);
        }
    }

    RunSettings settings() {
        return settings;
    }

    PublishLog log() {
        return environment.log();
    }

    RunEnvironment environment() {
        return environment;
    }

    RunReport.Builder report() {
        return report;
    }

    /** Logs the plan, channel by channel old → new, and records it in the report. */
    void planned(ChannelPlan plan) {
        PlanText.lines(plan).forEach(log()::info);
        report.plan(plan);
    }

    /**
     * The promotion pipeline when the file declares promotions: read from the history of the working tree's file
     * (as promote reads it), recorded in the report with the plan at this instant, and logged. Never fails: a
     * history that cannot be read is said, not thrown, as it only shows what promote will do.
     */
    Optional<PipelineState> pipeline(ChannelsLoader.Loaded loaded) {
        ChannelsConfig config = loaded.config();
        if (config.channels().stream().noneMatch(channel -> channel.promotion().isPresent())) {
            return Optional.empty();
        }
        Pipeline pipeline = loaded.source()
                .rollback()
                .map(rollback -> Pipeline.withoutHistory(
                        config, "this is a " + rollback.describe() + ", and the history is read from HEAD only"))
                .orElseGet(() -> Pipeline.ofWorkTree(
                        config,
                        settings.projectDirectory().resolve(settings.file()),
                        loaded.source().file()));
        PromotionPlan plan = pipeline.planAt(config, Instant.now());
        report.promotions(new PromotionsReport(pipeline.state(), plan, false));
        log().info("Promotions at " + UtcTime.at(plan.at()) + " (what a promote run would do; it also checks that "
                + "each source is served as git says):");
        pipeline.state()
                .historyUnavailable()
                .ifPresent(why -> log().info("  since when each source has had its version is not known: " + why));
        plan.steps().forEach(step -> log().info("  " + step.describe()));
        return Optional.of(pipeline.state());
    }

    /** The proxies this run uses, asked for once. */
    ProxySettings proxies() throws UserProblemException {
        if (proxies == null) {
            proxies = environment.proxies().proxies();
        }
        return proxies;
    }

    /** The base URL, checked; empty when it is not set. */
    Optional<BaseUrl> baseUrl() throws UserProblemException {
        if (settings.baseUrl().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(BaseUrl.parse(settings.baseUrl().get(), settings.allowHttp()));
        } catch (InvalidBaseUrlException e) {
            throw new UserProblemException(e.getMessage(), e);
        }
    }

    /** Logs what the configuration says, one line per channel. */
    void logConfiguration(ChannelsLoader.Loaded loaded) {
        var source = loaded.source();
        String commit = source.commit()
                .map(c -> " (commit " + c.substring(0, 12)
                        + (source.uncommittedChanges() ? ", with uncommitted changes" : "") + ")")
                .orElse("");
        log().info(source.file() + commit + ": "
                + plural(loaded.config().channels().size(), "channel"));
        source.rollback()
                .ifPresent(rollback -> log().warn("This is a " + rollback.describe() + ": agents get "
                        + "the channels of that commit, not of HEAD. Follow it with a revert commit, or the next publish "
                        + "of HEAD brings the versions back."));
        int width = loaded.config().channels().stream()
                .mapToInt(c -> c.name().length())
                .max()
                .orElse(0);
        for (Channel channel : loaded.config().channels()) {
            log().info(String.format(
                    "  %-" + width + "s  %s%s",
                    channel.name(),
                    channel.version(),
                    channel.critical() ? "  CRITICAL" : ""));
        }
        loaded.config()
                .maintenance()
                .ifPresentOrElse(
                        window -> log().info("  maintenance window: " + describe(window)),
                        () -> log().info("  no maintenance window declared: no cmc.yaml is rendered"));
        loaded.config().managedUpdates().ifPresent(updates -> {
            log().info("  managed updates v2:");
            updates.describe().forEach(line -> log().info("    " + line));
        });
        loaded.config().clusters().forEach(cluster -> {
            log().info("  cluster " + cluster.name() + ", managed updates v2:");
            cluster.managedUpdates().describe().forEach(line -> log().info("    " + line));
            cluster.maintenance().ifPresent(window -> log().info("    maintenance window: " + describe(window)));
        });
        loaded.warnings().forEach(warning -> log().warn(warning.toString()));
    }

    static String describe(MaintenanceWindow window) {
        String days = window.weekdays().isEmpty()
                ? "every day"
                : window.weekdays().stream().map(MaintenanceWindow::dayName).collect(Collectors.joining(", "));
        return String.format("%s, %02d:00-%02d:00 UTC", days, window.utcStartHour(), (window.utcStartHour() + 1) % 24);
    }

    static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
