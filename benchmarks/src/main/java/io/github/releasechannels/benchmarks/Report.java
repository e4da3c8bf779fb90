// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
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
    record Environment(
            Machine machine,
            String maven,
            String mavenOpts,
            String rclone,
            String aws,
            String git,
            String s3mock,
            String moto,
            String scmPublish,
            String revision,
            Duration elapsed,
            String loadBefore,
            String loadAfter) {}

    private final Config config;
    private final Environment environment;
    private final GenerateBenchmark generate;
    private final List<GenerateBenchmark.Row> generateRows;
    private final List<PlanningBenchmark.Row> planningRows;
    private final List<PromoteBenchmark.Row> promoteRows;
    private final GoalsBenchmark goals;
    private final S3Benchmark s3;
    private final GitBenchmark git;
    private final StringBuilder md = new StringBuilder();
    /** Comparisons where the plugin took longer, as sentences for the closing section. */
    private final List<String> slower = new ArrayList<>();

    Report(
            Config config,
            Environment environment,
            GenerateBenchmark generate,
            List<GenerateBenchmark.Row> generateRows,
            List<PlanningBenchmark.Row> planningRows,
            List<PromoteBenchmark.Row> promoteRows,
            GoalsBenchmark goals,
            S3Benchmark s3,
            GitBenchmark git) {
        this.goals = goals;
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
        goalsSection();
        startupSection();
        s3Section();
        manifestAloneSection();
        gitSection();
        slowerSection();
        rawSection();
        return md.toString();
    }

    /**
     * {@code previous}, a report of a full run, with what an S3-only run re-measured put in its place: the classes per
     * goal, the S3 setups it ran (a setup it did not run, e.g. S3Mock, keeps its old subsection), the plan-from-the-
     * manifest section, and those setups' lines among the slower comparisons and the raw samples. A note at the top
     * of the S3 section says when, at which commit and under what load they were taken.
     */
    String renderS3Update(String previous) {
        List<String> titles = s3.runs().stream().map(Report::title).toList();
        List<String> rawPrefixes =
                s3.runs().stream().map(run -> "- " + rawSetup(run) + ",").toList();
        String classes = section(this::goalsSection);
        String s3Part = section(this::s3Section);
        String manifest = section(this::manifestAloneSection);
        String raw = section(this::s3RawLines);
        String note = "**Re-measured on their own:** the classes per goal, " + String.join(" and ", titles)
                + " were measured on "
                + ZonedDateTime.now(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT))
                + " by `bash benchmarks/run.sh --s3-moto` at commit "
                + environment.revision() + " (took " + environment.elapsed().toMinutes() + " min "
                + environment.elapsed().toSecondsPart() + " s; load averages, as `uptime`, at the start "
                + environment.loadBefore() + ", at the end " + environment.loadAfter() + "). Every other number in "
                + "this file, S3Mock's included, is from the full run described under *Machine and run*, before "
                + "the changes since its commit.";
        List<String> sections = splitBefore(previous, "## ");
        StringBuilder out = new StringBuilder();
        for (String section : sections) {
            if (section.startsWith("## Classes loaded per goal")) {
                out.append(insertAfterHeading(classes, note));
            } else if (section.startsWith("## S3:")) {
                List<String> fresh = splitBefore(s3Part, "### ");
                List<String> previousParts = splitBefore(section, "### ");
                List<String> kept = previousParts.subList(1, previousParts.size()).stream()
                        .filter(old -> titles.stream().noneMatch(title -> old.startsWith("### " + title + "\n")))
                        .map(old -> old.contains("\nCommands:\n")
                                ? old.substring(0, old.indexOf("\nCommands:\n") + 1)
                                : old)
                        .toList();
                // A kept setup keeps its heading's peers (aws) and the commands of sides this run did not measure.
                String intro = kept.isEmpty()
                        ? fresh.get(0)
                        : section.substring(0, section.indexOf('\n'))
                                + fresh.get(0).substring(fresh.get(0).indexOf('\n'));
                out.append(insertAfterHeading(intro, note));
                kept.forEach(out::append);
                String freshSetups = String.join("", fresh.subList(1, fresh.size()));
                List<String> oldCommands = section.contains("\nCommands:\n")
                        ? section.substring(section.indexOf("\nCommands:\n"))
                                .lines()
                                .filter(line -> line.startsWith("- "))
                                .filter(line -> !freshSetups.contains("\n" + line.substring(0, line.indexOf(':') + 1)))
                                .toList()
                        : List.of();
                out.append(
                        kept.isEmpty()
                                ? freshSetups
                                : withoutLines(
                                        freshSetups,
                                        line -> false,
                                        oldCommands,
                                        "\n\n",
                                        freshSetups.lastIndexOf("\nCommands:\n") + "\nCommands:\n".length()));
            } else if (section.startsWith("## A plan from the manifest alone?")) {
                out.append(manifest);
            } else if (section.startsWith("## Where this plugin is slower")) {
                out.append(withoutLines(
                        section,
                        line -> titles.stream().anyMatch(title -> line.startsWith("- " + title + ",")),
                        slower.stream().map(sentence -> "- " + sentence).toList(),
                        "\n\nBeyond"));
            } else if (section.startsWith("## Raw samples")) {
                out.append(withoutLines(
                        section,
                        line -> rawPrefixes.stream().anyMatch(line::startsWith),
                        raw.lines().toList(),
                        "\n- git "));
            } else {
                out.append(section);
            }
        }
        return out.toString();
    }

    /**
     * The report of an {@code --s3-quick} run on its own: when, where and under what load it ran, the S3 comparison
     * and its raw samples. It does not replace docs/benchmarks.md.
     */
    String renderS3Quick() {
        line("# S3 quick check");
        line();
        line("Written by `bash benchmarks/run.sh --s3-quick` on "
                + ZonedDateTime.now(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT))
                + " at commit " + environment.revision() + " (took "
                + environment.elapsed().toMinutes() + " min "
                + environment.elapsed().toSecondsPart() + " s; load averages, as `uptime`, at the start "
                + environment.loadBefore() + ", at the end " + environment.loadAfter() + "); "
                + environment.machine().processors() + " processors, MAVEN_OPTS="
                + environment.mavenOpts() + ".");
        line();
        s3Section();
        line("## Raw samples (ms)");
        line();
        s3RawLines();
        return md.toString();
    }

    /** What {@code part} appends to the report, taken out of it. */
    private String section(Runnable part) {
        int start = md.length();
        part.run();
        String text = md.substring(start);
        md.setLength(start);
        return text;
    }

    /** {@code text} cut before every line that starts with {@code heading}; the first piece is what precedes. */
    private static List<String> splitBefore(String text, String heading) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        int at = text.indexOf("\n" + heading);
        while (at >= 0) {
            pieces.add(text.substring(start, at + 1));
            start = at + 1;
            at = text.indexOf("\n" + heading, start);
        }
        pieces.add(text.substring(start));
        return pieces;
    }

    private static String insertAfterHeading(String section, String note) {
        int end = section.indexOf("\n\n") + 2;
        return section.substring(0, end) + note + "\n\n" + section.substring(end);
    }

    /** {@code section} without the lines {@code drop} picks, {@code added} put before {@code marker} (else last). */
    private static String withoutLines(
            String section, java.util.function.Predicate<String> drop, List<String> added, String marker) {
        return withoutLines(section, drop, added, marker, 0);
    }

    /** As above, looking for {@code marker} from {@code from} on. */
    private static String withoutLines(
            String section, java.util.function.Predicate<String> drop, List<String> added, String marker, int from) {
        StringBuilder kept = new StringBuilder();
        section.lines().filter(drop.negate()).forEach(line -> kept.append(line).append('\n'));
        String text = kept.toString();
        StringBuilder lines = new StringBuilder();
        added.forEach(line -> lines.append(line).append('\n'));
        int at = text.indexOf(marker, Math.max(from, 0));
        if (at < 0) {
            int end = text.stripTrailing().length() + 1;
            return text.substring(0, Math.min(end, text.length()))
                    + lines
                    + text.substring(Math.min(end, text.length()));
        }
        return text.substring(0, at + 1) + lines + text.substring(at + 1);
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
                + (config.warmUp() ? ", after a warm-up that is not recorded," : "")
                + " and reports medians. A ratio is the plugin's median "
                + "divided by the other tool's: below 1 the plugin is faster. The machine is small and shared, so "
                + "expect some noise; rerun `bash benchmarks/run.sh` to check a number.");
        line();
        line("Three ways of running the plugin are reported. *In-process* calls the plugin's own classes in an "
                + "already warm JVM: the cost of the work itself. *`mvn`* runs the goal through the Maven "
                + "wrapper in a new JVM, as CI does: what a user waits for, JVM and Maven start-up included. "
                + "*The command line* (S3 only) runs `release-channels deploy` from its distribution, the launcher "
                + "and its jar, as a project without a pom or the GitHub Action runs it: its wall time is the whole "
                + "process, start-up included, as rclone's is. "
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
        row(
                "date",
                ZonedDateTime.now(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)));
        row(
                "command",
                "`bash benchmarks/run.sh" + (config.smoke() ? " --smoke" : "") + "` (took "
                        + environment.elapsed().toMinutes() + " min "
                        + environment.elapsed().toSecondsPart() + " s)");
        row("source", "commit " + environment.revision());
        row("processors (nproc)", Integer.toString(machine.processors()));
        row("memory", machine.memory());
        row("CPU", machine.cpu());
        row("kernel (uname -r)", machine.kernel());
        row("JDK", machine.jdk());
        row(
                "Maven",
                environment.maven() + " (the project's wrapper), MAVEN_OPTS=" + environment.mavenOpts()
                        + " (the heap, and the JVM options of sample-repo/.mvn/jvm.config, what users of the sample get)");
        row("rclone", environment.rclone());
        row("aws", environment.aws());
        row("git", environment.git());
        row(
                "S3 servers",
                "Adobe S3Mock " + environment.s3mock() + " and "
                        + (environment.moto().isEmpty()
                                ? "no moto_server (not installed)"
                                : "moto_server " + environment.moto())
                        + ", on loopback");
        row(
                "load averages (1, 5, 15 min, as `uptime`)",
                "at the start " + environment.loadBefore() + ", at the end " + environment.loadAfter()
                        + "; each S3 setup's below");
        row("maven-scm-publish-plugin", environment.scmPublish());
        line();
        if (busy(environment.loadBefore(), machine.processors())
                || busy(environment.loadAfter(), machine.processors())) {
            line("**The machine was shared while this ran: its load average stood above its " + machine.processors()
                    + " processors. Both sides of each comparison ran interleaved under the same load, so the "
                    + "ratios hold better than the times, but every number here is to be re-measured on a quiet "
                    + "machine.**");
            line();
        }
    }

    /** Whether a 1-minute load average ({@code 8.70, ...}) was above the processor count. */
    private static boolean busy(String load, int processors) {
        try {
            return Double.parseDouble(load.split(",", -1)[0].trim()) > processors;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void generateSection() {
        line("## Generate");
        line();
        line("Read and validate `channels.yaml`, render the site and write it to a directory (what the `generate` "
                + "goal does). *Warm*: median of " + config.warmRuns() + " runs in this JVM after 3 unrecorded "
                + "ones. *Fresh JVM*: one run in a new `java -Xmx256m`, class loading included, median of "
                + config.coldRuns() + "; its peak heap is the sum of the heap pools' peaks (an upper bound). "
                + "*Whole `mvn`*: the goal through the Maven wrapper with `MAVEN_OPTS=" + environment.mavenOpts()
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
                + "warm time, validating and rendering took "
                + ms(largest.render().median()) + " ("
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
                + "`PublishPlanner.plan`), from the `TargetState` a target's snapshot hands over (built once per "
                + "publish, not timed). Reading the previous manifest (`Manifest.parse`) is timed apart. Median "
                + "of " + config.planningRuns() + " runs in this JVM after 2 unrecorded ones. The plan's CPU time "
                + "and the bytes it allocated are the planning thread's own (`ThreadMXBean`): on a loaded machine "
                + "they hold where the wall time stretches.");
        line();
        line("| channels | files | plan | its CPU | allocated | read the previous manifest |");
        line("|---:|---:|---:|---:|---:|---:|");
        for (PlanningBenchmark.Row row : planningRows) {
            line("| " + count(row.channels()) + " | " + count(row.files()) + " | "
                    + ms(row.plan().median()) + " | " + ms(row.planCpu().median()) + " | "
                    + mib(Math.round(row.planAllocated().median() * 1024)) + " | "
                    + ms(row.manifest().median())
                    + " |");
        }
        line();
        PlanningBenchmark.Row largest = planningRows.get(planningRows.size() - 1);
        planningRows.stream()
                .filter(row -> row.channels() == 10_000)
                .findFirst()
                .ifPresent(row -> line("Planning "
                        + count(row.channels()) + " channels took "
                        + ms(row.plan().median()) + " warm, "
                        + (row.plan().median() <= 30 ? "within" : "over") + " the 30 ms the project aims for."));
        line("Planning " + count(largest.channels()) + " channels took "
                + ms(largest.plan().median()) + ", " + (largest.plan().median() < 1000 ? "under" : "over")
                + " one second.");
        line();
    }

    private void promoteSection() {
        PromoteBenchmark.section(promoteRows, config.promoteRuns(), config.warmUp())
                .forEach(this::line);
    }

    private void goalsSection() {
        line("## Classes loaded per goal");
        line();
        line("The classes the JVM of each goal loads (`-Xlog:class+load`), Maven's own included, on a project of "
                + count(config.goalChannels()) + " channels whose channels.yaml is committed in a packed git "
                + "repository, as a CI clone is. A goal should load the AWS SDK, JGit or MINA SSHD only when it uses "
                + "them: an s3: deploy the SDK, a git target or `releaseChannels.ref` JGit, sftp MINA.");
        line();
        line("| goal | classes loaded | beyond `mvn validate` | AWS SDK | JGit | MINA SSHD |");
        line("|---|---:|---:|---:|---:|---:|");
        int validate = goals.classes().get(0).total();
        for (GoalsBenchmark.Classes row : goals.classes()) {
            line("| " + row.goal().label() + " | " + count(row.total()) + " | " + count(row.total() - validate) + " | "
                    + count(row.heavy().get("software.amazon.awssdk.")) + " | "
                    + count(row.heavy().get("org.eclipse.jgit.")) + " | "
                    + count(row.heavy().get("org.apache.sshd."))
                    + " |");
        }
        for (S3Benchmark.Run run : s3.runs()) {
            if (run.deployClasses >= 0) {
                line("| deploy to s3 (unchanged, " + count(run.setup.channels()) + " channels, " + run.server + ") | "
                        + count(run.deployClasses) + " | " + count(run.deployClasses - validate) + " | "
                        + count(run.deploySdkClasses) + " | | |");
            }
        }
        line();
    }

    private void startupSection() {
        line("## JVM options for a short build");
        line();
        line("`mvn deploy` of an unchanged site to a directory (the plugin's work without the network) and `mvn "
                + "validate` of the same project, with each set of JVM options in `MAVEN_OPTS`, each variant once per "
                + "round in an order that rotates, " + config.startupRounds() + " rounds"
                + (config.warmUp() ? " after an unrecorded one" : "")
                + "; medians of wall and CPU time (the whole process "
                + "tree's user plus system time).");
        line();
        line("| channels | JVM options | `mvn deploy` | its CPU | `mvn validate` | its CPU | plugin's share (deploy − "
                + "validate) |");
        line("|---:|---|---:|---:|---:|---:|---:|");
        for (GoalsBenchmark.StartupRow row : goals.startup()) {
            line("| " + count(row.channels()) + " | " + row.variant().label() + " | "
                    + ms(row.deployWall().median())
                    + " | " + ms(row.deployCpu().median()) + " | "
                    + ms(row.validateWall().median()) + " | "
                    + ms(row.validateCpu().median()) + " | "
                    + ms(row.deployWall().median() - row.validateWall().median()) + " |");
        }
        line();
        line("`-XX:TieredStopAtLevel=1` compiles with C1 only: a short run spends its time in code that runs a few "
                + "times, which C2 would compile too late to pay back; a long, CPU-bound run (a first publish of "
                + "many thousand files) gives up C2's faster code. `-XX:+UseSerialGC` replaces G1 with one "
                + "collector thread and no concurrent marking: less set-up and fewer threads competing for two "
                + "cores, longer pauses only on heaps far larger than a deploy's. docs/benchmarks.md's numbers "
                + "above and below are taken with the shipped options unless a row says otherwise.");
        line();
    }

    private void s3Section() {
        line("## S3: plugin vs rclone" + (s3.runs().stream().anyMatch(run -> run.setup.withAws()) ? " and aws" : ""));
        line();
        line("Each setup publishes a site to one S3 server on loopback, each side into a bucket of its own, fresh "
                + "every round: first to an empty prefix, then the same site again, then the site with one "
                + "channel's version changed, in the number of recorded rounds each setup names"
                + (config.warmUp() ? ", after a warm-up round on a 20-channel site" : "")
                + "; the order of the sides rotates "
                + "from round to round, and a `mvn validate` of the same project runs once a round among them. "
                + "The plugin's `mvn deploy` side has a bucket of its own too, so it is measured in all three "
                + "scenarios. The command line runs in a directory holding only channels.yaml, with the same "
                + "options and credentials as `mvn deploy`, after one untimed first run that wrote its launcher's "
                + "class-data archive (as a user's second and later runs, and the GitHub Action's from its cache, "
                + "have it); nothing is subtracted from its wall time. CPU is user plus system time of the whole process tree (bash's `times` after it "
                + "ended); in-process, the benchmark JVM's process CPU time over the publish. Requests are counted "
                + "from the server's own log, so every side is counted the same way; writes are PUT, COPY and "
                + "DELETE, reads are HEAD, GET (object) and LIST (bucket). S3Mock reads a bucket's files from disk for "
                + "each listing page, which makes every lister look slow; moto's `moto_server` keeps buckets in "
                + "memory, the fairer referee for a tool that lists (its request line carries no copy source, so "
                + "there a COPY counts as a PUT). "
                + "`aws s3 sync` compares size and modification time, not content, so its site's files are given "
                + "the current time before each run, as a fresh render in CI gives them.");
        line();
        if (s3.rcloneVersion().equals("not installed")) {
            line("**rclone was not installed, so it was not measured** (`apt-get install rclone`).");
            line();
        }
        if (!s3.awsFailure().isEmpty()) {
            line("**aws (" + s3.awsVersion() + ") could not publish, so it was measured no further:** "
                    + s3.awsFailure().lines().findFirst().orElse("").replace("|", "\\|"));
            line();
        }
        for (S3Benchmark.Run run : s3.runs()) {
            s3Run(run);
        }
        line("Commands:");
        line();
        s3.commands().forEach((side, command) -> line("- " + side.label + ": `" + command + "`"));
        line();
    }

    private void s3Run(S3Benchmark.Run run) {
        String title = title(run);
        line("### " + title);
        line();
        if (!run.skipped.isEmpty()) {
            line("**Skipped: " + run.skipped + ".**");
            line();
            return;
        }
        line(count(run.files) + " files; " + run.setup.rounds() + " recorded round"
                + (run.setup.rounds() == 1 ? "" : "s") + ", medians; load averages at the start: " + run.load + ".");
        line();
        line("| scenario | side | median | CPU | ratio to rclone | writes | reads |");
        line("|---|---|---:|---:|---:|---|---|");
        for (var scenario : run.results.entrySet()) {
            Samples rclone = scenario.getValue().get(S3Benchmark.Side.RCLONE).wall();
            for (var side : scenario.getValue().entrySet()) {
                S3Benchmark.Series series = side.getValue();
                if (series.wall().isEmpty()) {
                    continue;
                }
                boolean isPlugin = side.getKey() != S3Benchmark.Side.RCLONE && side.getKey() != S3Benchmark.Side.AWS;
                line("| " + scenario.getKey().label + " | " + side.getKey().label + " | "
                        + ms(series.wall().median())
                        + " | " + ms(series.cpu().median()) + " | "
                        + (isPlugin && !rclone.isEmpty() ? Samples.ratio(Samples.ratio(series.wall(), rclone)) : "")
                        + " | " + counts(series, true) + " | " + counts(series, false) + " |");
                if ((side.getKey() == S3Benchmark.Side.PLUGIN || side.getKey() == S3Benchmark.Side.CLI)
                        && !rclone.isEmpty()) {
                    compare(
                            title + ", " + scenario.getKey().label + ": " + side.getKey().label,
                            series.wall(),
                            "rclone",
                            rclone);
                }
            }
        }
        line();
        Samples validate = run.validate.wall();
        line("The plugin's share of `mvn deploy`: its median wall time minus the median of `mvn validate` of the same "
                + "project (" + ms(validate.median()) + " wall, "
                + ms(run.validate.cpu().median()) + " CPU: the JVM "
                + "and Maven's start-up), beside rclone's whole run, start-up included.");
        line();
        line("| scenario | `mvn deploy` | plugin's share | rclone --fast-list | share / rclone | plugin's CPU share | "
                + "rclone's CPU | requests plugin / rclone |");
        line("|---|---:|---:|---:|---:|---:|---:|---|");
        boolean withBefore = !run.results
                .get(S3Benchmark.Scenario.FIRST)
                .get(S3Benchmark.Side.PLUGIN_MAVEN_BEFORE)
                .wall()
                .isEmpty();
        for (var scenario : run.results.entrySet()) {
            for (S3Benchmark.Side side : List.of(S3Benchmark.Side.PLUGIN_MAVEN, S3Benchmark.Side.PLUGIN_MAVEN_BEFORE)) {
                S3Benchmark.Series deploy = scenario.getValue().get(side);
                S3Benchmark.Series rclone = scenario.getValue().get(S3Benchmark.Side.RCLONE);
                if (deploy.wall().isEmpty()) {
                    continue;
                }
                String label = scenario.getKey().label
                        + (withBefore ? (side == S3Benchmark.Side.PLUGIN_MAVEN ? ", this build" : ", before") : "");
                double share = deploy.wall().median() - validate.median();
                double cpuShare = deploy.cpu().median() - run.validate.cpu().median();
                line("| " + label + " | " + ms(deploy.wall().median()) + " | " + ms(share) + " | "
                        + ms(rclone.wall().median()) + " | "
                        + Samples.ratio(share / rclone.wall().median()) + " | "
                        + ms(cpuShare) + " | " + ms(rclone.cpu().median()) + " | " + total(deploy) + " / "
                        + total(rclone) + " |");
                if (side == S3Benchmark.Side.PLUGIN_MAVEN
                        && !rclone.wall().isEmpty()
                        && share > rclone.wall().median() * 1.05) {
                    slower.add(title + ", " + scenario.getKey().label + ": the plugin's share of `mvn deploy` took "
                            + ms(share) + ", rclone's whole run "
                            + ms(rclone.wall().median()) + " ("
                            + Samples.ratio(share / rclone.wall().median()) + " times as long).");
                }
            }
        }
        line();
        if (run.deployClasses >= 0) {
            line("An unchanged `mvn deploy` of this site loaded " + count(run.deployClasses) + " classes, "
                    + count(run.deploySdkClasses) + " of them the AWS SDK's"
                    + (run.deployClassesBefore >= 0
                            ? "; the build before the change " + count(run.deployClassesBefore) + ", "
                                    + count(run.deploySdkClassesBefore) + " of them the SDK's"
                            : "")
                    + ".");
            line();
        }
        if (run.cliClasses >= 0) {
            line("An unchanged `release-channels deploy` loaded " + count(run.cliClasses) + " classes, "
                    + count(run.cliSdkClasses) + " of them the AWS SDK's, " + count(run.cliArchivedClasses)
                    + " from the launcher's class-data archive.");
            line();
        }
    }

    /**
     * Whether a plan from the manifest alone (no listing) would pay: the cost of the listing, from this run, and what
     * it protects against. Written as an analysis; the pipeline keeps the listing.
     */
    private void manifestAloneSection() {
        line("## A plan from the manifest alone?");
        line();
        line("An S3 publish plans from a snapshot: the bucket's listing under the prefix (ListObjectsV2, 1,000 keys a "
                + "page) plus the manifest, which records each object's hash, ETag and headers. A plan from the "
                + "manifest alone would GET the manifest, take the lock, write each changed file with a "
                + "conditional write on the ETag the manifest recorded (`If-Match`, or `If-None-Match: *` for a new "
                + "file), swap the manifest with `If-Match` and release the lock: about 6 requests at any size, "
                + "where the listing adds one LIST a 1,000 files.");
        line();
        for (S3Benchmark.Run run : s3.runs()) {
            S3Benchmark.Series unchanged =
                    run.results.get(S3Benchmark.Scenario.UNCHANGED).get(S3Benchmark.Side.PLUGIN);
            if (run.skipped.isEmpty() && !unchanged.counts().isEmpty()) {
                RequestCounts counts = unchanged.counts().get(0);
                line("- " + count(run.files) + " files on " + run.server + ": an unchanged publish in-process made "
                        + counts.describeReads() + " and took "
                        + ms(unchanged.wall().median()) + ".");
            }
        }
        line();
        line("What the listing buys is that the plan compares with what the bucket holds, not with what the last "
                + "publish believed it wrote:");
        line();
        line("- an object changed or deleted by hand (the console, `aws s3 cp`, a lifecycle rule) is seen by its "
                + "ETag or its absence and put back; from the manifest alone the plan would call it unchanged, and "
                + "agents would keep reading the wrong version, or a 404, until that channel changes in git;");
        line("- a publish killed after some writes but before its manifest leaves objects the manifest does not "
                + "describe; if the next commit returns a channel to the manifest's version, the manifest-only "
                + "plan would leave the killed publish's version served, a version git no longer names;");
        line("- the downgrade guard reads the versions the target serves, which only a read of the target can give.");
        line();
        line("Conditional writes on recorded ETags catch an out-of-band edit only on the files a plan writes; the "
                + "ones it leaves are never checked. So the listing stays: it costs one LIST a 1,000 files (the "
                + "numbers above), and it is what "
                + "makes every publish converge on git. What can go is the second listing a writing publish makes "
                + "under the lock: when the manifest read under the lock still has the ETag the first snapshot saw, "
                + "nothing changed in between and that snapshot can be planned from (issue 18, item 3, with the "
                + "lock lease work); a store edited by hand between the two is caught at the next publish, as now.");
        line();
    }

    /** Every request of the recorded rounds, one number when each round made as many. */
    private static String total(S3Benchmark.Series series) {
        List<String> distinct = series.counts().stream()
                .map(counts -> Integer.toString(
                        counts.writes() + counts.head() + counts.get() + counts.list() + counts.other()))
                .distinct()
                .toList();
        return distinct.isEmpty() ? "n/a" : String.join("/", distinct);
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
            line("| " + count(entry.getKey()) + " | "
                    + ms(bySide.get(GitBenchmark.Side.PLUGIN).median()) + " | "
                    + ms(mavenSide.median()) + " | " + ms(scm.median()) + " | "
                    + Samples.ratio(Samples.ratio(mavenSide, scm)) + " |");
            compare(
                    "git, " + count(entry.getKey()) + " commits of history: plugin (`mvn deploy`)",
                    mavenSide,
                    "maven-scm-publish-plugin",
                    scm);
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
        line(String.format(
                Locale.ROOT,
                "From %s to %s commits of history the plugin's time changed by a factor of "
                        + "%.2f in-process and %.2f through `mvn` (%s), maven-scm-publish-plugin's by %.2f.",
                count(shortest),
                count(longest),
                ours,
                oursMaven,
                Math.abs(ours - 1) <= 0.25
                        ? "independent of history length within 25 %"
                        : "not independent of history length",
                theirs));
        line();
    }

    private double growth(GitBenchmark.Side side, int shortest, int longest) {
        return git.results().get(longest).get(side).median()
                / git.results().get(shortest).get(side).median();
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
                    + row.render().list() + "; plain Files.write "
                    + row.plainWrite().list() + "; fresh JVM "
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
        for (GoalsBenchmark.StartupRow row : goals.startup()) {
            line("- start-up, " + count(row.channels()) + " channels, "
                    + row.variant().options() + ": deploy "
                    + row.deployWall().list() + " (CPU " + row.deployCpu().list() + "); validate "
                    + row.validateWall().list() + " (CPU " + row.validateCpu().list() + ")");
        }
        s3RawLines();
        git.results()
                .forEach((history, bySide) -> bySide.forEach((side, samples) ->
                        line("- git " + count(history) + " commits, " + side.label + ": " + samples.list())));
    }

    private void s3RawLines() {
        for (S3Benchmark.Run run : s3.runs()) {
            String setup = rawSetup(run);
            if (!run.validate.wall().isEmpty()) {
                line("- " + setup + ", `mvn validate`: " + run.validate.wall().list() + " (CPU "
                        + run.validate.cpu().list() + ")");
            }
            run.results.forEach((scenario, bySide) -> bySide.forEach((side, series) -> {
                if (!series.wall().isEmpty()) {
                    line("- " + setup + ", " + scenario.label + ", " + side.label + ": "
                            + series.wall().list() + " (CPU " + series.cpu().list() + ")");
                }
            }));
        }
    }

    /** A setup's subsection title, e.g. "1,000 channels on moto_server 5.2.1". */
    private static String title(S3Benchmark.Run run) {
        return count(run.setup.channels()) + " channels on "
                + (run.server.isEmpty() ? run.setup.server().name().toLowerCase(Locale.ROOT) : run.server);
    }

    /** A setup as its raw samples name it, e.g. "S3 1,000 on moto". */
    private static String rawSetup(S3Benchmark.Run run) {
        return "S3 " + count(run.setup.channels()) + " on "
                + run.setup.server().name().toLowerCase(Locale.ROOT);
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
                .map(counts -> writes ? counts.describeWrites() : counts.describeReads())
                .distinct()
                .toList();
        return String.join(" / ", distinct);
    }

    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "n/a";
        }
        return millis >= 10_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000) : Samples.millis(millis) + " ms";
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1024.0 / 1024.0);
    }

    static String count(long value) {
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
