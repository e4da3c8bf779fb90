// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Freeze;
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
 * The promotion pipeline of a channels file as its git history shows it, whatever the time: each stage (a channel
 * with {@code promote:}) with its source, since when the source has had its version, what the stage waits for that
 * does not depend on the clock, and when it is due. What depends on the clock (a soak still running, a freeze in
 * force now, a site that does not serve the source yet) is a {@link PromotionPlan} at an instant ({@link #planAt}).
 * The status page shows this, so one commit and its history always render the same page.
 *
 * @param stages             one per channel with {@code promote:}, in pipeline order
 * @param runs               since when each source that was read has had its version, counted from its first commit
 *                           whose whole file validated, as a due promotion counts it
 * @param historyUnavailable why the history was not read, when it was not: then no stage that needs it has a since
 */
public record Pipeline(List<Stage> stages, Map<String, SourceRun> runs, Optional<String> historyUnavailable) {

    public Pipeline {
        stages = List.copyOf(stages);
        runs = Map.copyOf(runs);
        Objects.requireNonNull(historyUnavailable, "historyUnavailable");
    }

    /** Where a stage stands, whatever the time. */
    public enum Status {
        /** It has its source's version: nothing to wait for. */
        HAS_SOURCE_VERSION,
        /** The source or the stage is held: it waits for a person to remove the hold. */
        HELD,
        /** The source's version is lower: it waits for the source to move on. */
        WOULD_LOWER,
        /** The source's version is past {@code within}: it waits for a person. */
        CROSSES_BOUNDARY,
        /** The source's version is a pre-release the stage does not take: it waits for a release. */
        PRERELEASE,
        /** Since when the source has had its version is not known (a shallow clone, no history). */
        UNPROVEN,
        /** It takes the source's version once the source has served it for the soak: at {@link Stage#due}. */
        SOAKS
    }

    /**
     * One stage.
     *
     * @param channel       the promoted channel
     * @param version       its version
     * @param source        the channel it takes its version from
     * @param sourceVersion the source's version
     * @param promotion     the declaration: soak, boundary, pre-releases
     * @param status        where it stands
     * @param why           {@link #status} in words, as the promote goal words it, such as {@code canary is held: …}
     * @param since         since when, and from which commit, the source has had its version, when that was read
     * @param due           when it takes the source's version: the end of the soak moved past any freeze it falls
     *                      in; for {@link Status#SOAKS} only, and empty when every day is frozen
     */
    public record Stage(
            String channel,
            Version version,
            String source,
            Version sourceVersion,
            Promotion promotion,
            Status status,
            String why,
            Optional<SourceRun.Start> since,
            Optional<Instant> due) {
        public Stage {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(due, "due");
        }
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
        return place(config, validated, Optional.empty());
    }

    /** The stages when the history cannot be read: what the file alone says, and why the rest is not known. */
    public static Pipeline withoutHistory(ChannelsConfig config, String why) {
        return place(config, Map.of(), Optional.of(why));
    }

    /**
     * The pipeline of {@code file}, read from its git history when it declares promotions. Never fails: a display
     * must not stop a deploy, so a file outside a git repository or a history that cannot be read gives a pipeline
     * that says why ({@link #historyUnavailable}).
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
        List<Stage> stages = new ArrayList<>();
        for (Channel target : PromotionPlanner.pipelineOrder(config)) {
            Channel source = PromotionPlanner.source(config, target);
            Promotion promotion = target.promotion().orElseThrow();
            stages.add(stage(config, target, source, promotion, runs.get(source.name()), historyUnavailable));
        }
        return new Pipeline(stages, runs, historyUnavailable);
    }

    private static Stage stage(
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
        Instant soaked = start.since().plus(promotion.after());
        Optional<Instant> due = Freeze.firstOpen(config.freezes(), soaked);
        String when = PromotionPlanner.when(config.freezes(), soaked, due);
        return stage(
                target,
                source,
                Status.SOAKS,
                source.name() + " has served " + to + " since " + UtcTime.at(start.since()) + " (commit "
                        + start.commit()
                                .substring(0, Math.min(12, start.commit().length())) + "), soak "
                        + Durations.text(promotion.after()) + "; " + when,
                Optional.of(start),
                due);
    }

    private static Stage stage(
            Channel target,
            Channel source,
            Status status,
            String why,
            Optional<SourceRun.Start> since,
            Optional<Instant> due) {
        return new Stage(
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
