// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.proxy.ProxySettings;
import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.workflow.Options;
import io.github.releasechannels.workflow.RunEnvironment;
import io.github.releasechannels.workflow.RunSettings;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
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
    @Parameter(property = Options.FILE, defaultValue = Options.DEFAULT_FILE, required = true)
    File file;

    /**
     * Read the channels file from this git ref (a branch, tag or commit such as {@code origin/main}) instead of the
     * working tree. The working tree is not touched.
     */
    @Parameter(property = Options.REF)
    String ref;

    /** Skip this goal; the log says so. */
    @Parameter(property = Options.SKIP, defaultValue = "false")
    boolean skip;

    /**
     * Where agents read the channels, e.g. {@code https://updates.example.com/teleport}: the status page prints the
     * agent settings for it, verify and deploy read every channel there, check and deploy guard against downgrades
     * from what it serves.
     */
    @Parameter(property = Options.BASE_URL)
    String baseUrl;

    /** A PEM file of CA certificates trusted in addition to the JDK's, for a version server with a private CA. */
    @Parameter(property = Options.TRUSTED_CERTIFICATES)
    File trustedCertificates;

    /** Allow plain {@code http://} for a loopback base URL (a local test server); never for other hosts. */
    @Parameter(property = Options.ALLOW_HTTP, defaultValue = "false")
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
        if (pomFile != null || buildDirectory == null || !path.toPath().startsWith(buildDirectory.toPath())) {
            return path;
        }
        return basedir.toPath()
                .resolve("target")
                .resolve(buildDirectory.toPath().relativize(path.toPath()))
                .toFile();
    }

    /**
     * The CI whose formats the reports use: {@code github} (workflow annotations, job summary), {@code gitlab} (Code
     * Quality and JUnit reports) or {@code none}. Unset: detected from {@code GITHUB_ACTIONS} and {@code GITLAB_CI}.
     * {@code release-channels-report.json} is written in every case.
     */
    @Parameter(property = Options.CI)
    String ci;

    /** The process environment; a field so tests can stand in for a CI runner. */
    Map<String, String> environment = System.getenv();

    /**
     * The process's standard output itself. Maven 4 hands a plugin's {@code System.out} to its log, which writes
     * {@code [INFO] [stdout]} before each line, and the runner takes a command only at the start of a line. Never
     * closed: it is file descriptor 1.
     */
    private static final PrintStream PROCESS_OUTPUT =
            new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

    /** Where GitHub workflow commands go: the process's standard output, which the runner scans, not the log. */
    Consumer<String> standardOutput = PROCESS_OUTPUT::println;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping release-channels:" + goal() + " because releaseChannels.skip is true.");
            return;
        }
        try {
            run(
                    runSettings(),
                    new RunEnvironment(
                            new MavenPublishLog(getLog()),
                            environment,
                            standardOutput,
                            this::proxySettings,
                            this::serverCredentials));
        } catch (UserProblemException e) {
            throw MavenFailures.of(e);
        } catch (EnvironmentProblemException e) {
            throw MavenFailures.of(e);
        }
    }

    /** Maven's log, every line escaped: the Mojos' and the core's messages quote values from outside. */
    @Override
    public Log getLog() {
        Log log = super.getLog();
        return log instanceof EscapingLog ? log : new EscapingLog(log);
    }

    /** The goal's parameters as the core's settings, and its run. */
    abstract void run(RunSettings settings, RunEnvironment environment)
            throws UserProblemException, EnvironmentProblemException;

    abstract String goal();

    /** What every goal reads, with Maven's paths resolved. */
    RunSettings runSettings() {
        return new RunSettings(
                file.toPath(),
                Optional.ofNullable(ref),
                basedir.toPath(),
                underBuildDirectory(buildDirectory).toPath(),
                Optional.ofNullable(ci),
                Optional.ofNullable(baseUrl),
                Optional.ofNullable(trustedCertificates).map(File::toPath),
                allowHttp);
    }

    /** settings.xml servers; only deploy has them. */
    Optional<Credentials> serverCredentials(String id) throws UserProblemException {
        return Optional.empty();
    }

    /** The proxies this run uses, logged by id and host (never a password) the first time they are asked for. */
    ProxySettings proxySettings() throws UserProblemException {
        if (proxySettings == null) {
            List<Proxy> configured = proxies == null || settingsDecrypter == null
                    ? proxies
                    : MavenProxies.decrypt(proxies, settingsDecrypter);
            proxySettings = MavenProxies.from(configured, System.getenv());
            if (!proxySettings.isEmpty()) {
                getLog().info("HTTP proxies: " + proxySettings.describe());
            }
        }
        return proxySettings;
    }
}
