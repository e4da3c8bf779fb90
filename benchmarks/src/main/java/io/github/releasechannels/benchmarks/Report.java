package io.github.releasechannels.benchmarks;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown report. Every number in it comes from the run; the sentences that compare are chosen by the
 * numbers, so the text cannot claim more than was measured.
 */
final class Report {

    /** What the run was made with. */
    record Environment(Machine machine, String maven, String rclone, String aws, String git, String s3mock, String scmPublish,
            String revision, Duration elapsed) {
    }

    private final Config config;
    private final Environment environment;
    private final GenerateBenchmark generate;
    private final List<GenerateBenchmark.Row> generateRows;
    private final List<PlanningBenchmark.Row> planningRows;
    private final List<PromoteBenchmark.Row> promoteRows;
    private final S3Benchmark s3;
    private final GitBenchmark git;
    private final StringBuilder md = new StringBuilder();
    /** Comparisons where the plugin took longer, as sentences for the closing section. */
    private final List<String> slower = new ArrayList<>();

    Report(Config config, Environment environment, GenerateBenchmark generate,
            List<GenerateBenchmark.Row> generateRows, List<PlanningBenchmark.Row> planningRows,
            List<PromoteBenchmark.Row> promoteRows, S3Benchmark s3, GitBenchmark git) {
        this.config = config;
        this.environment = environment;
        this.generate = generate;
        this.generateRows = generateRows;
        this.planningRows = planningRows;
        this.promoteRows = promoteRows;
        this.s3 = s3;
        this.git = git;
    }

    String render() {
        header();
        generateSection();
        planningSection();
        promoteSection();
        s3Section();
        gitSection();
        slowerSection();
        rawSection();
        return md.toString();
    }

    private void header() {
        line("# Benchmarks");
        line();
        if (config.smoke()) {
            line("**Smoke run: tiny sizes, one repetition. These numbers show that the benchmarks run, not how fast "
                    + "anything is.**");
            line();
        }
        line("This file is written by `benchmarks/run.sh` from what it measured; nothing in it is edited by hand. "
                + "Each comparison runs both sides in the same run, alternating their order round by round"
                + (config.warmUp() ? ", after a warm-up that is not recorded," : "") + " and reports medians. A ratio is the plugin's median "
                + "divided by the other tool's: below 1 the plugin is faster. The machine is small and shared, so "
                + "expect some noise; rerun `bash benchmarks/run.sh` to check a number.");
        line();
        line("Two ways of running the plugin are reported. *In-process* calls the plugin's own classes in an "
                + "already warm JVM: the cost of the work itself. *`mvn`* runs the goal through the Maven "
                + "wrapper in a new JVM, as CI does: what a user waits for, JVM and Maven start-up included. "
                + "rclone, aws and maven-scm-publish-plugin are always run as the command a user would type. "
                + "*The plugin's share of `mvn deploy`* is that run's wall time minus a `mvn validate` of the same "
                + "project: the plugin's work and its class loading, without the JVM and Maven start-up every "
                + "Maven goal pays.");
        line();
        line("## Machine and run");
        line();
        line("| | |");
        line("|---|---|");
        Machine machine = environment.machine();
        row("date", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'",
                Locale.ROOT)));
        row("command", "`bash benchmarks/run.sh" + (config.smoke() ? " --smoke" : "") + "` (took "
                + environment.elapsed().toMinutes() + " min " + environment.elapsed().toSecondsPart() + " s)");
        row("source", "commit " + environment.revision());
        row("processors (nproc)", Integer.toString(machine.processors()));
        row("memory", machine.memory());
        row("CPU", machine.cpu());
        row("kernel (uname -r)", machine.kernel());
        row("JDK", machine.jdk());
        row("Maven", environment.maven() + " (the project's wrapper), MAVEN_OPTS=" + Maven.MAVEN_OPTS);
        row("rclone", environment.rclone());
        row("aws", environment.aws());
        row("git", environment.git());
        row("S3 server", "Adobe S3Mock " + environment.s3mock() + " on loopback");
        row("maven-scm-publish-plugin", environment.scmPublish());
        line();
    }

    private void generateSection() {
        line("## Generate");
        line();
        line("Read and validate `channels.yaml`, render the site and write it to a directory (what the `generate` "
                + "goal does). *Warm*: median of " + config.warmRuns() + " runs in this JVM after 3 unrecorded "
                + "ones. *Fresh JVM*: one run in a new `java -Xmx256m`, class loading included, median of "
                + config.coldRuns() + "; its peak heap is the sum of the heap pools' peaks (an upper bound). "
                + "*Whole `mvn`*: the goal through the Maven wrapper with `MAVEN_OPTS=" + Maven.MAVEN_OPTS
                + "`, median of " + config.mavenRuns() + (config.warmUp() ? " after one unrecorded run." : "."));
        line();
        line("| channels | files | bytes | inside the plugin, warm | of which validate + render | same files by "
                + "plain `Files.write` | inside the plugin, fresh JVM | peak heap, fresh JVM | whole `mvn` |");
        line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (GenerateBenchmark.Row row : generateRows) {
            line("| " + count(row.channels()) + " | " + count(row.files()) + " | " + count(row.bytes()) + " | "
                    + ms(row.warm().median()) + " | " + ms(row.render().median()) + " | "
                    + ms(row.plainWrite().median()) + " | " + ms(row.cold().median()) + " | "
                    + mib(row.peakHeapBytes()) + " | " + ms(row.maven().median()) + " |");
        }
        line();
        line("Commands: in-process, `ChannelsLoader.load` + `SiteRenderer.render` + `SiteWriter.write`; fresh JVM, `"
                + generate.coldCommand() + "`; whole `mvn`, `" + generate.mavenCommand() + "` with the "
                + "channels file in the project directory.");
        line();
        GenerateBenchmark.Row largest = generateRows.get(generateRows.size() - 1);
        double cold = largest.cold().median();
        line("With " + count(largest.channels()) + " channels, generation took " + ms(cold)
                + " inside the plugin in a fresh JVM (" + ms(largest.warm().median()) + " warm), "
                + (cold < 1000 ? "under" : "over") + " one second, and completed within -Xmx256m with a peak heap "
                + "of at most " + mib(largest.peakHeapBytes()) + ". The whole `mvn` run took "
                + ms(largest.maven().median()) + "; the difference is JVM and Maven start-up and logging. Of the "
                + "warm time, validating and rendering took " + ms(largest.render().median()) + " ("
                + (largest.render().median() < 1000 ? "under" : "over") + " one second); the rest is the "
                + "filesystem: writing the same " + count(largest.files()) + " files with plain `Files.write` and "
                + "removing the previous tree took " + ms(largest.plainWrite().median()) + " on this disk.");
        line();
    }

    private void planningSection() {
        line("## Planning");
        line();
        line("The in-memory work of a publish between reading the target and writing to it: the downgrade guard, "
                + "the paths to compare and the plan, for a one-channel change against a target that holds the "
                + "previous publish (`DowngradeGuard.check` + `PublishPlanner.pathsToCompare` + "
                + "`PublishPlanner.plan`). Reading the previous manifest (`Manifest.parse`) is timed apart. Median "
                + "of " + config.planningRuns() + " runs in this JVM after 2 unrecorded ones.");
        line();
        line("| channels | files | plan | read the previous manifest |");
        line("|---:|---:|---:|---:|");
        for (PlanningBenchmark.Row row : planningRows) {
            line("| " + count(row.channels()) + " | " + count(row.files()) + " | " + ms(row.plan().median()) + " | "
                    + ms(row.manifest().median()) + " |");
        }
        line();
        PlanningBenchmark.Row largest = planningRows.get(planningRows.size() - 1);
        line("Planning " + count(largest.channels()) + " channels took " + ms(largest.plan().median()) + ", "
                + (largest.plan().median() < 1000 ? "under" : "over") + " one second.");
        line();
    }

    private void promoteSection() {
        line("## Promote");
        line();
        line("Planning a `promote` run in this JVM (`PromotionRun.plan`, after `ChannelsFileParser.parse` of the file "
                + "at `HEAD`): read the first-parent history of the sources the plan needs, plan, and validate the "
                + "runs due promotions rest on. The repository is generated and packed like a fresh clone: a quarter "
                + "of the channels in canary → current → stable chains (48 h, then 7 d), one commit an hour bumping "
                + "one channel that is no promotion's target (every tenth commit, five), and a simulated hourly "
                + "promote job committing each promotion as it becomes due. One chain's current soaks 1000 d on a "
                + "canary that never changes, so every walk reads the whole history. *History alone* is "
                + "`ChannelHistory.read` of the same sources; *JGit alone* reads each first-parent commit and its "
                + "file's bytes and nothing else, the floor of any reader of the whole history. Median of " + config.promoteRuns() + " runs after 2 "
                + "unrecorded ones (3 after 1 where a channel is added every tenth commit).");
        line();
        line("| history | channels | commits | sources read | due | plan | history alone | JGit alone |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (PromoteBenchmark.Row row : promoteRows) {
            line("| " + row.scenario().label + " | " + count(row.channels()) + " | " + count(row.commits()) + " | "
                    + row.sources() + " | " + row.due() + " | " + ms(row.plan().median()) + " | "
                    + ms(row.history().median()) + " | " + ms(row.blobs().median()) + " |");
        }
        line();
        PromoteBenchmark.Row hourly = promoteRows.get(0);
        line("With hourly promote runs, planning over " + count(hourly.commits()) + " commits of a "
                + count(hourly.channels()) + "-channel file took " + ms(hourly.plan().median()) + ", "
                + (hourly.plan().median() < 1000 ? "under" : "over") + " one second. A revision that differs from "
                + "the next only in versions and comments is derived from it; a channel added changes the structure, "
                + "so that revision is parsed in full; on a first promote run every chain is due and each due run's "
                + "first revision is validated in full.");
        line();
    }

    private void s3Section() {
        line("## S3: plugin vs rclone and aws");
        line();
        line("A site of " + count(config.s3Channels()) + " channels (" + count(s3.files()) + " files) published "
                + "to S3Mock by each side into a bucket of its own, fresh every round: first to an empty "
                + "prefix, then the same site again, then the site with one channel's version changed. "
                + config.s3Repetitions() + " recorded rounds" + (config.warmUp() ? ", after a warm-up round on a "
                + "20-channel site" : "") + ". The plugin's `mvn deploy` side shares the in-process side's bucket and "
                + "skips the first publish (the in-process work plus start-up, which would double the benchmark's "
                + "time); its change sets the same channel to yet another version, so it is a one-channel change "
                + "whichever side goes first. "
                + "`aws s3 sync` compares size and modification time, not content, so its site's files are "
                + "given the current time before each run, as a fresh render in CI gives them: it then uploads "
                + "every file whose time is newer than the bucket's. "
                + "Requests are counted from S3Mock's access log, so "
                + "every side is counted the same way; writes are PUT, COPY and DELETE, reads are HEAD, GET "
                + "(object) and LIST (bucket).");
        line();
        if (s3.rcloneMissing()) {
            line("**rclone was not installed, so it was not measured** (`apt-get install rclone`).");
            line();
        }
        if (!s3.awsFailure().isEmpty()) {
            line("**aws (" + s3.awsVersion() + ") could not publish to S3Mock, so it was measured no further:** "
                    + s3.awsFailure().lines().findFirst().orElse("").replace("|", "\\|"));
            line();
        } else if (s3.awsMissing()) {
            line("**aws was not installed, so it was not measured** (`apt-get install awscli`).");
            line();
        }
        line("| scenario | side | median | ratio to rclone | ratio to aws | writes | reads |");
        line("|---|---|---:|---:|---:|---|---|");
        for (var scenario : s3.results().entrySet()) {
            Map<S3Benchmark.Side, S3Benchmark.Series> bySide = scenario.getValue();
            Samples rclone = bySide.get(S3Benchmark.Side.RCLONE).samples();
            Samples aws = bySide.get(S3Benchmark.Side.AWS).samples();
            for (var side : bySide.entrySet()) {
                if (side.getValue().samples().isEmpty()) {
                    continue;
                }
                boolean isPlugin = side.getKey() == S3Benchmark.Side.PLUGIN
                        || side.getKey() == S3Benchmark.Side.PLUGIN_MAVEN;
                Samples samples = side.getValue().samples();
                line("| " + scenario.getKey().label + " | " + side.getKey().label + " | " + ms(samples.median())
                        + " | " + (isPlugin && !rclone.isEmpty() ? Samples.ratio(Samples.ratio(samples, rclone)) : "")
                        + " | " + (isPlugin && !aws.isEmpty() ? Samples.ratio(Samples.ratio(samples, aws)) : "")
                        + " | " + counts(side.getValue(), true) + " | " + counts(side.getValue(), false) + " |");
                if (isPlugin && !rclone.isEmpty()) {
                    compare("S3, " + scenario.getKey().label + ": " + side.getKey().label, samples, "rclone", rclone);
                }
                if (isPlugin && !aws.isEmpty()) {
                    compare("S3, " + scenario.getKey().label + ": " + side.getKey().label, samples, "aws", aws);
                }
            }
        }
        line();
        shareOfMavenDeploy();
        line("Commands:");
        line();
        s3.commands().forEach((side, command) -> line("- " + side.label + ": `" + command + "`"));
        line();
        var unchanged = s3.results().get(S3Benchmark.Scenario.UNCHANGED);
        S3Benchmark.Series plugin = unchanged.get(S3Benchmark.Side.PLUGIN);
        int maxWrites = plugin.counts().stream().mapToInt(RequestCounts::writes).max().orElse(-1);
        StringBuilder verdict = new StringBuilder("Unchanged re-publish: the plugin made " + maxWrites
                + " write" + (maxWrites == 1 ? "" : "s") + (maxWrites == 0 ? " (the goal is zero)" : ", not zero") + ".");
        Samples rclone = unchanged.get(S3Benchmark.Side.RCLONE).samples();
        if (!rclone.isEmpty()) {
            verdict.append(" In-process it took ").append(ms(plugin.samples().median())).append(" against rclone's ")
                    .append(ms(rclone.median())).append(", ")
                    .append(plugin.samples().median() < rclone.median() ? "faster" : "slower")
                    .append("; through `mvn` it took ")
                    .append(ms(unchanged.get(S3Benchmark.Side.PLUGIN_MAVEN).samples().median())).append('.');
        }
        line(verdict.toString());
        line();
    }

    /** The plugin's share of a `mvn deploy` (its wall minus a `mvn validate`) beside the peers' whole wall. */
    private void shareOfMavenDeploy() {
        Samples validate = s3.mavenValidate();
        line("The plugin's share of `mvn deploy`: its median wall time minus the median of "
                + "`mvn validate` of the same project (" + ms(validate.median()) + ", Maven's start-up), beside the "
                + "peers' whole wall time, start-up included.");
        line();
        line("| scenario | `mvn deploy` | plugin's share | rclone (whole) | aws (whole) | share / rclone | "
                + "share / aws |");
        line("|---|---:|---:|---:|---:|---:|---:|");
        for (var scenario : s3.results().entrySet()) {
            Samples deploy = scenario.getValue().get(S3Benchmark.Side.PLUGIN_MAVEN).samples();
            if (deploy.isEmpty()) {
                continue;
            }
            double share = deploy.median() - validate.median();
            double rclone = scenario.getValue().get(S3Benchmark.Side.RCLONE).samples().median();
            double aws = scenario.getValue().get(S3Benchmark.Side.AWS).samples().median();
            line("| " + scenario.getKey().label + " | " + ms(deploy.median()) + " | " + ms(share) + " | "
                    + ms(rclone) + " | " + ms(aws) + " | " + Samples.ratio(share / rclone) + " | "
                    + Samples.ratio(share / aws) + " |");
            if (share > rclone * 1.05) {
                slower.add("S3, " + scenario.getKey().label + ": the plugin's share of `mvn deploy` took " + ms(share)
                        + ", rclone's whole run " + ms(rclone) + ".");
            }
        }
        line();
    }

    private void gitSection() {
        line("## Git: plugin vs maven-scm-publish-plugin");
        line();
        line("A one-channel change to a site of " + count(config.gitChannels()) + " channels (" + count(git.files())
                + " files) published with `git+file://` to a bare repository whose `gh-pages` branch has a short "
                + "and a long history (built object by object with JGit, one channel's version changing per "
                + "commit, then packed). The branch is reset to the same tip before every publish, and each publish "
                + "is checked to have added one commit with the changed version. " + config.gitRepetitions()
                + " recorded rounds per history.");
        line();
        line("| commits of history | plugin (in-process) | plugin (`mvn deploy`) | maven-scm-publish-plugin | ratio "
                + "(`mvn deploy` / scm-publish) |");
        line("|---:|---:|---:|---:|---:|");
        for (var entry : git.results().entrySet()) {
            Map<GitBenchmark.Side, Samples> bySide = entry.getValue();
            Samples mavenSide = bySide.get(GitBenchmark.Side.PLUGIN_MAVEN);
            Samples scm = bySide.get(GitBenchmark.Side.SCM_PUBLISH);
            line("| " + count(entry.getKey()) + " | " + ms(bySide.get(GitBenchmark.Side.PLUGIN).median()) + " | "
                    + ms(mavenSide.median()) + " | " + ms(scm.median()) + " | "
                    + Samples.ratio(Samples.ratio(mavenSide, scm)) + " |");
            compare("git, " + count(entry.getKey()) + " commits of history: plugin (`mvn deploy`)", mavenSide,
                    "maven-scm-publish-plugin", scm);
        }
        line();
        line("Commands:");
        line();
        git.commands().forEach((side, command) -> line("- " + side.label + ": `" + command + "`"));
        line();
        List<Integer> histories = new ArrayList<>(git.results().keySet());
        int shortest = histories.get(0);
        int longest = histories.get(histories.size() - 1);
        double ours = growth(GitBenchmark.Side.PLUGIN, shortest, longest);
        double oursMaven = growth(GitBenchmark.Side.PLUGIN_MAVEN, shortest, longest);
        double theirs = growth(GitBenchmark.Side.SCM_PUBLISH, shortest, longest);
        line(String.format(Locale.ROOT, "From %s to %s commits of history the plugin's time changed by a factor of "
                + "%.2f in-process and %.2f through `mvn` (%s), maven-scm-publish-plugin's by %.2f.",
                count(shortest), count(longest), ours, oursMaven,
                Math.abs(ours - 1) <= 0.25 ? "independent of history length within 25 %"
                        : "not independent of history length", theirs));
        line();
    }

    private double growth(GitBenchmark.Side side, int shortest, int longest) {
        return git.results().get(longest).get(side).median() / git.results().get(shortest).get(side).median();
    }

    private void slowerSection() {
        line("## Where this plugin is slower");
        line();
        if (slower.isEmpty()) {
            line("In every comparison of this run the plugin's median was at most 5 % above the other tool's.");
        } else {
            line("Every comparison of this run in which the plugin's median was more than 5 % above the other "
                    + "tool's:");
            line();
            slower.forEach(sentence -> line("- " + sentence));
        }
        line();
        line("Beyond the medians: start-up is the plugin's largest cost whenever little changes. A `mvn` run starts "
                + "a JVM and Maven before the plugin does any work (see the difference between the in-process and "
                + "`mvn` columns), while rclone is a native binary.");
        line();
    }

    private void rawSection() {
        line("## Raw samples (ms)");
        line();
        for (GenerateBenchmark.Row row : generateRows) {
            line("- generate " + count(row.channels()) + ": warm " + row.warm().list() + "; validate + render "
                    + row.render().list() + "; plain Files.write " + row.plainWrite().list() + "; fresh JVM "
                    + row.cold().list() + "; mvn " + row.maven().list());
        }
        for (PlanningBenchmark.Row row : planningRows) {
            line("- planning " + count(row.channels()) + ": plan " + row.plan().list() + "; read the manifest "
                    + row.manifest().list());
        }
        for (PromoteBenchmark.Row row : promoteRows) {
            line("- promote, " + row.scenario().label + ": plan " + row.plan().list() + "; history alone "
                    + row.history().list() + "; JGit alone " + row.blobs().list());
        }
        line("- `mvn validate` of the S3 project: " + s3.mavenValidate().list());
        s3.results().forEach((scenario, bySide) -> bySide.forEach((side, series) -> {
            if (!series.samples().isEmpty()) {
                line("- S3 " + scenario.label + ", " + side.label + ": " + series.samples().list());
            }
        }));
        git.results().forEach((history, bySide) -> bySide.forEach((side, samples) ->
                line("- git " + count(history) + " commits, " + side.label + ": " + samples.list())));
    }

    private void compare(String what, Samples ours, String otherName, Samples other) {
        double ratio = Samples.ratio(ours, other);
        if (ratio > 1.05) {
            slower.add(what + " took " + ms(ours.median()) + ", " + otherName + " " + ms(other.median()) + " ("
                    + Samples.ratio(ratio) + " times as long).");
        }
    }

    /** The counts of the recorded rounds: one value when every round made the same requests, else each. */
    private static String counts(S3Benchmark.Series series, boolean writes) {
        List<String> distinct = series.counts().stream()
                .map(counts -> writes ? counts.describeWrites() : counts.describeReads()).distinct().toList();
        return String.join(" / ", distinct);
    }

    private static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "n/a";
        }
        return millis >= 10_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000)
                : Samples.millis(millis) + " ms";
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1024.0 / 1024.0);
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private void row(String name, String value) {
        line("| " + name + " | " + value.replace("|", "\\|") + " |");
    }

    private void line(String text) {
        md.append(text).append('\n');
    }

    private void line() {
        md.append('\n');
    }
}
