// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.cli;

import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.proxy.ProxySettings;
import io.github.releasechannels.publish.TargetOptions;
import io.github.releasechannels.workflow.Check;
import io.github.releasechannels.workflow.CheckSettings;
import io.github.releasechannels.workflow.Deploy;
import io.github.releasechannels.workflow.DeploySettings;
import io.github.releasechannels.workflow.Generate;
import io.github.releasechannels.workflow.GenerateSettings;
import io.github.releasechannels.workflow.Goal;
import io.github.releasechannels.workflow.Option;
import io.github.releasechannels.workflow.Options;
import io.github.releasechannels.workflow.Promote;
import io.github.releasechannels.workflow.PromoteSettings;
import io.github.releasechannels.workflow.ProxySource;
import io.github.releasechannels.workflow.RunEnvironment;
import io.github.releasechannels.workflow.RunSettings;
import io.github.releasechannels.workflow.Serve;
import io.github.releasechannels.workflow.ServeSettings;
import io.github.releasechannels.workflow.SiteSettings;
import io.github.releasechannels.workflow.Verify;
import io.github.releasechannels.workflow.VerifySettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One goal's run from the command line: the option values with the registry's defaults, typed into the core's
 * settings (every wrong value named at once), then the goal's use case.
 */
final class GoalCommand {

    /** Maven's expressions in the registry's defaults and what they stand for without a pom. */
    private static final String BASEDIR = "${basedir}";

    private static final String BUILD_DIRECTORY = "${project.build.directory}";
    private static final String DISTRIBUTION_MANAGEMENT = "${project.distributionManagement.";
    private static final String TARGET = "target";

    private final Goal goal;
    private final Map<String, String> values;
    private final Path directory;
    private final SettingsXml settings;
    private final boolean offline;
    private final Map<String, String> environment;
    private final PrintStream out;
    private final ConsoleLog log;
    private final List<String> problems = new ArrayList<>();

    GoalCommand(
            Goal goal,
            Map<String, String> given,
            Path directory,
            Optional<Path> settingsFile,
            boolean offline,
            Map<String, String> environment,
            PrintStream out,
            ConsoleLog log) {
        this.goal = goal;
        this.directory = directory;
        this.settings = settings(settingsFile, environment, log);
        this.offline = offline;
        this.environment = environment;
        this.out = out;
        this.log = log;
        this.values = new HashMap<>();
        for (Option option : Options.ALL) {
            if (option.appliesTo(goal)) {
                Optional.ofNullable(given.get(option.name()))
                        .or(() -> defaultValue(option))
                        .ifPresent(value -> values.put(option.name(), value));
            }
        }
    }

    /**
     * The option's default on the command line: Maven's expressions as they stand without a pom, paths relative to
     * the project directory ({@code ${basedir}/channels.yaml} is {@code channels.yaml}); none for what only a pom
     * holds ({@code distributionManagement}).
     */
    static Optional<String> defaultValue(Option option) {
        return option.defaultValue()
                .filter(d -> !d.contains(DISTRIBUTION_MANAGEMENT))
                .map(d -> d.replace(BASEDIR + "/", "").replace(BASEDIR, "").replace(BUILD_DIRECTORY, TARGET));
    }

    private Path buildDirectory() {
        return directory.resolve(TARGET);
    }

    void run() throws UserProblemException, EnvironmentProblemException {
        if (flag(Options.SKIP)) {
            log.info("Skipping release-channels " + goal.id() + " because " + Options.SKIP + " is true.");
            return;
        }
        RunSettings run = new RunSettings(
                path(Options.FILE).orElseThrow(),
                text(Options.REF),
                directory,
                buildDirectory(),
                text(Options.CI),
                text(Options.BASE_URL),
                path(Options.TRUSTED_CERTIFICATES),
                flag(Options.ALLOW_HTTP));
        RunEnvironment runEnvironment = new RunEnvironment(log, environment, out::println, this::proxies, settings);
        switch (goal) {
            case CHECK -> {
                CheckSettings settings = new CheckSettings(
                        run, text(Options.TARGET), flag(Options.ALLOW_DOWNGRADE), flag(Options.IGNORE_FREEZE));
                throwIfProblems();
                Check.run(settings, runEnvironment);
            }
            case GENERATE -> {
                GenerateSettings settings = new GenerateSettings(run, site());
                throwIfProblems();
                Generate.run(settings, runEnvironment);
            }
            case VERIFY -> {
                VerifySettings settings =
                        new VerifySettings(run, text(Options.TARGET), number(Options.VERIFY_WAIT_SECONDS));
                throwIfProblems();
                Verify.run(settings, runEnvironment);
            }
            case SERVE -> {
                ServeSettings settings = new ServeSettings(
                        run,
                        site(),
                        number(Options.SERVE_PORT),
                        text(Options.CACHE_CONTROL).orElseThrow());
                throwIfProblems();
                Serve.run(settings, runEnvironment);
            }
            case DEPLOY -> {
                SiteSettings site = site();
                Optional<Boolean> writeLocalSite =
                        text(Options.WRITE_LOCAL_SITE).map(v -> parseFlag(Options.WRITE_LOCAL_SITE, v));
                int verifyWaitSeconds = number(Options.VERIFY_WAIT_SECONDS);
                boolean dryRun = flag(Options.DRY_RUN);
                boolean allowDowngrade = flag(Options.ALLOW_DOWNGRADE);
                boolean ignoreFreeze = flag(Options.IGNORE_FREEZE);
                boolean allowUncommitted = flag(Options.ALLOW_UNCOMMITTED);
                flag(Options.S3_PATH_STYLE);
                Map<String, String> targetValues = new HashMap<>(values);
                path(Options.KNOWN_HOSTS).ifPresent(p -> targetValues.put(Options.KNOWN_HOSTS, p.toString()));
                throwIfProblems();
                TargetOptions targetOptions = Options.targetOptions(targetValues);
                Deploy.run(
                        new DeploySettings(
                                run,
                                site,
                                text(Options.TARGET),
                                text(Options.SERVER_ID),
                                dryRun,
                                text(Options.CACHE_CONTROL).orElseThrow(),
                                targetOptions,
                                verifyWaitSeconds,
                                allowDowngrade,
                                ignoreFreeze,
                                allowUncommitted,
                                writeLocalSite,
                                offline,
                                buildDirectory().resolve("release-channels-work")),
                        runEnvironment);
            }
            case PROMOTE -> {
                PromoteSettings settings = new PromoteSettings(
                        run,
                        flag(Options.PROMOTE_COMMIT),
                        flag(Options.PROMOTE_PUSH),
                        text(Options.PROMOTE_AT),
                        text(Options.SERVER_ID),
                        text(Options.GIT_TOKEN_VARIABLE).orElseThrow());
                throwIfProblems();
                Promote.run(settings, runEnvironment);
            }
            default -> throw new IllegalStateException("No command for " + goal);
        }
    }

    private SiteSettings site() {
        return new SiteSettings(
                path(Options.OUTPUT_DIRECTORY).orElseThrow(),
                flag(Options.STATUS_PAGE),
                path(Options.RESOURCES_DIRECTORY).orElseThrow(),
                text(Options.KUBERNETES_CONFIG_NAME).orElseThrow(),
                text(Options.KUBERNETES_VERSION_NAME).orElseThrow(),
                text(Options.KUBERNETES_NAMESPACE));
    }

    /** settings.xml's active proxies when it has any, else the environment's, as the Maven goal chooses. */
    private ProxySettings proxies() throws UserProblemException {
        ProxySettings proxies = ProxySource.settingsOrEnvironment(settings.proxies(), environment);
        if (!proxies.isEmpty()) {
            log.info("HTTP proxies: " + proxies.describe());
        }
        return proxies;
    }

    /** {@code --settings}, else {@code ~/.m2/settings.xml} when it exists, as Maven reads them. */
    private static SettingsXml settings(Optional<Path> given, Map<String, String> environment, ConsoleLog log) {
        Path m2 = Path.of(System.getProperty("user.home"), ".m2");
        return new SettingsXml(
                given.orElse(m2.resolve("settings.xml")),
                given.isPresent(),
                environment,
                log,
                m2.resolve("settings-security.xml"));
    }

    private Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name)).filter(v -> !v.isBlank());
    }

    /** A path relative to the project directory, as Maven resolves a {@code File} parameter against basedir. */
    private Optional<Path> path(String name) {
        return text(name).map(value -> directory.resolve(value.trim()).normalize());
    }

    private boolean flag(String name) {
        return text(name).map(value -> parseFlag(name, value)).orElse(false);
    }

    private boolean parseFlag(String name, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            problems.add(describe(name, value) + " is not true or false");
        }
        return v.equals("true");
    }

    private int number(String name) {
        String value = text(name).orElse("0").trim();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            problems.add(describe(name, value) + " is not a whole number");
            return 0;
        }
    }

    private static String describe(String name, String value) {
        return ReleaseChannelsCli.longName(Options.named(name).orElseThrow()) + " (" + name + ") '" + value + "'";
    }

    private void throwIfProblems() throws UserProblemException {
        if (!problems.isEmpty()) {
            throw new UserProblemException("Wrong options:\n  - " + String.join("\n  - ", problems));
        }
    }
}
