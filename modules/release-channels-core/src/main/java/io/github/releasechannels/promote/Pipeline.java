// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Freeze;
import io.github.releasechannels.model.PipelineState;
import io.github.releasechannels.model.PipelineState.Status;
import io.github.releasechannels.model.Promotion;
import io.github.releasechannels.model.Version;
import io.github.releasechannels.promote.PromotionPlan.Waiting;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;

/**
 * Reads where each stage of the promotion pipeline stands ({@link PipelineState}) from the git history of the
 * channels file, as a promote run reads it, and keeps the runs read to plan at any instant ({@link #planAt}).
 *
 * @param state the stages, whatever the time
 * @param runs  since when each source that was read has had its version, counted from its first commit whose whole
 *              file validated, as a due promotion counts it
 */
public record Pipeline(PipelineState state, Map<String, SourceRun> runs) {

    public Pipeline {
        Objects.requireNonNull(state, "state");
        runs = Map.copyOf(runs);
    }

    /** Reads the history the stages of {@code config} need, as a promote run does, and places each stage. */
    public static Pipeline read(ChannelsConfig config, ChannelHistory history) throws IOException {
        return of(config, history.read(PromotionPlanner.sourcesToRead(config)));
    }

    /** The stages on a read of the history already made, for {@link PromotionPlanner#sourcesToRead}. */
    public static Pipeline of(ChannelsConfig config, ChannelHistory.Runs runs) throws IOException {
        Map<String, SourceRun> validated = new LinkedHashMap<>();
        for (String source : runs.all().keySet()) {
            validated.put(source, runs.validated(source));
        }
        return ofRuns(config, validated);
    }

    /**
     * The stages on runs already known, by source: each must be counted as {@link ChannelHistory.Runs#validated}
     * counts it.
     */
    public static Pipeline ofRuns(ChannelsConfig config, Map<String, SourceRun> runs) {
        return place(config, runs, Optional.empty());
    }

    /** The stages when the history cannot be read: what the file alone says, and why the rest is not known. */
    public static Pipeline withoutHistory(ChannelsConfig config, String why) {
        return place(config, Map.of(), Optional.of(why));
    }

    /**
     * The pipeline of {@code file}, read from its git history when it declares promotions. Never fails: a display
     * must not stop a deploy, so a file outside a git repository or a history that cannot be read gives a pipeline
     * that says why ({@link PipelineState#historyUnavailable}).
     *
     * @param shown the file as messages name it
     */
    public static Pipeline ofWorkTree(ChannelsConfig config, Path file, String shown) {
        if (PromotionPlanner.pipelineOrder(config).isEmpty()) {
            return place(config, Map.of(), Optional.empty());
        }
        try (Repository repository = PromoteRun.open(file, shown)) {
            return read(config, new ChannelHistory(repository, PromoteRun.pathInWorkTree(repository, file)));
        } catch (PromoteRefusedException e) {
            return withoutHistory(config, shown + " is not in the work tree of a git repository");
        } catch (IOException | RuntimeException e) {
            // JGit also fails unchecked; whatever it is, the page and the report say it instead of failing the goal.
            return withoutHistory(config, "the git history of " + shown + " cannot be read: " + e.getMessage());
        }
    }

    /** The plan of a promote run at {@code at} on this history, without checking what the site serves. */
    public PromotionPlan planAt(ChannelsConfig config, Instant at) {
        return PromotionPlanner.plan(config, runs, at, SourceServing.NOT_CHECKED);
    }

    private static Pipeline place(
            ChannelsConfig config, Map<String, SourceRun> runs, Optional<String> historyUnavailable) {
        List<PipelineState.Stage> stages = new ArrayList<>();
        for (Channel target : PromotionPlanner.pipelineOrder(config)) {
            Channel source = PromotionPlanner.source(config, target);
            Promotion promotion = target.promotion().orElseThrow();
            stages.add(stage(config, target, source, promotion, runs.get(source.name()), historyUnavailable));
        }
        return new Pipeline(new PipelineState(stages, historyUnavailable), runs);
    }

    private static PipelineState.Stage stage(
            ChannelsConfig config,
            Channel target,
            Channel source,
            Promotion promotion,
            SourceRun run,
            Optional<String> historyUnavailable) {
        Version to = source.version();
        if (target.version().equals(to)) {
            return stage(
                    target,
                    source,
                    Status.HAS_SOURCE_VERSION,
                    "has " + source.name() + "'s " + to,
                    Optional.empty(),
                    Optional.empty());
        }
        Optional<Waiting> blocked = PromotionPlanner.staticWait(target, source, promotion);
        if (blocked.isPresent()) {
            Status status = switch (blocked.get().reason()) {
                case HELD -> Status.HELD;
                case WOULD_LOWER -> Status.WOULD_LOWER;
                case CROSSES_BOUNDARY -> Status.CROSSES_BOUNDARY;
                default -> Status.PRERELEASE;
            };
            return stage(target, source, status, blocked.get().why(), Optional.empty(), Optional.empty());
        }
        if (run == null || !run.version().equals(to) || run.start().isEmpty()) {
            String why = run != null && run.version().equals(to)
                    ? run.explanation()
                    : historyUnavailable.orElse("the history of " + source.name() + " was not read");
            return stage(
                    target,
                    source,
                    Status.UNPROVEN,
                    "since when " + source.name() + " has served " + to + " is not known: " + why,
                    Optional.empty(),
                    Optional.empty());
        }
        SourceRun.Start start = run.start().get();
        PipelineState.Since since = new PipelineState.Since(start.commit(), start.since());
        Instant soaked = start.since().plus(promotion.after());
        Optional<Instant> due = Freeze.firstOpen(config.freezes(), soaked);
        String when = PromotionPlanner.when(config.freezes(), soaked, due);
        return stage(
                target,
                source,
                Status.SOAKS,
                source.name() + " has served " + to + " since " + UtcTime.at(since.at()) + " (commit "
                        + since.shortCommit() + "), soak " + Durations.text(promotion.after()) + "; " + when,
                Optional.of(since),
                due);
    }

    private static PipelineState.Stage stage(
            Channel target,
            Channel source,
            Status status,
            String why,
            Optional<PipelineState.Since> since,
            Optional<Instant> due) {
        return new PipelineState.Stage(
                target.name(),
                target.version(),
                source.name(),
                source.version(),
                target.promotion().orElseThrow(),
                status,
                why,
                since,
                due);
    }
}
