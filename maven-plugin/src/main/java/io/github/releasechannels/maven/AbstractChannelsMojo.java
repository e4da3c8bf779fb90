package io.github.releasechannels.maven;

import io.github.releasechannels.agent.BaseUrl;
import io.github.releasechannels.agent.InvalidBaseUrlException;
import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.guard.ChannelPlan;
import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.MaintenanceWindow;
import io.github.releasechannels.report.CiSystem;
import io.github.releasechannels.report.PlanText;
import io.github.releasechannels.report.ReportWriter;
import io.github.releasechannels.report.RunReport;
import io.github.releasechannels.source.ChannelsLoader;
import io.github.releasechannels.text.LogText;
import io.github.releasechannels.proxy.ProxySettings;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/** What every goal shares: where channels.yaml is, which git ref to read it from, and the skip switch. */
abstract class AbstractChannelsMojo extends AbstractMojo {

    /** The channels file; a relative path is relative to {@link #basedir}. */
    @Parameter(property = "releaseChannels.file", defaultValue = "${basedir}/channels.yaml", required = true)
    File file;

    /**
     * Read the channels file from this git ref (a branch, tag or commit such as {@code origin/main}) instead of the
     * working tree. The working tree is not touched.
     */
    @Parameter(property = "releaseChannels.ref")
    String ref;

    /** Skip this goal; the log says so. */
    @Parameter(property = "releaseChannels.skip", defaultValue = "false")
    boolean skip;

    /**
     * Where agents read the channels, e.g. {@code https://updates.example.com/teleport}: the status page prints the
     * agent settings for it, verify and deploy read every channel there, check and deploy guard against downgrades
     * from what it serves.
     */
    @Parameter(property = "releaseChannels.baseUrl")
    String baseUrl;

    /** A PEM file of CA certificates trusted in addition to the JDK's, for a version server with a private CA. */
    @Parameter(property = "releaseChannels.trustedCertificates")
    File trustedCertificates;

    /** Allow plain {@code http://} for a loopback base URL (a local test server); never for other hosts. */
    @Parameter(property = "releaseChannels.verify.allowHttp", defaultValue = "false")
    boolean allowHttp;

    /**
     * The project's directory; without a pom ({@code requiresProject = false}), the directory Maven was started in,
     * which Maven's {@code ${basedir}} stands for then.
     */
    @Parameter(defaultValue = "${basedir}", readonly = true, required = true)
    File basedir;

    /**
     * settings.xml's {@code <proxies>}: verify, S3 and git over HTTP(S) go through the active http/https proxy
     * (else {@code HTTPS_PROXY}/{@code HTTP_PROXY}/{@code NO_PROXY}).
     */
    @Parameter(defaultValue = "${settings.proxies}", readonly = true)
    List<Proxy> proxies;

    private ProxySettings proxySettings;

    /** Decrypts settings.xml passwords; absent only when a test builds the Mojo without a container. */
    SettingsDecrypter settingsDecrypter;

    @Inject
    void useSettingsDecrypter(SettingsDecrypter decrypter) {
        this.settingsDecrypter = decrypter;
    }

    /** The pom; none when Maven runs the goal in a folder without one. */
    @Parameter(defaultValue = "${project.file}", readonly = true)
    File pomFile;

    /** {@code target}; without a pom, the unexpanded expression, see {@link #underBuildDirectory}. */
    @Parameter(defaultValue = "${project.build.directory}", readonly = true)
    File buildDirectory;

    /**
     * Without a pom, Maven leaves {@code ${project.build.directory}} as written, so a default under it would land in a
     * directory named after the expression: such a path moves to {@code target/} of {@link #basedir}. A path the user
     * gave is kept.
     */
    File underBuildDirectory(File path) {
        if (pomFile != null || buildDirectory == null
                || !path.toPath().startsWith(buildDirectory.toPath())) {
            return path;
        }
        return basedir.toPath().resolve("target").resolve(buildDirectory.toPath().relativize(path.toPath()))
                .toFile();
    }

    /**
     * The CI whose formats the reports use: {@code github} (workflow annotations, job summary), {@code gitlab} (Code
     * Quality and JUnit reports) or {@code none}. Unset: detected from {@code GITHUB_ACTIONS} and {@code GITLAB_CI}.
     * {@code release-channels-report.json} is written in every case.
     */
    @Parameter(property = CiSystem.PROPERTY)
    String ci;

    /** The process environment; a field so tests can stand in for a CI runner. */
    Map<String, String> environment = System.getenv();

    /**
     * The process's standard output itself. Maven 4 hands a plugin's {@code System.out} to its log, which writes
     * {@code [INFO] [stdout]} before each line, and the runner takes a command only at the start of a line. Never
     * closed: it is file descriptor 1.
     */
    private static final PrintStream PROCESS_OUTPUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
            StandardCharsets.UTF_8);

    /** Where GitHub workflow commands go: the process's standard output, which the runner scans, not the log. */
    Consumer<String> standardOutput = PROCESS_OUTPUT::println;

    /** What this run found and did, reported when the goal ends, however it ends. */
    RunReport.Builder report;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping release-channels:" + goal() + " because releaseChannels.skip is true.");
            return;
        }
        CiSystem ciSystem;
        try {
            ciSystem = CiSystem.resolve(Optional.ofNullable(ci), environment);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
        ChannelsLoader loader = new ChannelsLoader(basedir.toPath());
        report = new RunReport.Builder(goal(), loader.displayName(file.toPath()), file.toPath().toAbsolutePath());
        boolean failed = true;
        try {
            ChannelsLoader.Loaded loaded = load(loader);
            report.loaded(loaded.config(), loaded.source());
            run(loaded);
            failed = false;
        } catch (MojoFailureException e) {
            throw failed(escaped(e, MojoFailureException::new));
        } catch (MojoExecutionException e) {
            throw failed(escaped(e, MojoExecutionException::new));
        } catch (RuntimeException e) {
            throw failed(e);
        } finally {
            writeReports(ciSystem, failed);
        }
    }

    /** Records why the goal failed, unless a problem or a refused downgrade already says it. */
    private <E extends Exception> E failed(E e) {
        if (!report.hasErrorFindings()) {
            report.failure(String.valueOf(e.getMessage()));
        }
        return e;
    }

    /**
     * The exception with its message escaped line by line: Maven prints the message, and it may quote a server's
     * answer or a target's file. The same exception when nothing needed escaping.
     */
    static <E extends Exception> E escaped(E e, BiFunction<String, Throwable, E> copy) {
        String message = LogText.escapeLines(String.valueOf(e.getMessage()));
        if (message.equals(e.getMessage())) {
            return e;
        }
        E escaped = copy.apply(message, e.getCause());
        escaped.setStackTrace(e.getStackTrace());
        return escaped;
    }

    /** Maven's log, every line escaped: the Mojos' and the core's messages quote values from outside. */
    @Override
    public Log getLog() {
        Log log = super.getLog();
        return log instanceof EscapingLog ? log : new EscapingLog(log);
    }

    private void writeReports(CiSystem ciSystem, boolean failed) throws MojoExecutionException {
        try {
            List<Path> written = new ReportWriter(underBuildDirectory(buildDirectory).toPath(), environment, standardOutput)
                    .write(report.build(), ciSystem);
            written.forEach(path -> getLog().debug("Report: " + path));
        } catch (IOException e) {
            String message = "Cannot write the reports to " + buildDirectory + ": " + e.getMessage()
                    + ". Check free space and permissions.";
            if (failed) {
                getLog().warn(message); // the goal's own failure is the one to report
            } else {
                throw new MojoExecutionException(message, e);
            }
        }
    }

    /** Logs the plan, channel by channel old → new, and records it in the report. */
    void planned(ChannelPlan plan) {
        PlanText.lines(plan).forEach(getLog()::info);
        report.plan(plan);
    }

    /** The goal's own work on a validated configuration. */
    abstract void run(ChannelsLoader.Loaded loaded) throws MojoExecutionException, MojoFailureException;

    abstract String goal();

    /** The git ref to read channels.yaml from, empty for the working tree. */
    Optional<String> gitRef() {
        return Optional.ofNullable(ref).map(String::trim).filter(r -> !r.isEmpty());
    }

    private ChannelsLoader.Loaded load(ChannelsLoader loader) throws MojoExecutionException, MojoFailureException {
        Optional<String> gitRef = gitRef();
        try {
            return loader.load(file.toPath(), gitRef);
        } catch (ChannelsFileException e) {
            report.problems(e.problems());
            String origin = gitRef.map(r -> " at git ref '" + LogText.escape(r) + "'").orElse("");
            // Maven prints the message, each problem on its line: logging them too would print each twice.
            throw new MojoFailureException(file.getName() + origin + " is not valid; nothing was written. "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot read " + file + gitRef.map(r -> " at git ref "
                    + LogText.escape(r)).orElse("")
                    + ": " + e.getMessage() + ". Check that the file and its git repository are readable.", e);
        }
    }

    /** The proxies this run uses, logged by id and host (never a password) the first time they are asked for. */
    ProxySettings proxySettings() throws MojoFailureException {
        if (proxySettings == null) {
            List<Proxy> configured = proxies == null || settingsDecrypter == null ? proxies
                    : MavenProxies.decrypt(proxies, settingsDecrypter);
            proxySettings = MavenProxies.from(configured, System.getenv());
            if (!proxySettings.isEmpty()) {
                getLog().info("HTTP proxies: " + proxySettings.describe());
            }
        }
        return proxySettings;
    }

    /** The base URL, checked; empty when it is not set. */
    Optional<BaseUrl> parsedBaseUrl() throws MojoFailureException {
        if (baseUrl == null || baseUrl.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(BaseUrl.parse(baseUrl, allowHttp));
        } catch (InvalidBaseUrlException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    /** Logs what the configuration says, one line per channel. */
    void logConfiguration(ChannelsLoader.Loaded loaded) {
        var source = loaded.source();
        String commit = source.commit()
                .map(c -> " (commit " + c.substring(0, 12) + (source.uncommittedChanges() ? ", with uncommitted changes" : "") + ")")
                .orElse("");
        getLog().info(source.file() + commit + ": " + plural(loaded.config().channels().size(), "channel"));
        source.rollback().ifPresent(rollback -> getLog().warn("This is a " + rollback.describe() + ": agents get "
                + "the channels of that commit, not of HEAD. Follow it with a revert commit, or the next publish "
                + "of HEAD brings the versions back."));
        int width = loaded.config().channels().stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (Channel channel : loaded.config().channels()) {
            getLog().info(String.format("  %-" + width + "s  %s%s", channel.name(), channel.version(),
                    channel.critical() ? "  CRITICAL" : ""));
        }
        loaded.config().maintenance().ifPresentOrElse(
                window -> getLog().info("  maintenance window: " + describe(window)),
                () -> getLog().info("  no maintenance window declared: no cmc.yaml is rendered"));
        loaded.config().managedUpdates().ifPresent(updates -> {
            getLog().info("  managed updates v2:");
            updates.describe().forEach(line -> getLog().info("    " + line));
        });
        loaded.config().clusters().forEach(cluster -> {
            getLog().info("  cluster " + cluster.name() + ", managed updates v2:");
            cluster.managedUpdates().describe().forEach(line -> getLog().info("    " + line));
            cluster.maintenance().ifPresent(window -> getLog().info("    maintenance window: " + describe(window)));
        });
        loaded.warnings().forEach(warning -> getLog().warn(warning.toString()));
    }

    static String describe(MaintenanceWindow window) {
        String days = window.weekdays().isEmpty() ? "every day"
                : window.weekdays().stream().map(MaintenanceWindow::dayName).collect(Collectors.joining(", "));
        return String.format("%s, %02d:00-%02d:00 UTC", days, window.utcStartHour(), (window.utcStartHour() + 1) % 24);
    }

    static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
