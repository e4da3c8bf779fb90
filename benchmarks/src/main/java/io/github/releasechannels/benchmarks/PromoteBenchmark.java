// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.promote.ChannelHistory;
import io.github.releasechannels.promote.PromotionPlan;
import io.github.releasechannels.promote.PromotionPlanner;
import io.github.releasechannels.promote.PromotionRun;
import io.github.releasechannels.promote.SourceServing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.commons.io.file.PathUtils;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Planning a {@code promote} run on a long history, in this JVM: read {@code channels.yaml} at {@code HEAD}, read
 * the first-parent history of the sources the plan needs, plan, and validate the runs due promotions rest on
 * ({@link PromotionRun#plan}). The repository is generated and packed as a fresh clone is.
 *
 * <p>The file has a quarter of its channels in {@code canary → current → stable} chains (48 h, then 7 d) and the
 * rest on their own; one commit an hour bumps one channel that is no promotion's target (every tenth commit, five of
 * them), and a simulated hourly promote job commits every promotion as it becomes due. The first chain's current
 * soaks 1000 d, and its canary never changes, so every walk goes back to the first commit. Scenarios:
 * <ul>
 *   <li><em>hourly promote runs</em>: the history above;</li>
 *   <li><em>every commit also edits a comment</em>: comments change with every revision;</li>
 *   <li><em>every tenth commit adds a channel</em>: the revision before such a commit lacks that channel's entry;</li>
 *   <li><em>first promote run</em>: no promote job ran before, so every chain's promotion is due at once and each
 *       due run's first revision is validated in full.</li>
 * </ul>
 *
 * <p>For a one-off run without the rest: {@code java -cp <class path> ...PromoteBenchmark 1000 10000 [SCENARIO...]}.
 */
final class PromoteBenchmark {

    /** How the history is written. */
    enum Scenario {
        HOURLY("hourly promote runs", true, false, false),
        COMMENTS("every commit also edits a comment", true, true, false),
        ADDED("every tenth commit adds a channel", true, false, true),
        FIRST_RUN("first promote run (every chain due)", false, false, false);

        final String label;
        final boolean promoteRuns;
        final boolean commentEveryCommit;
        final boolean channelAdded;

        Scenario(String label, boolean promoteRuns, boolean commentEveryCommit, boolean channelAdded) {
            this.label = label;
            this.promoteRuns = promoteRuns;
            this.commentEveryCommit = commentEveryCommit;
            this.channelAdded = channelAdded;
        }
    }

    /** One scenario's measurements. */
    record Row(
            Scenario scenario,
            int channels,
            int commits,
            int sources,
            int due,
            Samples plan,
            Samples history,
            Samples blobs) {}

    private static final Instant FIRST_COMMIT = Instant.parse("2025-01-01T00:00:00Z");
    /** Plans run before the measured ones, per scenario. */
    private static final int WARM_UPS = 2;

    private final int channels;
    private final int commits;
    private final int runs;
    private final boolean warmUp;
    private final Path work;

    PromoteBenchmark(int channels, int commits, int runs, boolean warmUp, Path work) {
        this.channels = channels;
        this.commits = commits;
        this.runs = runs;
        this.warmUp = warmUp;
        this.work = work;
    }

    List<Row> run() throws IOException, GitAPIException, ChannelsFileException {
        return run(List.of(Scenario.values()));
    }

    List<Row> run(List<Scenario> scenarios) throws IOException, GitAPIException, ChannelsFileException {
        List<Row> rows = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            System.out.println("promote: " + channels + " channels, " + commits + " commits, " + scenario.label);
            Row row = measure(scenario);
            System.out.printf(
                    Locale.ROOT,
                    "  %d sources read, %d due: plan %s ms, history alone %s ms, JGit reading "
                            + "every revision %s ms (medians)%n",
                    row.sources(),
                    row.due(),
                    Samples.millis(row.plan().median()),
                    Samples.millis(row.history().median()),
                    Samples.millis(row.blobs().median()));
            rows.add(row);
        }
        return rows;
    }

    private Row measure(Scenario scenario) throws IOException, GitAPIException, ChannelsFileException {
        Path directory = work.resolve("promote-" + scenario.name().toLowerCase(Locale.ROOT));
        Instant head = new History(scenario, channels, commits).write(directory);
        Instant at = head.plus(Duration.ofMinutes(30));
        Samples plan = new Samples();
        Samples history = new Samples();
        Samples blobs = new Samples();
        int sources = 0;
        int due = 0;
        int rounds = runs;
        int warmUps = warmUp ? WARM_UPS : 0;
        try (Repository repository = Git.open(directory.toFile()).getRepository()) {
            byte[] file = Files.readAllBytes(directory.resolve("channels.yaml"));
            for (int i = -warmUps; i < rounds; i++) {
                long started = System.nanoTime();
                ChannelsConfig config = new ChannelsFileParser().parse(file, "channels.yaml");
                PromotionPlan result = PromotionRun.plan(
                        config, new ChannelHistory(repository, "channels.yaml"), at, SourceServing.NOT_CHECKED);
                long planned = System.nanoTime();
                var asked = PromotionPlanner.sourcesToRead(config);
                long read = System.nanoTime();
                new ChannelHistory(repository, "channels.yaml").read(asked);
                long walked = System.nanoTime();
                readEveryRevision(repository);
                long floor = System.nanoTime();
                if (i >= 0) {
                    plan.addNanos(planned - started);
                    history.addNanos(walked - read);
                    blobs.addNanos(floor - walked);
                }
                sources = asked.size();
                due = result.due().size();
            }
        }
        PathUtils.deleteDirectory(directory);
        return new Row(scenario, channels, commits, sources, due, plan, history, blobs);
    }

    /**
     * The section of docs/benchmarks.md for {@code rows}, as the full run writes it and the one-off run prints it.
     *
     * @param runs   the plans measured per scenario
     * @param warmUp whether unrecorded plans ran first
     */
    static List<String> section(List<Row> rows, int runs, boolean warmUp) {
        List<String> lines = new ArrayList<>();
        lines.add("## Promote");
        lines.add("");
        lines.add("Planning a `promote` run in this JVM (`PromotionRun.plan`, after `ChannelsFileParser.parse` of the "
                + "file at `HEAD`): read the first-parent history of the sources the plan needs, plan, and validate the "
                + "runs due promotions rest on. The repository is generated and packed like a fresh clone: a quarter "
                + "of the channels in canary → current → stable chains (48 h, then 7 d), one commit an hour bumping "
                + "one channel that is no promotion's target (every tenth commit, five), and a simulated hourly "
                + "promote job committing each promotion as it becomes due. One chain's current soaks 1000 d on a "
                + "canary that never changes, so every walk reads the whole history. *History alone* is "
                + "`ChannelHistory.read` of the same sources; *JGit alone* reads each first-parent commit and its "
                + "file's bytes and nothing else, the floor of any reader of the whole history. Median of "
                + runs + " runs" + (warmUp ? " after " + WARM_UPS + " unrecorded ones" : "") + ".");
        lines.add("");
        lines.add("| history | channels | commits | sources read | due | plan | history alone | JGit alone |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Row row : rows) {
            lines.add("| " + row.scenario().label + " | " + Report.count(row.channels()) + " | "
                    + Report.count(row.commits()) + " | " + row.sources() + " | " + row.due() + " | "
                    + Report.ms(row.plan().median()) + " | "
                    + Report.ms(row.history().median()) + " | "
                    + Report.ms(row.blobs().median()) + " |");
        }
        lines.add("");
        if (!rows.isEmpty()) {
            Row slowest = rows.stream()
                    .max(java.util.Comparator.comparingDouble(row -> row.plan().median()))
                    .orElseThrow();
            lines.add("The slowest history to plan over " + Report.count(slowest.commits()) + " commits of a "
                    + Report.count(slowest.channels()) + "-channel file, " + slowest.scenario().label + ", took "
                    + Report.ms(slowest.plan().median()) + ", "
                    + (slowest.plan().median() < 1000 ? "under" : "over") + " one second. A revision that differs "
                    + "from the next only in versions, comments and channels added since is derived from it; on a "
                    + "first promote run every chain is due and each due run's first revision is validated in full.");
            lines.add("");
        }
        return lines;
    }

    /** What any reader of the whole history pays: each first-parent commit and its file's bytes, with JGit. */
    private static void readEveryRevision(Repository repository) throws IOException {
        try (RevWalk walk = new RevWalk(repository);
                ObjectReader reader = repository.newObjectReader()) {
            walk.setRetainBody(false);
            RevCommit commit = walk.parseCommit(repository.resolve(Constants.HEAD));
            while (true) {
                try (TreeWalk tree = TreeWalk.forPath(reader, "channels.yaml", commit.getTree())) {
                    reader.open(tree.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
                }
                if (commit.getParentCount() == 0) {
                    return;
                }
                commit = walk.parseCommit(commit.getParent(0));
            }
        }
    }

    /** Writes a history commit by commit, without a working tree, and packs it. */
    private static final class History {

        private final Scenario scenario;
        private final int chains;
        private final int plain;
        private final int commits;
        private final Random random = new Random(20);
        /** Versions as patch numbers of 17.x: canary, current, stable per chain; then the plain channels. */
        private final int[] canary;

        private final int[] current;
        private final int[] stable;
        private final int[] fleet;
        /** Since when each canary and current has had its version. */
        private final Instant[] canarySince;

        private final Instant[] currentSince;

        History(Scenario scenario, int channels, int commits) {
            this.scenario = scenario;
            this.chains = Math.max(1, channels / 4);
            this.plain = channels - 3 * chains;
            this.commits = commits;
            this.canary = new int[chains];
            this.current = new int[chains];
            this.stable = new int[chains];
            this.fleet = new int[plain];
            this.canarySince = new Instant[chains];
            this.currentSince = new Instant[chains];
            canary[0] = 1; // the first chain's current waits 1000 d for it; it never changes
        }

        /** @return the time of the last commit */
        Instant write(Path directory) throws IOException, GitAPIException {
            Files.createDirectories(directory);
            Instant time = FIRST_COMMIT;
            try (Git git = Git.init()
                    .setDirectory(directory.toFile())
                    .setInitialBranch("main")
                    .call()) {
                Repository repository = git.getRepository();
                ObjectId parent = null;
                String content = null;
                Arrays.fill(canarySince, time);
                Arrays.fill(currentSince, time);
                try (ObjectInserter inserter = repository.newObjectInserter()) {
                    for (int commit = 0; commit < commits; commit++) {
                        time = FIRST_COMMIT.plus(Duration.ofMinutes(60L * commit));
                        if (commit > 0 && !(scenario.promoteRuns && promote(time))) {
                            bump(commit % 10 == 0 ? 5 : 1, time);
                        }
                        content = yaml(commit);
                        parent = commit(inserter, content, time, parent);
                    }
                    inserter.flush();
                }
                RefUpdate update = repository.updateRef(Constants.R_HEADS + "main");
                update.setNewObjectId(parent);
                update.setForceUpdate(true);
                update.update();
                git.gc().call();
                Files.writeString(directory.resolve("channels.yaml"), content, StandardCharsets.UTF_8);
            }
            return time;
        }

        /** The scheduled promote job of this hour: every promotion that is due, in one commit; false if none. */
        private boolean promote(Instant time) {
            boolean promoted = false;
            for (int i = 1; i < chains; i++) {
                if (current[i] < canary[i]
                        && !canarySince[i].plus(Duration.ofDays(2)).isAfter(time)) {
                    current[i] = canary[i];
                    currentSince[i] = time;
                    promoted = true;
                } else if (stable[i] < current[i]
                        && !currentSince[i].plus(Duration.ofDays(7)).isAfter(time)) {
                    stable[i] = current[i];
                    promoted = true;
                }
            }
            return promoted;
        }

        /** Renovate's pull request of this hour: {@code count} channels that are no target get a new patch. */
        private void bump(int count, Instant time) {
            for (int n = 0; n < count; n++) {
                int pick = random.nextInt(chains - 1 + plain);
                if (pick < chains - 1) {
                    canary[pick + 1]++;
                    canarySince[pick + 1] = time;
                } else {
                    fleet[pick - chains + 1]++;
                }
            }
        }

        private String yaml(int commit) {
            StringBuilder yaml = new StringBuilder("# Generated by the promote benchmark.\n");
            if (scenario.commentEveryCommit) {
                yaml.append("# revision ").append(commit).append('\n');
            }
            yaml.append("channels:\n");
            for (int added = 0; scenario.channelAdded && added < commit / 10; added++) {
                yaml.append("  ")
                        .append(String.format(Locale.ROOT, "added-%05d", added))
                        .append(": {version: 17.0.0}\n");
            }
            for (int i = 0; i < chains; i++) {
                String team = String.format(Locale.ROOT, "team-%04d", i);
                yaml.append("  ")
                        .append(team)
                        .append("/canary:\n    version: 17.0.")
                        .append(canary[i])
                        .append('\n');
                yaml.append("  ")
                        .append(team)
                        .append("/current:\n    version: 17.0.")
                        .append(current[i])
                        .append("\n    promote: {from: ")
                        .append(team)
                        .append("/canary, after: ")
                        .append(i == 0 ? "1000d" : "48h")
                        .append("}\n");
                yaml.append("  ")
                        .append(team)
                        .append("/stable:\n    version: 17.0.")
                        .append(stable[i])
                        .append("   # pinned to 17.x\n    promote: {from: ")
                        .append(team)
                        .append("/current, after: 7d}\n");
            }
            for (int i = 0; i < plain; i++) {
                yaml.append("  ")
                        .append(String.format(Locale.ROOT, "fleet-%05d", i))
                        .append(":\n    version: 17.")
                        .append(i % 5)
                        .append('.')
                        .append(fleet[i])
                        .append("\n    critical: ")
                        .append(i % 13 == 0)
                        .append('\n');
            }
            return yaml.toString();
        }

        private static ObjectId commit(ObjectInserter inserter, String content, Instant time, ObjectId parent)
                throws IOException {
            TreeFormatter tree = new TreeFormatter();
            tree.append(
                    "channels.yaml",
                    FileMode.REGULAR_FILE,
                    inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8)));
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(inserter.insert(tree));
            if (parent != null) {
                commit.setParentId(parent);
            }
            PersonIdent ident = new PersonIdent("Benchmark", "benchmark@example.invalid", time, ZoneOffset.UTC);
            commit.setAuthor(ident);
            commit.setCommitter(ident);
            commit.setMessage("change at " + time + "\n");
            return inserter.insert(commit);
        }
    }

    /** Plans measured per scenario by the one-off run. */
    private static final int RUNS = 7;

    /**
     * A one-off run of the given size, printed with its section of docs/benchmarks.md; the full and smoke runs report
     * it through {@link Report}.
     */
    public static void main(String[] args) throws Exception {
        int channels = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int commits = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        List<Scenario> scenarios = args.length > 2
                ? Arrays.stream(args).skip(2).map(Scenario::valueOf).toList()
                : List.of(Scenario.values());
        Path work = Files.createTempDirectory("release-channels-promote-");
        String loadBefore = Machine.load();
        try {
            List<Row> rows = new PromoteBenchmark(channels, commits, RUNS, true, work).run(scenarios);
            for (Row row : rows) {
                System.out.printf(
                        Locale.ROOT,
                        "%s: %,d channels, %,d commits, %d sources read, %d due: plan %s ms "
                                + "(history alone %s ms, JGit reading every revision %s ms; medians; plan samples %s)%n",
                        row.scenario().label,
                        row.channels(),
                        row.commits(),
                        row.sources(),
                        row.due(),
                        Samples.millis(row.plan().median()),
                        Samples.millis(row.history().median()),
                        Samples.millis(row.blobs().median()),
                        row.plan().list());
            }
            System.out.println();
            section(rows, RUNS, true).forEach(System.out::println);
            System.out.println("Measured with -Xmx" + (Runtime.getRuntime().maxMemory() >> 20) + "m; load averages "
                    + "(1, 5, 15 min, as `uptime`) at the start " + loadBefore + ", at the end " + Machine.load()
                    + ".");
        } finally {
            PathUtils.deleteDirectory(work);
        }
    }
}
