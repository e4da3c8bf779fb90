// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.cli;

import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.ExitCode;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.text.LogText;
import io.github.releasechannels.workflow.Goal;
import io.github.releasechannels.workflow.Option;
import io.github.releasechannels.workflow.OptionType;
import io.github.releasechannels.workflow.Options;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code release-channels check|generate|deploy|verify|serve [options]}: the goals without Maven. Each goal's options
 * are bound from the registry ({@link Options}), so the command line takes what the Mojo takes, under
 * {@code --kebab-case} names or as {@code -DreleaseChannels.name=value}; the run is the core's use case, its failure
 * an exit code ({@link ExitCode}).
 */
public final class ReleaseChannelsCli {

    static final String COMMAND = "release-channels";
    static final String DIRECTORY = "--directory";
    static final String SETTINGS = "--settings";
    static final String OFFLINE = "--offline";
    static final String DEBUG = "--debug";
    static final String PROPERTY = "-D";

    private ReleaseChannelsCli() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err, System.getenv(), Path.of("").toAbsolutePath()));
    }

    /**
     * Runs one command line and returns its exit status.
     *
     * @param out         standard output: help, and the CI's workflow commands
     * @param err         standard error: the log and the problems
     * @param environment the process environment (CI detection, proxies, {@code ${env.X}} in settings.xml)
     * @param workingDirectory where relative paths and the default {@code --directory} start
     */
    public static int run(
            String[] args, PrintStream out, PrintStream err, Map<String, String> environment, Path workingDirectory) {
        CommandLine commandLine = commandLine();
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            err.println("error: " + LogText.escape(e.getMessage()));
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.USER;
        }
        if (CommandLine.printHelpIfRequested(parsed.asCommandLineList(), out, err, CommandLine.Help.Ansi.OFF)) {
            return ExitCode.SUCCESS;
        }
        if (!parsed.hasSubcommand()) {
            err.println("error: name a goal: check, generate, deploy, verify or serve");
            commandLine.usage(new PrintWriter(err, true, StandardCharsets.UTF_8));
            return ExitCode.USER;
        }
        ParseResult sub = parsed.subcommand();
        Goal goal = Goal.valueOf(sub.commandSpec().name().toUpperCase(Locale.ROOT));
        ConsoleLog log = new ConsoleLog(err, sub.hasMatchedOption(DEBUG));
        try {
            GoalCommand command = new GoalCommand(
                    goal,
                    values(goal, sub),
                    directory(sub, workingDirectory),
                    Optional.ofNullable(sub.<String>matchedOptionValue(SETTINGS, null))
                            .map(workingDirectory::resolve),
                    sub.hasMatchedOption(OFFLINE),
                    environment,
                    out,
                    log);
            command.run();
            return ExitCode.SUCCESS;
        } catch (UserProblemException | EnvironmentProblemException e) {
            err.println("error: " + LogText.escapeLines(String.valueOf(e.getMessage())));
            return ExitCode.of(e);
        } catch (RuntimeException e) {
            err.println("error: " + goal.id() + " failed unexpectedly: " + LogText.escapeLines(String.valueOf(e)));
            return ExitCode.ENVIRONMENT;
        }
    }

    /** The command and one subcommand per goal, each with the registry's options for that goal. */
    static CommandLine commandLine() {
        CommandSpec top = CommandSpec.create()
                .name(COMMAND)
                .mixinStandardHelpOptions(true)
                .version(COMMAND + " "
                        + Optional.ofNullable(
                                        ReleaseChannelsCli.class.getPackage().getImplementationVersion())
                                .orElse("(development)"));
        top.usageMessage()
                .description("Validates channels.yaml, renders the Teleport version server and publishes "
                        + "it; see docs/cli.md.");
        CommandLine commandLine = new CommandLine(top);
        for (Goal goal : Goal.values()) {
            commandLine.addSubcommand(goal.id(), new CommandLine(goalSpec(goal)));
        }
        return commandLine;
    }

    private static CommandSpec goalSpec(Goal goal) {
        CommandSpec spec = CommandSpec.create().name(goal.id()).mixinStandardHelpOptions(true);
        for (Option option : Options.ALL) {
            if (!option.appliesTo(goal)) {
                continue;
            }
            String documentation = option.documentation();
            String description = (documentation.endsWith(".") ? documentation : documentation + ".")
                    + GoalCommand.defaultValue(option)
                            .map(d -> " Default: " + (d.isEmpty() ? "the project directory" : d) + ".")
                            .orElse("");
            // The registry's texts hold ${...} as Maven writes it, not picocli's variables, and % literally.
            OptionSpec.Builder builder = OptionSpec.builder(longName(option))
                    .description(description.replace("%", "%%").replace("${", "$${"))
                    .type(String.class);
            if (option.type() == OptionType.FLAG
                    || option.type() == OptionType.OPTIONAL_FLAG
                    || option.type() == OptionType.TARGET_FLAG) {
                builder.arity("0..1").fallbackValue("true").paramLabel("true|false");
            } else {
                builder.arity("1")
                        .paramLabel("<"
                                + option.type().name().toLowerCase(Locale.ROOT).replace("target_", "") + ">");
            }
            spec.addOption(builder.build());
        }
        spec.addOption(OptionSpec.builder(DIRECTORY, "-C")
                .type(String.class)
                .paramLabel("<dir>")
                .description("the project directory: relative paths and the defaults start there, `target/` "
                        + "under it holds the reports. Default: the working directory.")
                .build());
        spec.addOption(OptionSpec.builder(PROPERTY)
                .type(Map.class)
                .auxiliaryTypes(String.class, String.class)
                .paramLabel("releaseChannels.<name>=<value>")
                .description("an option by its property name, as Maven takes it; a --option wins.")
                .build());
        spec.addOption(OptionSpec.builder(DEBUG)
                .arity("0")
                .type(boolean.class)
                .description("also print the debug log.")
                .build());
        spec.addOption(OptionSpec.builder(SETTINGS, "-s")
                .type(String.class)
                .paramLabel("<settings.xml>")
                .description("the Maven settings file: its active <proxies>, and the <server> the serverId option "
                        + "names. Default: ~/.m2/settings.xml when it exists.")
                .build());
        if (goal == Goal.DEPLOY) {
            spec.addOption(OptionSpec.builder(OFFLINE, "-o")
                    .arity("0")
                    .type(boolean.class)
                    .description("send nothing over the network, as Maven's -o.")
                    .build());
        }
        return spec;
    }

    /**
     * {@code releaseChannels.s3.requestChecksums} → {@code --s3-request-checksums}. Public so that the benchmarks
     * spell a command line with the flags it binds, not a copy of them.
     */
    public static String longName(Option option) {
        String key = Options.key(option.name());
        StringBuilder name = new StringBuilder("--");
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '.') {
                name.append('-');
            } else if (Character.isUpperCase(c)) {
                name.append('-').append(Character.toLowerCase(c));
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }

    /**
     * The goal's option values by property name: the JVM's {@code -D} system properties, then {@code -D} on the
     * command line, then the {@code --options}; a later one wins. Defaults are left to {@link GoalCommand}.
     */
    private static Map<String, String> values(Goal goal, ParseResult parsed) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> properties = parsed.matchedOptionValue(PROPERTY, Map.of());
        for (Option option : Options.ALL) {
            if (!option.appliesTo(goal)) {
                continue;
            }
            String system = System.getProperty(option.name());
            if (system != null) {
                values.put(option.name(), system);
            }
            if (properties.containsKey(option.name())) {
                values.put(option.name(), properties.get(option.name()));
            }
            String given = parsed.matchedOptionValue(longName(option), null);
            if (given != null) {
                values.put(option.name(), given);
            }
        }
        return values;
    }

    private static Path directory(ParseResult parsed, Path workingDirectory) {
        String given = parsed.matchedOptionValue(DIRECTORY, null);
        return given == null
                ? workingDirectory
                : workingDirectory.resolve(given).normalize();
    }
}
