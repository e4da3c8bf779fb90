// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Freeze;
import io.github.releasechannels.model.Hold;
import io.github.releasechannels.model.Promotion;
import io.github.releasechannels.model.Version;
import io.github.releasechannels.promote.PromotionPlan.Due;
import io.github.releasechannels.promote.PromotionPlan.Reason;
import io.github.releasechannels.promote.PromotionPlan.Step;
import io.github.releasechannels.promote.PromotionPlan.UpToDate;
import io.github.releasechannels.promote.PromotionPlan.Waiting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, for each channel with {@code promote:}, whether it takes its source's version now. Pure: the history
 * ({@link ChannelHistory}) and what the site serves ({@link SourceServing}) come in as answers.
 *
 * <p>A promotion is due when the channel does not have the source's version yet and: neither channel is held; the
 * version is not lower than the channel's (a promotion never lowers), stays inside {@code within}, and is a release
 * unless the channel takes pre-releases or holds one; the source does not move itself in this run (its new version
 * starts its own soak, so a chain moves one stage per run); the history proves since when the source has served the
 * version and that is at least {@code after} ago; no freeze applies now; and the site serves the source's version.
 * The first of these that fails is the reason it waits.
 */
public final class PromotionPlanner {

    private PromotionPlanner() {}

    /**
     * The sources whose history a plan of {@code config} needs, with the versions they hold: those of the promotions
     * no rule stops before the history is read.
     */
    public static Map<String, Version> sourcesToRead(ChannelsConfig config) {
        Map<String, Version> sources = new LinkedHashMap<>();
        for (Channel target : pipelineOrder(config)) {
            Channel source = source(config, target);
            if (staticWait(target, source, target.promotion().orElseThrow()).isEmpty()
                    && !target.version().equals(source.version())) {
                sources.put(source.name(), source.version());
            }
        }
        return sources;
    }

    /**
     * The plan for {@code config} at {@code at}.
     *
     * @param runs    since when each source has served its version, for at least {@link #sourcesToRead}
     * @param serving whether each source is served in sync, or {@link SourceServing#NOT_CHECKED}
     */
    public static PromotionPlan plan(
            ChannelsConfig config, Map<String, SourceRun> runs, Instant at, SourceServing serving) {
        List<Step> steps = new ArrayList<>();
        Map<String, Version> moving = new HashMap<>();
        for (Channel target : pipelineOrder(config)) {
            Promotion promotion = target.promotion().orElseThrow();
            Channel source = source(config, target);
            Step step = step(config, target, source, promotion, runs, at, serving, moving);
            if (step instanceof Due due) {
                moving.put(target.name(), due.to());
            }
            steps.add(step);
        }
        return new PromotionPlan(at, steps);
    }

    private static Step step(
            ChannelsConfig config,
            Channel target,
            Channel source,
            Promotion promotion,
            Map<String, SourceRun> runs,
            Instant at,
            SourceServing serving,
            Map<String, Version> moving) {
        String name = target.name();
        Version to = source.version();
        if (target.version().equals(to)) {
            return new UpToDate(name, source.name(), to);
        }
        Optional<Waiting> blocked = staticWait(target, source, promotion);
        if (blocked.isPresent()) {
            return blocked.get();
        }
        if (moving.containsKey(source.name())) {
            return waiting(
                    target,
                    source,
                    Reason.SOURCE_MOVES,
                    source.name() + " moves to "
                            + moving.get(source.name()) + " in this run; " + name + " takes it once " + source.name()
                            + " has served it " + Durations.text(promotion.after()),
                    Optional.empty());
        }
        SourceRun run = runs.get(source.name());
        if (run == null || !run.version().equals(to)) {
            return waiting(
                    target,
                    source,
                    Reason.UNPROVEN,
                    "the history of " + source.name() + " was not read",
                    Optional.empty());
        }
        if (run.start().isEmpty()) {
            return waiting(
                    target,
                    source,
                    Reason.UNPROVEN,
                    "how long " + source.name() + " has served " + to + " cannot be proven: " + run.explanation(),
                    Optional.empty());
        }
        Instant since = run.start().get().since();
        Instant soaked = since.plus(promotion.after());
        Duration served = Duration.between(since, at);
        if (soaked.isAfter(at)) {
            Optional<Instant> due = Freeze.firstOpen(config.freezes(), soaked);
            String when = when(config.freezes(), soaked, due);
            return waiting(
                    target,
                    source,
                    Reason.SOAKING,
                    source.name() + " has served " + to + " for "
                            + Durations.text(served) + " of " + Durations.text(promotion.after())
                            + (since.isAfter(at) ? " (its commit time is after " + UtcTime.at(at) + ")" : "") + "; "
                            + when,
                    due);
        }
        List<Freeze> frozen = Freeze.covering(config.freezes(), at);
        if (!frozen.isEmpty()) {
            Freeze freeze = frozen.get(0);
            Optional<Instant> end = freeze.window().endAfter(at);
            Optional<Instant> due = Freeze.firstOpen(config.freezes(), at);
            String why = "frozen by " + freeze.describe()
                    + end.map(moment -> " until " + UtcTime.due(moment)).orElse(" every day")
                    + due.filter(moment -> end.isPresent() && !moment.equals(end.get()))
                            .map(moment -> ", then by "
                                    + Freeze.covering(config.freezes(), end.get())
                                            .get(0)
                                            .describe() + "; due " + UtcTime.due(moment))
                            .orElse("");
            return waiting(target, source, Reason.FROZEN, why, due);
        }
        Optional<String> notServed = serving.notServing(source.name(), to);
        if (notServed.isPresent()) {
            return waiting(
                    target,
                    source,
                    Reason.NOT_SERVED,
                    source.name() + " is not served as " + to + " yet: " + notServed.get(),
                    Optional.empty());
        }
        return new Due(
                name,
                target.version(),
                to,
                source.name(),
                since,
                run.start().get().commit(),
                served,
                promotion.after());
    }

    /**
     * When a promotion whose soak ends at {@code soaked} is due, in words: {@code due 2027-01-04 00:00 UTC, after
     * 'year-end change freeze' (channels.yaml:21)}.
     *
     * @param due the first moment from {@code soaked} on that no freeze covers, empty when every day is frozen
     */
    static String when(List<Freeze> freezes, Instant soaked, Optional<Instant> due) {
        return due.map(moment -> "due " + UtcTime.due(moment)
                        + (moment.equals(soaked)
                                ? ""
                                : ", after "
                                        + Freeze.covering(freezes, soaked)
                                                .get(0)
                                                .describe()))
                .orElse("then frozen every day");
    }

    /** The rules that stop a promotion whatever the history says: holds, lowering, boundaries, pre-releases. */
    static Optional<Waiting> staticWait(Channel target, Channel source, Promotion promotion) {
        Version from = target.version();
        Version to = source.version();
        Optional<Hold> hold = source.hold().or(target::hold);
        if (hold.isPresent()) {
            String held = source.hold().isPresent() ? source.name() : target.name();
            return Optional.of(waiting(
                    target,
                    source,
                    Reason.HELD,
                    held + " is held: " + hold.get().reason() + " ("
                            + hold.get().location().file() + ":"
                            + hold.get().location().line() + ")",
                    Optional.empty()));
        }
        if (to.compareTo(from) < 0) {
            return Optional.of(waiting(
                    target,
                    source,
                    Reason.WOULD_LOWER,
                    "would lower " + from + " to " + to + " (" + source.name()
                            + " is behind; a promotion never lowers a version)",
                    Optional.empty()));
        }
        if (!promotion.within().allows(from, to)) {
            return Optional.of(waiting(
                    target,
                    source,
                    Reason.CROSSES_BOUNDARY,
                    to + " crosses a "
                            + promotion.within().word() + " from "
                            + promotion.within().line(from) + " (within: "
                            + promotion.within().word() + ")",
                    Optional.empty()));
        }
        if (to.preRelease().isPresent() && from.preRelease().isEmpty() && !promotion.prereleases()) {
            return Optional.of(waiting(
                    target,
                    source,
                    Reason.PRERELEASE,
                    to + " is a pre-release and " + target.name()
                            + " holds a release (set 'prereleases: true' to promote pre-releases into it)",
                    Optional.empty()));
        }
        return Optional.empty();
    }

    private static Waiting waiting(Channel target, Channel source, Reason reason, String why, Optional<Instant> due) {
        return new Waiting(target.name(), source.name(), reason, why, due);
    }

    static Channel source(ChannelsConfig config, Channel target) {
        String from = target.promotion().orElseThrow().from();
        return config.channel(from)
                .orElseThrow(() -> new IllegalArgumentException(
                        "channel '" + target.name() + "' is promoted from '" + from + "', which is not declared"));
    }

    /** The promoted channels, each after its source: by the number of stages before it, then by name. */
    static List<Channel> pipelineOrder(ChannelsConfig config) {
        Map<String, Integer> stages = new HashMap<>();
        List<Channel> promoted = config.channels().stream()
                .filter(c -> c.promotion().isPresent())
                .toList();
        for (Channel channel : promoted) {
            stage(config, channel, stages, new HashSet<>());
        }
        return promoted.stream()
                .sorted(Comparator.comparing((Channel c) -> stages.get(c.name()))
                        .thenComparing(Channel::name))
                .toList();
    }

    private static int stage(
            ChannelsConfig config, Channel channel, Map<String, Integer> stages, Set<String> visiting) {
        Integer known = stages.get(channel.name());
        if (known != null) {
            return known;
        }
        if (!visiting.add(channel.name())) {
            throw new IllegalArgumentException("the promotions of '" + channel.name() + "' form a cycle");
        }
        int stage = channel.promotion()
                .map(p -> 1
                        + config.channel(p.from())
                                .map(source -> stage(config, source, stages, visiting))
                                .orElse(0))
                .orElse(0);
        stages.put(channel.name(), stage);
        return stage;
    }
}
