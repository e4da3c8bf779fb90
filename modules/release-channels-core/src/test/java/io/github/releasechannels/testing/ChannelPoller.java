// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.testing;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.Version;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads the served files in a loop while a publish from site {@code before} to site {@code after} runs, as agents
 * would, and records every state no agent may ever see. What an agent may see, per channel:
 * <ul>
 *   <li>a channel of both sites: {@code version} and {@code critical} both present and non-empty, each holding its
 *       old or its new content, and {@code critical = yes} only beside a version the source marked critical. On the
 *       way from a non-critical to a critical release the new version may show beside the old {@code no} for a
 *       moment (two files cannot change at once); that only delays the urgency, it never invents it.</li>
 *   <li>a channel being added or removed: absent, complete, or {@code critical} without {@code version} (the agent
 *       gets 404 for the version and does nothing). Never {@code version} without {@code critical}: the agent would
 *       act on a version while its urgency is unknown.</li>
 *   <li>every other file (cmc.yaml, the manifest): its old or new content; never missing if both sites have it.</li>
 * </ul>
 * Against a live store one round reads {@code critical}, {@code version}, {@code critical} again, and judges the
 * pair only when both reads of {@code critical} agree: each file changes at most once during the publish, so the
 * pair then existed at the moment {@code version} was read.
 *
 * <p>{@link #rising} watches publishes of several commits racing each other instead: each channel's version must
 * be served throughout, be one of theirs, and never be lower than one read before.
 */
public final class ChannelPoller implements AutoCloseable {

    /** One look at the served files. */
    @FunctionalInterface
    public interface Reader {
        /** The file's content, or empty when it is not served. */
        Optional<byte[]> read(String path) throws Exception;
    }

    /** A fresh {@link Reader} per round: a live store, or a fixed snapshot such as a git commit. */
    @FunctionalInterface
    public interface Rounds {
        Reader nextRound() throws Exception;
    }

    private final Map<String, List<Optional<String>>> channels = new LinkedHashMap<>();
    /** In {@link #rising} mode, each channel every site has, with the versions the sites give it; else empty. */
    private final Map<String, Set<Version>> risingVersions = new LinkedHashMap<>();

    private final Map<String, Version> highestSeen = new LinkedHashMap<>();
    private final Map<String, Set<String>> otherFiles = new LinkedHashMap<>();
    private final Set<String> requiredOtherFiles = new LinkedHashSet<>();
    private final Rounds rounds;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger judged = new AtomicInteger();
    private final AtomicInteger completedRounds = new AtomicInteger();
    private final Thread thread;
    private volatile boolean stopping;

    private ChannelPoller(Site before, Site after, Rounds rounds) {
        this.rounds = rounds;
        for (Site site : List.of(before, after)) {
            for (Channel channel : site.config().channels()) {
                channels.computeIfAbsent(channel.name(), name -> new ArrayList<>());
            }
        }
        for (String name : channels.keySet()) {
            channels.get(name).add(pair(before, name));
            channels.get(name).add(pair(after, name));
        }
        Set<String> channelFiles = new LinkedHashSet<>();
        for (Site site : List.of(before, after)) {
            site.config().channels().forEach(c -> channelFiles.addAll(List.of(c.versionPath(), c.criticalPath())));
        }
        for (Site site : List.of(before, after)) {
            for (SiteFile file : site.files()) {
                if (!channelFiles.contains(file.path())) {
                    otherFiles
                            .computeIfAbsent(file.path(), path -> new LinkedHashSet<>())
                            .add(text(file.content()));
                }
            }
        }
        otherFiles.keySet().stream()
                .filter(path ->
                        before.file(path).isPresent() && after.file(path).isPresent())
                .forEach(requiredOtherFiles::add);
        thread = new Thread(this::poll, "channel-poller");
        thread.setDaemon(true);
    }

    /** Starts polling and returns once the first round is done, so the publish that follows is watched. */
    public static ChannelPoller start(Site before, Site after, Rounds rounds) throws InterruptedException {
        return started(new ChannelPoller(before, after, rounds));
    }

    /**
     * Starts reading the version of each channel that every one of {@code sites} has, while publishes of them race:
     * a version that is missing, none of theirs, or lower than one read before is recorded. Returns once the first
     * round is done.
     */
    public static ChannelPoller rising(List<Site> sites, Rounds rounds) throws InterruptedException {
        ChannelPoller poller = new ChannelPoller(sites.get(0), sites.get(0), rounds);
        poller.channels.clear();
        poller.otherFiles.clear();
        for (Channel channel : sites.get(0).config().channels()) {
            Set<Version> versions = new LinkedHashSet<>();
            for (Site site : sites) {
                site.config().channels().stream()
                        .filter(c -> c.name().equals(channel.name()))
                        .findFirst()
                        .ifPresent(c -> versions.add(c.version()));
            }
            if (versions.size() == sites.size()) {
                poller.risingVersions.put(channel.name(), versions);
            }
        }
        return started(poller);
    }

    private static ChannelPoller started(ChannelPoller poller) throws InterruptedException {
        poller.thread.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (poller.completedRounds.get() == 0 && poller.thread.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        return poller;
    }

    /** "version critical" of a channel in a site, empty when the site lacks it. */
    private static Optional<String> pair(Site site, String channel) {
        return site.config().channels().stream()
                .filter(c -> c.name().equals(channel))
                .findFirst()
                .map(c -> text(site.file(c.versionPath()).orElseThrow().content()) + " "
                        + text(site.file(c.criticalPath()).orElseThrow().content()));
    }

    private void poll() {
        while (!stopping) {
            try {
                round(rounds.nextRound());
                completedRounds.incrementAndGet();
            } catch (Exception | AssertionError e) {
                violations.add("reading failed: " + e);
                return;
            }
        }
    }

    private void round(Reader reader) throws Exception {
        for (Map.Entry<String, Set<Version>> entry : risingVersions.entrySet()) {
            String name = entry.getKey();
            Optional<String> text = reader.read(name + "/version").map(ChannelPoller::text);
            Optional<Version> version = text.flatMap(Version::parse);
            judged.incrementAndGet();
            if (version.isEmpty() || !entry.getValue().contains(version.get())) {
                violations.add("channel " + name + " served version=" + text.orElse("<missing>") + ", none of "
                        + entry.getValue());
                continue;
            }
            Version highest = highestSeen.get(name);
            if (highest != null && version.get().compareTo(highest) < 0) {
                violations.add("channel " + name + " went down from " + highest + " to " + version.get());
            } else {
                highestSeen.put(name, version.get());
            }
        }
        for (Map.Entry<String, List<Optional<String>>> entry : channels.entrySet()) {
            String name = entry.getKey();
            Optional<String> critical = reader.read(name + "/critical").map(ChannelPoller::text);
            Optional<String> version = reader.read(name + "/version").map(ChannelPoller::text);
            Optional<String> criticalAgain = reader.read(name + "/critical").map(ChannelPoller::text);
            if (critical.equals(criticalAgain)) {
                judged.incrementAndGet();
                judge(name, entry.getValue().get(0), entry.getValue().get(1), version, critical);
            }
        }
        for (Map.Entry<String, Set<String>> file : otherFiles.entrySet()) {
            Optional<String> content = reader.read(file.getKey()).map(ChannelPoller::text);
            if (content.isEmpty()
                    ? requiredOtherFiles.contains(file.getKey())
                    : !file.getValue().contains(content.get())) {
                violations.add(file.getKey() + " is "
                        + content.map(c -> "'" + c + "'").orElse("missing") + ", neither its old nor its new content");
            }
        }
    }

    private void judge(
            String name,
            Optional<String> before,
            Optional<String> after,
            Optional<String> version,
            Optional<String> critical) {
        String seen = "channel " + name + " served version=" + version.orElse("<missing>") + " critical="
                + critical.orElse("<missing>") + " (before: " + before.orElse("<none>") + ", after: "
                + after.orElse("<none>") + ")";
        List<String> versions = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        List<String> pairs = new ArrayList<>();
        for (Optional<String> pair : List.of(before, after)) {
            pair.ifPresent(p -> {
                pairs.add(p);
                versions.add(p.split(" ")[0]);
                flags.add(p.split(" ")[1]);
            });
        }
        if (version.isEmpty()) {
            if (before.isPresent() && after.isPresent()) {
                violations.add(seen + ": the version of a channel that exists before and after is missing");
            } else if (critical.isPresent() && !flags.contains(critical.get())) {
                violations.add(seen + ": critical holds neither the old nor the new flag");
            }
            return;
        }
        if (critical.isEmpty()) {
            violations.add(seen + ": version without critical");
            return;
        }
        if (!versions.contains(version.get()) || !flags.contains(critical.get())) {
            violations.add(seen + ": a file holds neither its old nor its new content");
        } else if (critical.get().equals("yes") && !pairs.contains(version.get() + " yes")) {
            violations.add(seen + ": critical = yes beside a version the source did not mark critical");
        }
    }

    /** Stops after at least {@code minimumRounds} complete rounds and returns what no agent may see. */
    public List<String> stop(int minimumRounds) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (completedRounds.get() < minimumRounds && thread.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        stopping = true;
        thread.join(10_000);
        return List.copyOf(violations);
    }

    public int completedRounds() {
        return completedRounds.get();
    }

    /** Channel pairs judged (reads where both reads of critical agreed). */
    public int judgedPairs() {
        return judged.get();
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(10_000);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
