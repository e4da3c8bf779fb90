// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import io.github.releasechannels.cli.ReleaseChannelsCli;
import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.PublishGuard;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.publish.PublishRefusedException;
import io.github.releasechannels.publish.PublishRequest;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.Publishers;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.TargetOptions;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.publish.s3.S3Options;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.workflow.Options;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.io.file.PathUtils;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The plugin's s3:// target, through Maven and through the command line, against {@code rclone sync --checksum
 * --fast-list} (and {@code aws s3 sync --delete} where a setup asks for it), on one S3 server per setup: a first
 * publish to an empty prefix, the same site again, then a site with one channel changed. Each side has its own
 * bucket per round, so every round starts from the same state; the order of the sides rotates from round to round,
 * and a {@code mvn validate} of the same project, run once a round among them, measures what Maven costs before the
 * plugin runs. Wall and CPU time are taken for every run, the requests from the server's log.
 */
final class S3Benchmark {

    static final String ACCESS_KEY = "bench-access-key";
    static final String SECRET_KEY = "bench-secret-key";
    static final String REGION = "us-east-1";
    /**
     * The aws on the PATH, as a user would type it. Debian 12's awscli 2.9.19 waits for a "100 Continue" on every
     * PutObject that S3Mock 5.2 does not give, and fails; aws-cli 1.x (pip) publishes. A failure is reported.
     */
    static final String AWS = "aws";
    /** Where in its bucket each side publishes. */
    static final String PREFIX = "teleport";
    /** Where the command line's first run, which writes its launcher's class-data archive, publishes (untimed). */
    private static final String CLI_FIRST_RUN_BUCKET = "cli-first-run";

    enum ServerKind {
        S3MOCK,
        MOTO
    }

    /** One comparison: a server, a site size, whether aws takes part, and how many recorded rounds. */
    record Setup(ServerKind server, int channels, boolean withAws, int rounds) {}

    enum Scenario {
        FIRST("first publish (empty prefix)"),
        UNCHANGED("unchanged re-publish"),
        CHANGE("one-channel change");

        final String label;

        Scenario(String label) {
            this.label = label;
        }
    }

    enum Side {
        PLUGIN("plugin (in-process)"),
        PLUGIN_MAVEN("plugin (`mvn deploy`)"),
        /** The build in {@link Config#beforeRepository}, when one is given: the same change measured before it. */
        PLUGIN_MAVEN_BEFORE("plugin before the change (`mvn deploy`)"),
        /**
         * {@code release-channels deploy} from the command line's distribution, as a pom-less user or the GitHub
         * Action runs it: no Maven, so its wall time is the whole process, like rclone's.
         */
        CLI("command line (`release-channels deploy`)"),
        RCLONE("rclone sync --checksum --fast-list"),
        AWS("aws s3 sync --delete");

        final String label;

        Side(String label) {
            this.label = label;
        }
    }

    /** Wall time, CPU time and the requests of each run of one side in one scenario. */
    record Series(Samples wall, Samples cpu, List<RequestCounts> counts) {
        Series() {
            this(new Samples(), new Samples(), new ArrayList<>());
        }
    }

    /** What one setup measured; {@link #skipped} says why it measured nothing. */
    static final class Run {
        final Setup setup;
        String server = "";
        String skipped = "";
        /** The machine's load averages when the setup started. */
        String load = "";

        int files;
        final Map<Scenario, Map<Side, Series>> results = new EnumMap<>(Scenario.class);
        final Series validate = new Series();
        /** Classes the JVM of an unchanged {@code mvn deploy} loaded, all and of the AWS SDK; -1 when not counted. */
        int deployClasses = -1;

        int deploySdkClasses = -1;

        /** The same for the build in {@link Config#beforeRepository}; -1 when none was given. */
        int deployClassesBefore = -1;

        int deploySdkClassesBefore = -1;

        /**
         * Classes the JVM of an unchanged {@code release-channels deploy} loaded: all, the AWS SDK's, and those its
         * launcher's class-data archive gave; -1 when not counted.
         */
        int cliClasses = -1;

        int cliSdkClasses = -1;
        int cliArchivedClasses = -1;

        Run(Setup setup) {
            this.setup = setup;
            for (Scenario scenario : Scenario.values()) {
                Map<Side, Series> bySide = new EnumMap<>(Side.class);
                for (Side side : Side.values()) {
                    bySide.put(side, new Series());
                }
                results.put(scenario, bySide);
            }
        }

        Series series(Scenario scenario, Side side) {
            return results.get(scenario).get(side);
        }
    }

    private final Config config;
    private final Maven maven;
    private final Path s3mockJar;
    private final String s3mockVersion;
    /** The command line's distribution as built: bin/release-channels and lib/release-channels-cli.jar. */
    private final Path cliDistribution;

    private final String pluginVersion;
    private final Path log;
    /** This run's copy of the distribution, where the launcher writes its class-data archive. */
    private Path cliHome;

    private final List<Run> runs = new ArrayList<>();
    private final Map<Side, String> commands = new EnumMap<>(Side.class);
    private String rcloneVersion = "not installed";
    private String awsVersion = "not installed";
    private String motoVersion = "";
    /** Why aws stopped being measured when it could not publish, e.g. a version that S3Mock does not serve. */
    private String awsFailure = "";
    /** Reads back what a side published, on the current setup's server. */
    private S3Client reader;

    S3Benchmark(
            Config config,
            Maven maven,
            Path s3mockJar,
            String s3mockVersion,
            Path cliDistribution,
            String pluginVersion,
            Path log) {
        this.config = config;
        this.maven = maven;
        this.s3mockJar = s3mockJar;
        this.s3mockVersion = s3mockVersion;
        this.cliDistribution = cliDistribution;
        this.pluginVersion = pluginVersion;
        this.log = log;
    }

    /**
     * One site size, ready for each side: the sites, their rendered directories, Maven projects, and directories
     * holding only channels.yaml, where the command line runs as a pom-less user's CI job does (a target/ of their
     * own, so neither front end finds the other's local copy of the site).
     */
    private record Prepared(
            Map<Scenario, Site> sites,
            Map<Scenario, Path> rendered,
            Map<Scenario, Path> projects,
            Map<Scenario, Path> pomless) {}

    void run() throws IOException, InterruptedException {
        rcloneVersion = probeVersion(List.of("rclone", "version"));
        awsVersion = probeVersion(List.of(AWS, "--version"));
        motoVersion = MotoServer.version(config.work(), log);
        // Installed afresh for each run: a reproducible build gives every jar of a version the same time stamp, so
        // the launcher would take an archive left by another build for current, and the JVM would silently not map it.
        cliHome = config.work().resolve("release-channels");
        PathUtils.copyDirectory(cliDistribution, cliHome, StandardCopyOption.COPY_ATTRIBUTES);
        for (Setup setup : config.s3Setups()) {
            Run run = new Run(setup);
            runs.add(run);
            if (setup.server() == ServerKind.MOTO && motoVersion.isEmpty()) {
                run.skipped = "`" + MotoServer.COMMAND + "` is not on the PATH (moto is not installable from Maven "
                        + "Central: `pip install 'moto[server]'`), so this comparison was not run";
                System.out.println("s3: " + run.skipped);
                continue;
            }
            measure(run);
        }
    }

    private void measure(Run run) throws IOException, InterruptedException {
        Setup setup = run.setup;
        run.load = Machine.load();
        String name = setup.server().name().toLowerCase(Locale.ROOT) + "-" + setup.channels();
        Path directory = config.work().resolve("s3-" + name);
        Prepared measured = prepare(directory.resolve("measured"), setup.channels());
        run.files = measured.sites().get(Scenario.FIRST).files().size();
        List<String> buckets = new ArrayList<>();
        for (int round = config.warmUp() ? 0 : 1; round <= setup.rounds(); round++) {
            for (Side side : Side.values()) {
                buckets.add(bucket(side, round));
            }
        }
        buckets.add(CLI_FIRST_RUN_BUCKET);
        try (S3Server server = setup.server() == ServerKind.MOTO
                ? MotoServer.start(directory.resolve("moto"), buckets, motoVersion)
                : S3Mock.start(s3mockJar, s3mockVersion, directory.resolve("s3mock"), buckets)) {
            run.server = server.describe();
            if (!Files.exists(cliArchive())) {
                writeCliArchive(server, directory.resolve("cli-first-run"), setup.channels());
            }
            if (config.warmUp()) {
                // Warms up the server, the disk cache and this JVM on a small site; not recorded.
                System.out.println("s3 " + name + ": warm-up");
                round(run, server, prepare(directory.resolve("warm-up"), 20), 0);
            }
            for (int round = 1; round <= setup.rounds(); round++) {
                System.out.println("s3 " + name + ": round " + round + " of " + setup.rounds());
                round(run, server, measured, round);
            }
            // The last round left the changed site in the bucket: publishing it again changes nothing.
            countClasses(
                    run,
                    server,
                    measured.projects().get(Scenario.CHANGE),
                    bucket(Side.PLUGIN_MAVEN, setup.rounds()),
                    Optional.empty());
            if (config.beforeRepository().isPresent()) {
                countClasses(
                        run,
                        server,
                        measured.projects().get(Scenario.CHANGE),
                        bucket(Side.PLUGIN_MAVEN_BEFORE, setup.rounds()),
                        config.beforeRepository());
            }
            countCliClasses(run, server, measured.pomless().get(Scenario.CHANGE), bucket(Side.CLI, setup.rounds()));
        } finally {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
        commands.put(
                Side.PLUGIN_MAVEN,
                mavenCommand() + "; baseline `MAVEN_OPTS=" + maven.mavenOpts() + " "
                        + String.join(" ", maven.command(Path.of("<project>"), List.of("validate"), false))
                                .replace(config.root().toString(), ".")
                        + "`");
        commands.put(
                Side.CLI,
                "AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… "
                        + String.join(" ", cliCommand("s3://<bucket>/" + PREFIX, "<server>"))
                                .replace(cliLauncher().toString(), "release-channels")
                        + " (bin/release-channels and lib/release-channels-cli.jar of release-channels-"
                        + pluginVersion + "-bin.tar.gz, in a directory holding only channels.yaml; the launcher's "
                        + "class-data archive written by an untimed first run)");
    }

    private static String bucket(Side side, int round) {
        return switch (side) {
                    case PLUGIN -> "inproc";
                    case PLUGIN_MAVEN -> "mvn";
                    case PLUGIN_MAVEN_BEFORE -> "mvn-before";
                    case CLI -> "cli";
                    case RCLONE -> "rclone";
                    case AWS -> "aws";
                }
                + "-r" + round;
    }

    /** One publish: how long it took, the CPU it used and the requests it made. */
    private record Measured(long nanos, long cpuNanos) {}

    /** Every scenario once per side, the sides in an order that rotates with the round; {@code mvn validate} too. */
    private void round(Run run, S3Server server, Prepared prepared, int round)
            throws IOException, InterruptedException {
        boolean record = round > 0;
        List<Side> order = rotate(List.of(Side.values()), round);
        for (Scenario scenario : Scenario.values()) {
            if (scenario == Scenario.values()[round % Scenario.values().length]) {
                // Maven's own cost, among the runs it is subtracted from.
                Processes.Result validate = maven.run(
                        prepared.projects().get(Scenario.UNCHANGED), List.of("validate"), withoutAws(), false);
                if (record) {
                    run.validate.wall().addNanos(validate.nanos());
                    run.validate.cpu().addNanos(validate.cpuNanos());
                }
            }
            for (Side side : order) {
                if ((side == Side.RCLONE && rcloneVersion.equals("not installed"))
                        || (side == Side.PLUGIN && !config.s3InProcess())
                        || (side == Side.PLUGIN_MAVEN_BEFORE
                                && config.beforeRepository().isEmpty())
                        || (side == Side.AWS
                                && (!run.setup.withAws()
                                        || awsVersion.equals("not installed")
                                        || !awsFailure.isEmpty()))) {
                    continue;
                }
                String location = bucket(side, round) + "/" + PREFIX;
                Measured measured;
                try {
                    measured = switch (side) {
                        case PLUGIN ->
                            publishInProcess(
                                    server,
                                    prepared.sites().get(scenario),
                                    location,
                                    prepared.rendered().get(scenario).getParent());
                        case PLUGIN_MAVEN ->
                            publishWithMaven(server, prepared.projects().get(scenario), location, Optional.empty());
                        case PLUGIN_MAVEN_BEFORE ->
                            publishWithMaven(
                                    server, prepared.projects().get(scenario), location, config.beforeRepository());
                        case CLI -> publishWithCli(server, prepared.pomless().get(scenario), location);
                        case RCLONE -> rcloneSync(server, prepared.rendered().get(scenario), location);
                        case AWS -> awsSync(server, prepared.rendered().get(scenario), location);
                    };
                } catch (IOException e) {
                    if (side != Side.AWS) {
                        throw e;
                    }
                    // A peer that cannot talk to the server is reported, not allowed to stop the other measurements.
                    awsFailure = e.getMessage();
                    server.drain();
                    continue;
                }
                RequestCounts counts = server.drain();
                check(server, location, scenario, side);
                server.drain();
                if (record) {
                    Series series = run.series(scenario, side);
                    series.wall().addNanos(measured.nanos());
                    series.cpu().addNanos(measured.cpuNanos());
                    series.counts().add(counts);
                }
            }
        }
    }

    /**
     * The classes an unchanged {@code mvn deploy} loads, counted from the JVM's class-load log (untimed); of the
     * build in {@code repository} when one is given.
     */
    private void countClasses(Run run, S3Server server, Path project, String bucket, Optional<Path> repository)
            throws IOException, InterruptedException {
        Path classLog = project.resolve("classes.log");
        Files.deleteIfExists(classLog);
        Map<String, String> env = deployEnvironment();
        env.put("MAVEN_OPTS", maven.mavenOpts() + " " + ClassLoadLog.option(classLog));
        maven.run(project, deployArgs(server, bucket + "/" + PREFIX), env, false, repository);
        server.drain();
        ClassLoadLog loaded = ClassLoadLog.read(classLog);
        if (repository.isPresent()) {
            run.deployClassesBefore = loaded.total();
            run.deploySdkClassesBefore = loaded.count("software.amazon.awssdk.");
        } else {
            run.deployClasses = loaded.total();
            run.deploySdkClasses = loaded.count("software.amazon.awssdk.");
        }
    }

    /**
     * The classes an unchanged {@code release-channels deploy} loads (untimed), and how many its launcher's archive
     * gave: none would mean every measured run loaded from the jar, not what a user's second run does.
     */
    private void countCliClasses(Run run, S3Server server, Path directory, String bucket)
            throws IOException, InterruptedException {
        Path classLog = directory.resolve("classes.log");
        Files.deleteIfExists(classLog);
        Map<String, String> env = deployEnvironment();
        env.put("RELEASE_CHANNELS_JAVA_OPTS", ClassLoadLog.option(classLog));
        publishWithCli(server, directory, bucket + "/" + PREFIX, env);
        server.drain();
        ClassLoadLog loaded = ClassLoadLog.read(classLog);
        if (loaded.fromDynamicArchive() == 0) {
            throw new IllegalStateException("release-channels deploy loaded no class from its launcher's archive "
                    + cliArchive() + ": the command line's runs were not measured as a user's second run");
        }
        run.cliClasses = loaded.total();
        run.cliSdkClasses = loaded.count("software.amazon.awssdk.");
        run.cliArchivedClasses = loaded.fromDynamicArchive();
    }

    private Prepared prepare(Path directory, int channels) throws IOException {
        Path base = ChannelsFiles.write(directory.resolve("base"), channels, false);
        Path changed = ChannelsFiles.write(directory.resolve("changed"), channels, true);
        Map<Scenario, Site> sites = new EnumMap<>(Scenario.class);
        Map<Scenario, Path> rendered = new EnumMap<>(Scenario.class);
        Map<Scenario, Path> projects = new EnumMap<>(Scenario.class);
        Map<Scenario, Path> pomless = new EnumMap<>(Scenario.class);
        for (Scenario scenario : Scenario.values()) {
            Path channelsFile = scenario == Scenario.CHANGE ? changed : base;
            sites.put(scenario, ChannelsFiles.render(channelsFile));
            rendered.put(scenario, channelsFile.getParent().resolve("site"));
            ChannelsFiles.writeSite(sites.get(scenario), rendered.get(scenario));
            projects.put(scenario, project(channelsFile));
            pomless.put(scenario, pomless(channelsFile));
        }
        return new Prepared(sites, rendered, projects, pomless);
    }

    private static Path pomless(Path channelsFile) throws IOException {
        Path directory = Files.createDirectories(channelsFile.getParent().resolve("pomless"));
        Files.copy(channelsFile, directory.resolve("channels.yaml"), StandardCopyOption.REPLACE_EXISTING);
        return directory;
    }

    private static Path project(Path channelsFile) throws IOException {
        Path project = Maven.project(channelsFile.getParent().resolve("project"), "s3");
        Files.copy(channelsFile, project.resolve("channels.yaml"), StandardCopyOption.REPLACE_EXISTING);
        return project;
    }

    private Measured publishInProcess(S3Server server, Site site, String location, Path directory) throws IOException {
        TargetOptions options;
        try {
            options = TargetOptions.parse(Map.of(
                    S3Options.ENDPOINT,
                    server.endpoint().toString(),
                    S3Options.PATH_STYLE,
                    "true",
                    S3Options.REGION,
                    REGION));
        } catch (InvalidTargetException e) {
            throw new IllegalStateException(e);
        }
        TargetSettings settings = new TargetSettings(
                Optional.of(new Credentials(
                        Optional.of(ACCESS_KEY),
                        Optional.of(SECRET_KEY),
                        Optional.empty(),
                        Optional.empty(),
                        "the benchmark")),
                options,
                Map.of(),
                directory.resolve("plugin-work"),
                Retry.defaults());
        commands.put(
                Side.PLUGIN,
                "Publishers.standard().open(\"s3://<bucket>/" + PREFIX + "\", settings)"
                        + ".publish(site, ...) with s3.endpoint=<server>, s3.pathStyle=true, s3.region=" + REGION
                        + "; CPU time is this JVM's, its JIT and GC threads included");
        long cpu = processCpuNanos();
        long started = System.nanoTime();
        try (Publisher publisher = Publishers.standard().open("s3://" + location, settings)) {
            publisher.publish(
                    site, new PublishRequest(false, HeaderPolicy.defaults(), PublishGuard.NONE, PublishLog.SILENT));
        } catch (InvalidTargetException | PublishRefusedException e) {
            throw new IllegalStateException(e);
        }
        return new Measured(System.nanoTime() - started, processCpuNanos() - cpu);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * The target and the S3 settings of every run of the deploy goal, by option name: Maven takes them as
     * {@code -D} properties, the command line as the flags it binds them to.
     */
    private static Map<String, String> deployOptions(String target, String endpoint) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(Options.TARGET, target);
        options.put(Options.S3_ENDPOINT, endpoint);
        options.put(Options.S3_PATH_STYLE, "true");
        options.put(Options.S3_REGION, REGION);
        return options;
    }

    private List<String> deployArgs(S3Server server, String location) {
        return deployArgs("s3://" + location, server.endpoint().toString());
    }

    private List<String> deployArgs(String target, String endpoint) {
        List<String> args = new ArrayList<>(
                List.of("io.github.releasechannels:release-channels-maven-plugin:" + pluginVersion + ":deploy"));
        deployOptions(target, endpoint).forEach((name, value) -> args.add("-D" + name + "=" + value));
        return args;
    }

    /** {@code release-channels deploy} with the options the Maven side gets, as the command line's flags. */
    private List<String> cliCommand(String target, String endpoint) {
        List<String> command = new ArrayList<>(List.of(cliLauncher().toString(), "deploy"));
        deployOptions(target, endpoint)
                .forEach((name, value) -> command.add(
                        ReleaseChannelsCli.longName(Options.named(name).orElseThrow()) + "=" + value));
        return command;
    }

    private Path cliLauncher() {
        return cliHome.resolve("bin/release-channels");
    }

    /** Where the launcher keeps its class-data archive: beside the jar. */
    private Path cliArchive() {
        return cliHome.resolve("lib/release-channels-cli.jsa");
    }

    /**
     * A user's first run of the command line: it writes the launcher's class-data archive, which the runs measured
     * after it map, as a user's second and later runs (and the GitHub Action's, from its cache) do. Untimed, in a
     * directory and a bucket of its own, so it leaves nothing the measured runs would find.
     */
    private void writeCliArchive(S3Server server, Path directory, int channels)
            throws IOException, InterruptedException {
        Path channelsFile = ChannelsFiles.write(directory, channels, false);
        publishWithCli(server, pomless(channelsFile), CLI_FIRST_RUN_BUCKET + "/" + PREFIX);
        server.drain();
        if (!Files.isRegularFile(cliArchive())) {
            throw new IllegalStateException(
                    "the command line's first run wrote no class-data archive at " + cliArchive() + "; see " + log);
        }
    }

    private Measured publishWithCli(S3Server server, Path directory, String location)
            throws IOException, InterruptedException {
        return publishWithCli(server, directory, location, deployEnvironment());
    }

    private Measured publishWithCli(S3Server server, Path directory, String location, Map<String, String> env)
            throws IOException, InterruptedException {
        Processes.Result result = Processes.run(
                cliCommand("s3://" + location, server.endpoint().toString()),
                directory,
                env,
                log,
                Duration.ofMinutes(10));
        return new Measured(result.nanos(), result.cpuNanos());
    }

    private Map<String, String> deployEnvironment() {
        Map<String, String> env = withoutAws();
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        env.put("AWS_CONFIG_FILE", config.work().resolve("no-aws-config").toString());
        env.put(
                "AWS_SHARED_CREDENTIALS_FILE",
                config.work().resolve("no-aws-credentials").toString());
        return env;
    }

    private String mavenCommand() {
        return "AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… MAVEN_OPTS=" + maven.mavenOpts() + " "
                + String.join(
                                " ",
                                maven.command(
                                        Path.of("<project>"), deployArgs("s3://<bucket>/" + PREFIX, "<server>"), false))
                        .replace(config.root().toString(), ".");
    }

    private Measured publishWithMaven(S3Server server, Path project, String location, Optional<Path> repository)
            throws IOException, InterruptedException {
        // Not offline: Maven refuses remote targets under -o, as Maven's own deploy does (the server is one).
        Processes.Result result =
                maven.run(project, deployArgs(server, location), deployEnvironment(), false, repository);
        repository.ifPresent(path -> commands.put(
                Side.PLUGIN_MAVEN_BEFORE,
                "the same `mvn deploy` with -Dmaven.repo.local=" + path + " (the plugin built before the change)"));
        return new Measured(result.nanos(), result.cpuNanos());
    }

    private Measured rcloneSync(S3Server server, Path site, String location) throws IOException, InterruptedException {
        List<String> command =
                List.of("rclone", "sync", "--checksum", "--fast-list", site.toString(), "bench:" + location);
        commands.put(
                Side.RCLONE,
                "rclone sync --checksum --fast-list <rendered site> bench:<bucket>/" + PREFIX + " "
                        + "(remote from RCLONE_CONFIG_BENCH_*: type s3, provider Other, endpoint <server>, "
                        + "force_path_style true, region " + REGION + ")");
        Processes.Result result = Processes.run(command, site, rcloneEnvironment(server), log, Duration.ofMinutes(10));
        return new Measured(result.nanos(), result.cpuNanos());
    }

    /**
     * {@code aws s3 sync} decides by size and modification time, not content. In CI the site is rendered fresh on
     * every run, so its files are newer than the bucket's: the site's files get the current time first, as a fresh
     * render would (untimed). Keeping old times instead would make it skip a same-size change such as 14.0.0 to
     * 15.0.0, which is also why {@code --size-only} is no option.
     */
    private Measured awsSync(S3Server server, Path site, String location) throws IOException, InterruptedException {
        touchAll(site);
        List<String> command = List.of(
                AWS,
                "s3",
                "sync",
                "--delete",
                "--only-show-errors",
                "--no-progress",
                "--endpoint-url",
                server.endpoint().toString(),
                site.toString(),
                "s3://" + location);
        commands.put(
                Side.AWS,
                "aws s3 sync --delete --only-show-errors --no-progress --endpoint-url <server> "
                        + "<rendered site, files just written> s3://<bucket>/" + PREFIX + " (credentials and region "
                        + REGION + " from AWS_* variables, no config file)");
        Map<String, String> env = deployEnvironment();
        env.put("AWS_DEFAULT_REGION", REGION);
        Processes.Result result = Processes.run(command, site, env, log, Duration.ofMinutes(10));
        return new Measured(result.nanos(), result.cpuNanos());
    }

    private static void touchAll(Path site) throws IOException {
        FileTime now = FileTime.from(Instant.now());
        try (var files = Files.walk(site)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Files.setLastModifiedTime(file, now);
            }
        }
    }

    private Map<String, String> rcloneEnvironment(S3Server server) {
        Map<String, String> env = withoutAws();
        env.put("RCLONE_CONFIG", config.work().resolve("no-rclone.conf").toString());
        env.put("RCLONE_CONFIG_BENCH_TYPE", "s3");
        env.put("RCLONE_CONFIG_BENCH_PROVIDER", "Other");
        env.put("RCLONE_CONFIG_BENCH_ENDPOINT", server.endpoint().toString());
        env.put("RCLONE_CONFIG_BENCH_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY", SECRET_KEY);
        env.put("RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE", "true");
        env.put("RCLONE_CONFIG_BENCH_REGION", REGION);
        return env;
    }

    /** The caller's AWS_* variables removed (a CA bundle or profile there would change either side). */
    static Map<String, String> withoutAws() {
        Map<String, String> env = new HashMap<>();
        System.getenv().keySet().stream()
                .filter(name -> name.startsWith("AWS_"))
                .forEach(name -> env.put(name, null));
        return env;
    }

    /**
     * A benchmark that silently publishes nothing measures nothing: read back the channel that changes, with a
     * signed request (moto refuses anonymous reads of private objects).
     */
    private void check(S3Server server, String location, Scenario scenario, Side side) {
        String key = ChannelsFiles.CHANGED_CHANNEL + "/version";
        String expected = scenario != Scenario.CHANGE ? ChannelsFiles.ORIGINAL_VERSION : ChannelsFiles.CHANGED_VERSION;
        String bucket = location.substring(0, location.indexOf('/'));
        if (reader == null) {
            reader = S3Client.builder()
                    .endpointOverride(server.endpoint())
                    .forcePathStyle(true)
                    .region(Region.of(REGION))
                    .httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(
                            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .build();
        }
        String actual = reader.getObjectAsBytes(
                        request -> request.bucket(bucket).key(PREFIX + "/" + key))
                .asUtf8String();
        if (!actual.equals(expected)) {
            throw new IllegalStateException(side.label + ", " + scenario.label + ": " + location + "/" + key
                    + " holds '" + actual
                    + "', expected '" + expected + "'");
        }
    }

    private String probeVersion(List<String> command) throws InterruptedException {
        try {
            List<String> output = Processes.run(command, config.work(), Map.of(), log, Duration.ofMinutes(1))
                    .output();
            return output.isEmpty() ? "unknown" : output.get(0).trim();
        } catch (IOException e) {
            return "not installed";
        }
    }

    static <T> List<T> rotate(List<T> items, int by) {
        List<T> rotated = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            rotated.add(items.get((i + by) % items.size()));
        }
        return rotated;
    }

    List<Run> runs() {
        return runs;
    }

    Map<Side, String> commands() {
        return commands;
    }

    String rcloneVersion() {
        return rcloneVersion;
    }

    String awsVersion() {
        return awsVersion;
    }

    /** moto's version; empty when moto_server is not installed. */
    String motoVersion() {
        return motoVersion;
    }

    /** Empty unless aws failed to publish; then why, and it was measured no further. */
    String awsFailure() {
        return awsFailure;
    }
}
