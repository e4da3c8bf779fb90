package io.github.releasechannels.benchmarks;

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
import io.github.releasechannels.site.SiteWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plugin's s3:// target against {@code rclone sync --checksum} and {@code aws s3 sync --delete}, all on the same
 * S3Mock: a first publish to an empty prefix, the same site again, then a site with one channel changed. Each side
 * has its own bucket per round, so every round starts from the same state; the order of the sides rotates from round
 * to round. A {@code mvn validate} of the same project measures what Maven costs before the plugin runs.
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
        RCLONE("rclone sync --checksum"),
        AWS("aws s3 sync --delete");

        final String label;

        Side(String label) {
            this.label = label;
        }
    }

    /** Durations and the requests each run made. */
    record Series(Samples samples, List<RequestCounts> counts) {
        Series() {
            this(new Samples(), new ArrayList<>());
        }
    }

    private final Config config;
    private final Maven maven;
    private final Path s3mockJar;
    private final String pluginVersion;
    private final Path log;
    private final Map<Scenario, Map<Side, Series>> results = new EnumMap<>(Scenario.class);
    private final Map<Side, String> commands = new EnumMap<>(Side.class);
    private final Samples mavenValidate = new Samples();
    private boolean rcloneMissing;
    private String rcloneVersion = "not installed";
    private boolean awsMissing;
    private String awsVersion = "not installed";
    /** Why aws stopped being measured when it could not publish, e.g. a version that S3Mock does not serve. */
    private String awsFailure = "";
    private int files;

    S3Benchmark(Config config, Maven maven, Path s3mockJar, String pluginVersion, Path log) {
        this.config = config;
        this.maven = maven;
        this.s3mockJar = s3mockJar;
        this.pluginVersion = pluginVersion;
        this.log = log;
    }

    /** One site size, ready for each side: the sites, their rendered directories and Maven projects. */
    private record Prepared(Map<Scenario, Site> sites, Map<Scenario, Path> rendered, Map<Scenario, Path> projects) {
    }

    void run() throws IOException, InterruptedException {
        Path directory = config.work().resolve("s3");
        Prepared measured = prepare(directory.resolve("measured"), config.s3Channels());
        files = measured.sites().get(Scenario.FIRST).files().size();
        rcloneVersion = probeRcloneVersion();
        rcloneMissing = rcloneVersion.equals("not installed");
        awsVersion = probeVersion(List.of(AWS, "--version"));
        awsMissing = awsVersion.equals("not installed");
        for (Scenario scenario : Scenario.values()) {
            Map<Side, Series> bySide = new EnumMap<>(Side.class);
            for (Side side : Side.values()) {
                bySide.put(side, new Series());
            }
            results.put(scenario, bySide);
        }
        List<String> buckets = new ArrayList<>();
        for (int round = config.warmUp() ? 0 : 1; round <= config.s3Repetitions(); round++) {
            buckets.add(bucket(Side.PLUGIN, round));
            buckets.add(bucket(Side.RCLONE, round));
            buckets.add(bucket(Side.AWS, round));
        }
        try (S3Mock s3 = S3Mock.start(s3mockJar, directory.resolve("s3mock"), buckets)) {
            if (config.warmUp()) {
                // Warms up S3Mock, the disk cache and this JVM on a small site; not recorded.
                System.out.println("s3: warm-up");
                round(s3, prepare(directory.resolve("warm-up"), 20), 0, directory);
            }
            for (int round = 1; round <= config.s3Repetitions(); round++) {
                System.out.println("s3: round " + round + " of " + config.s3Repetitions());
                Map<Scenario, Map<Side, Measured>> measuredRound = round(s3, measured, round, directory);
                measuredRound.forEach((scenario, bySide) -> bySide.forEach((side, run) -> {
                    results.get(scenario).get(side).samples().addNanos(run.nanos());
                    results.get(scenario).get(side).counts().add(run.counts());
                }));
            }
        }
        // The same project and Maven, but no plugin: what a `mvn deploy` costs before the plugin does anything.
        Path project = measured.projects().get(Scenario.UNCHANGED);
        commands.put(Side.PLUGIN_MAVEN, commands.get(Side.PLUGIN_MAVEN) + "; baseline `MAVEN_OPTS=" + Maven.MAVEN_OPTS
                + " " + String.join(" ", maven.command(Path.of("<project>"), List.of("validate"), false))
                        .replace(config.root().toString(), ".") + "`");
        for (int i = config.warmUp() ? -1 : 0; i < config.s3Repetitions(); i++) {
            long nanos = maven.run(project, List.of("validate"), withoutAws(), false).nanos();
            if (i >= 0) {
                mavenValidate.addNanos(nanos);
            }
        }
    }

    private static String bucket(Side side, int round) {
        return switch (side) {
            case RCLONE -> "rclone";
            case AWS -> "aws";
            case PLUGIN, PLUGIN_MAVEN -> "plugin";
        } + "-r" + round;
    }

    /** One publish: how long it took and the requests it made. */
    private record Measured(long nanos, RequestCounts counts) {
    }

    /** Every scenario once per side, the sides in an order that rotates with the round. */
    private Map<Scenario, Map<Side, Measured>> round(S3Mock s3, Prepared prepared, int round, Path directory)
            throws IOException, InterruptedException {
        Map<Scenario, Map<Side, Measured>> measured = new EnumMap<>(Scenario.class);
        List<Side> order = rotate(List.of(Side.values()), round);
        for (Scenario scenario : Scenario.values()) {
            measured.put(scenario, new EnumMap<>(Side.class));
            for (Side side : order) {
                if (side == Side.RCLONE && rcloneMissing || side == Side.AWS && awsMissing
                        || side == Side.PLUGIN_MAVEN && scenario == Scenario.FIRST) {
                    continue;
                }
                // Both plugin sides share a bucket: the mvn side's first publish is the in-process side's.
                String location = bucket(side, round) + "/" + PREFIX;
                long nanos;
                try {
                    nanos = switch (side) {
                        case PLUGIN -> publishInProcess(s3, prepared.sites().get(scenario), location, directory);
                        case PLUGIN_MAVEN -> publishWithMaven(s3, prepared.projects().get(scenario), location);
                        case RCLONE -> rcloneSync(s3, prepared.rendered().get(scenario), location);
                        case AWS -> awsSync(s3, prepared.rendered().get(scenario), location);
                    };
                } catch (IOException e) {
                    if (side != Side.AWS) {
                        throw e;
                    }
                    // A peer that cannot talk to S3Mock is reported, not allowed to stop the other measurements.
                    awsMissing = true;
                    awsFailure = e.getMessage();
                    s3.drain();
                    continue;
                }
                RequestCounts counts = s3.drain();
                check(s3, location, scenario, side);
                s3.drain();
                measured.get(scenario).put(side, new Measured(nanos, counts));
            }
        }
        return measured;
    }

    private Prepared prepare(Path directory, int channels) throws IOException {
        Path base = ChannelsFiles.write(directory.resolve("base"), channels, false);
        Path changed = ChannelsFiles.write(directory.resolve("changed"), channels, true);
        Path changedAgain = ChannelsFiles.write(directory.resolve("changed-again"), channels,
                Optional.of(ChannelsFiles.CHANGED_AGAIN_VERSION));
        Map<Scenario, Site> sites = new EnumMap<>(Scenario.class);
        Map<Scenario, Path> rendered = new EnumMap<>(Scenario.class);
        Map<Scenario, Path> projects = new EnumMap<>(Scenario.class);
        for (Scenario scenario : Scenario.values()) {
            Path channelsFile = scenario == Scenario.CHANGE ? changed : base;
            sites.put(scenario, ChannelsFiles.render(channelsFile));
            rendered.put(scenario, channelsFile.getParent().resolve("site"));
            new SiteWriter().write(sites.get(scenario), rendered.get(scenario));
            // The mvn side publishes to the in-process side's bucket, so its change must differ from that one's.
            projects.put(scenario, project(scenario == Scenario.CHANGE ? changedAgain : base));
        }
        return new Prepared(sites, rendered, projects);
    }

    private static Path project(Path channelsFile) throws IOException {
        Path project = Maven.project(channelsFile.getParent().resolve("project"), "s3");
        Files.copy(channelsFile, project.resolve("channels.yaml"), StandardCopyOption.REPLACE_EXISTING);
        return project;
    }

    private long publishInProcess(S3Mock s3, Site site, String location, Path directory) throws IOException {
        TargetOptions options;
        try {
            options = TargetOptions.parse(Map.of(S3Options.ENDPOINT, s3.endpoint().toString(),
                    S3Options.PATH_STYLE, "true", S3Options.REGION, REGION));
        } catch (InvalidTargetException e) {
            throw new IllegalStateException(e);
        }
        TargetSettings settings = new TargetSettings(
                Optional.of(new Credentials(Optional.of(ACCESS_KEY), Optional.of(SECRET_KEY), Optional.empty(),
                        Optional.empty(), "the benchmark")),
                options, Map.of(), directory.resolve("plugin-work"), Retry.defaults());
        commands.put(Side.PLUGIN, "Publishers.standard().open(\"s3://<bucket>/" + PREFIX + "\", settings)"
                + ".publish(site, ...) with s3.endpoint=<S3Mock>, s3.pathStyle=true, s3.region=" + REGION);
        long started = System.nanoTime();
        try (Publisher publisher = Publishers.standard().open("s3://" + location, settings)) {
            publisher.publish(site, new PublishRequest(false, HeaderPolicy.defaults(), PublishGuard.NONE,
                    PublishLog.SILENT));
        } catch (InvalidTargetException | PublishRefusedException e) {
            throw new IllegalStateException(e);
        }
        return System.nanoTime() - started;
    }

    private long publishWithMaven(S3Mock s3, Path project, String location) throws IOException, InterruptedException {
        List<String> args = List.of(
                "io.github.releasechannels:release-channels-maven-plugin:" + pluginVersion + ":deploy",
                "-DreleaseChannels.target=s3://" + location,
                "-DreleaseChannels.s3.endpoint=" + s3.endpoint(),
                "-DreleaseChannels.s3.pathStyle=true",
                "-DreleaseChannels.s3.region=" + REGION);
        commands.put(Side.PLUGIN_MAVEN, "AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… MAVEN_OPTS=" + Maven.MAVEN_OPTS
                + " " + String.join(" ", maven.command(Path.of("<project>"), args, false))
                        .replace(config.root().toString(), ".")
                        .replace(s3.endpoint().toString(), "<S3Mock>").replace(location, "<bucket>/" + PREFIX));
        Map<String, String> env = withoutAws();
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        // Not offline: deploy refuses remote targets under -o, as Maven's own deploy does (S3Mock is one).
        return maven.run(project, args, env, false).nanos();
    }

    private long rcloneSync(S3Mock s3, Path site, String location) throws IOException, InterruptedException {
        List<String> command = List.of("rclone", "sync", "--checksum", site.toString(),
                "bench:" + location);
        commands.put(Side.RCLONE, "rclone sync --checksum <rendered site> bench:<bucket>/" + PREFIX + " "
                + "(remote from RCLONE_CONFIG_BENCH_*: type s3, provider Other, endpoint <S3Mock>, "
                + "force_path_style true, region " + REGION + ")");
        Map<String, String> env = rcloneEnvironment(s3);
        return Processes.run(command, site, env, log, Duration.ofMinutes(5)).nanos();
    }

    /**
     * {@code aws s3 sync} decides by size and modification time, not content. In CI the site is rendered fresh on
     * every run, so its files are newer than the bucket's: the site's files get the current time first, as a fresh
     * render would (untimed). Keeping old times instead would make it skip a same-size change such as 14.0.0 to
     * 15.0.0, which is also why {@code --size-only} is no option.
     */
    private long awsSync(S3Mock s3, Path site, String location) throws IOException, InterruptedException {
        touchAll(site);
        List<String> command = List.of(AWS, "s3", "sync", "--delete", "--only-show-errors", "--no-progress",
                "--endpoint-url", s3.endpoint().toString(), site.toString(), "s3://" + location);
        commands.put(Side.AWS, "aws s3 sync --delete --only-show-errors --no-progress --endpoint-url <S3Mock> "
                + "<rendered site, files just written> s3://<bucket>/" + PREFIX + " (credentials and region "
                + REGION + " from AWS_* variables, no config file)");
        Map<String, String> env = withoutAws();
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_CONFIG_FILE", config.work().resolve("no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", config.work().resolve("no-aws-credentials").toString());
        return Processes.run(command, site, env, log, Duration.ofMinutes(5)).nanos();
    }

    private static void touchAll(Path site) throws IOException {
        FileTime now = FileTime.from(Instant.now());
        try (var files = Files.walk(site)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Files.setLastModifiedTime(file, now);
            }
        }
    }

    private Map<String, String> rcloneEnvironment(S3Mock s3) {
        Map<String, String> env = withoutAws();
        env.put("RCLONE_CONFIG", config.work().resolve("no-rclone.conf").toString());
        env.put("RCLONE_CONFIG_BENCH_TYPE", "s3");
        env.put("RCLONE_CONFIG_BENCH_PROVIDER", "Other");
        env.put("RCLONE_CONFIG_BENCH_ENDPOINT", s3.endpoint().toString());
        env.put("RCLONE_CONFIG_BENCH_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY", SECRET_KEY);
        env.put("RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE", "true");
        env.put("RCLONE_CONFIG_BENCH_REGION", REGION);
        return env;
    }

    /** The caller's AWS_* variables removed (a CA bundle or profile there would change either side). */
    private static Map<String, String> withoutAws() {
        Map<String, String> env = new HashMap<>();
        System.getenv().keySet().stream().filter(name -> name.startsWith("AWS_")).forEach(name -> env.put(name, null));
        return env;
    }

    /** A benchmark that silently publishes nothing measures nothing: read back the channel that changes. */
    private static void check(S3Mock s3, String location, Scenario scenario, Side side) throws IOException {
        String key = location + "/" + ChannelsFiles.CHANGED_CHANNEL + "/version";
        String expected = scenario != Scenario.CHANGE ? ChannelsFiles.ORIGINAL_VERSION
                : side == Side.PLUGIN_MAVEN ? ChannelsFiles.CHANGED_AGAIN_VERSION : ChannelsFiles.CHANGED_VERSION;
        String actual = s3.content(key);
        if (!actual.equals(expected)) {
            throw new IllegalStateException(side.label + ", " + scenario.label + ": " + key + " holds '" + actual
                    + "', expected '" + expected + "'");
        }
    }

    private String probeRcloneVersion() throws InterruptedException {
        return probeVersion(List.of("rclone", "version"));
    }

    private String probeVersion(List<String> command) throws InterruptedException {
        try {
            List<String> output = Processes.run(command, config.work(), Map.of(), log,
                    Duration.ofMinutes(1)).output();
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

    Map<Scenario, Map<Side, Series>> results() {
        return results;
    }

    Map<Side, String> commands() {
        return commands;
    }

    boolean rcloneMissing() {
        return rcloneMissing;
    }

    String rcloneVersion() {
        return rcloneVersion;
    }

    boolean awsMissing() {
        return awsMissing;
    }

    String awsVersion() {
        return awsVersion;
    }

    /** Empty unless aws failed to publish; then why, and it was measured no further. */
    String awsFailure() {
        return awsFailure;
    }

    /** {@code mvn validate} of the S3 project: Maven's own cost, to subtract from the {@code mvn deploy} side. */
    Samples mavenValidate() {
        return mavenValidate;
    }

    int files() {
        return files;
    }
}
