// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.ci;

import io.github.releasechannels.resources.TctlReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for Teleport's {@code tctl} where no cluster exists. It reads its command line as tctl does, and refuses
 * what tctl refuses in the words tctl prints; {@code create} then reads the file as tctl does ({@link TctlReader}) and
 * records the call instead of sending it to a cluster.
 *
 * <p>The command line follows tctl's own declarations, read from gravitational/teleport: the global flags of
 * {@code tool/tctl/common/tctl.go} ({@code --debug/-d}, {@code --config/-c} an existing file, hidden
 * {@code --config-string}, {@code --auth-server} repeatable with {@code TELEPORT_AUTH_SERVER}, {@code --identity/-i}
 * with {@code TELEPORT_IDENTITY_FILE}, {@code --insecure}, {@code --help/-h}), {@code create} and {@code get} of
 * {@code resource_command.go} ({@code create [<filename>] [--force/-f] [--confirm]}: no file reads standard input) and
 * {@code bots add} of {@code bots_command.go}; no other command, so a new one in the docs must be added here. It
 * parses as kingpin v2 does under {@code lib/utils/cli.go InitCLIParser}: {@code --name value}, {@code --name=value},
 * {@code -x value}, {@code -xVALUE}, clustered boolean shorts, {@code --no-<bool>}, {@code --} ending the flags,
 * {@code @file} expansion, environment variables as defaults, and every flag repeatable ({@code AllRepeatable(true)}:
 * {@code -f --force} is the one flag twice, accepted).
 */
public final class TctlStandIn {

    /** The environment variable naming the file each {@code create} call is recorded in. */
    public static final String CALLS_VARIABLE = "TCTL_STAND_IN_CALLS";

    private enum Kind {
        BOOL,
        STRING,
        STRINGS,
        EXISTING_FILE,
        DURATION,
        ENUM
    }

    private record Flag(String name, String shortName, Kind kind, String envar, List<String> choices) {
        boolean bool() {
            return kind == Kind.BOOL;
        }
    }

    private record Arg(String name, boolean required) {}

    private record Command(
            String name, List<String> aliases, List<Flag> flags, List<Arg> args, List<Command> commands) {
        Optional<Command> find(String word) {
            return commands.stream()
                    .filter(c -> c.name.equals(word) || c.aliases.contains(word))
                    .findFirst();
        }
    }

    private static final Flag HELP = flag("help", "h", Kind.BOOL);
    private static final Command TCTL = new Command(
            "tctl",
            List.of(),
            List.of(
                    flag("debug", "d", Kind.BOOL),
                    flag("config", "c", Kind.EXISTING_FILE),
                    new Flag("config-string", null, Kind.STRING, "TELEPORT_CONFIG", List.of()),
                    new Flag("auth-server", null, Kind.STRINGS, "TELEPORT_AUTH_SERVER", List.of()),
                    new Flag("identity", "i", Kind.STRING, "TELEPORT_IDENTITY_FILE", List.of()),
                    flag("insecure", null, Kind.BOOL),
                    HELP),
            List.of(),
            List.of(
                    new Command(
                            "create",
                            List.of(),
                            List.of(flag("force", "f", Kind.BOOL), flag("confirm", null, Kind.BOOL)),
                            List.of(new Arg("filename", false)),
                            List.of()),
                    new Command(
                            "get",
                            List.of(),
                            List.of(
                                    flag("format", null, Kind.STRING),
                                    flag("namespace", null, Kind.STRING),
                                    flag("with-secrets", null, Kind.BOOL),
                                    flag("verbose", "v", Kind.BOOL)),
                            List.of(new Arg("resources", true)),
                            List.of()),
                    new Command(
                            "bots",
                            List.of("bot"),
                            List.of(),
                            List.of(),
                            List.of(new Command(
                                    "add",
                                    List.of(),
                                    List.of(
                                            flag("roles", null, Kind.STRING),
                                            flag("ttl", null, Kind.DURATION),
                                            flag("token", null, Kind.STRING),
                                            new Flag("format", null, Kind.ENUM, null, List.of("text", "json")),
                                            flag("logins", null, Kind.STRINGS),
                                            flag("max-session-ttl", null, Kind.DURATION)),
                                    List.of(new Arg("name", true)),
                                    List.of())))));

    private static final Pattern GO_DURATION = Pattern.compile("[-+]?(0|([0-9]*(\\.[0-9]*)?(ns|us|µs|μs|ms|s|m|h))+)");

    private static Flag flag(String name, String shortName, Kind kind) {
        return new Flag(name, shortName, kind, null, List.of());
    }

    /** A command line tctl refuses, with kingpin's (or tctl's) message. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * A command line as tctl reads it.
     *
     * @param command the selected command, e.g. {@code [create]} or {@code [bots, add]}
     * @param flags   each flag as given, by its long name, in order (a flag given twice is there twice)
     * @param args    the positional arguments by name
     * @param values  every flag's value after the environment's defaults, by long name
     * @param help    {@code --help} was given: tctl prints the usage and exits 0
     */
    public record Invocation(
            List<String> command,
            List<String> flags,
            Map<String, String> args,
            Map<String, List<String>> values,
            boolean help) {}

    private enum Type {
        SHORT,
        LONG,
        ARG,
        ERROR,
        EOL
    }

    private record Token(Type type, String value) {
        @Override
        public String toString() {
            return switch (type) {
                case SHORT -> "-" + value;
                case LONG -> "--" + value;
                case ERROR -> "error: " + value;
                case EOL -> "<EOL>";
                case ARG -> value;
            };
        }
    }

    private final List<String> rawArgs;
    private final List<String> args;
    private final Path workingDirectory;
    private final Deque<Token> peeked = new ArrayDeque<>();
    private final Map<String, Flag> longFlags = new LinkedHashMap<>();
    private final Map<String, Flag> shortFlags = new LinkedHashMap<>();
    private final List<Arg> arguments = new ArrayList<>();
    private int argumentIndex;
    private int argi;
    private boolean argsOnly;
    private final List<String> command = new ArrayList<>();
    private final List<Map.Entry<Flag, String>> flagElements = new ArrayList<>();
    private final Map<String, String> argElements = new LinkedHashMap<>();

    private TctlStandIn(List<String> args, Path workingDirectory) {
        this.rawArgs = List.copyOf(args);
        this.args = new ArrayList<>(args);
        this.workingDirectory = workingDirectory;
    }

    /**
     * Parses a tctl command line as tctl does.
     *
     * @param environment the variables tctl reads as flag defaults
     * @param workingDirectory where relative paths ({@code --config}, {@code @file}) are resolved
     * @throws Refused where tctl refuses it, with the message tctl prints after {@code ERROR: }
     */
    public static Invocation parse(List<String> args, Map<String, String> environment, Path workingDirectory)
            throws Refused {
        return new TctlStandIn(args, workingDirectory).parse(environment);
    }

    private Invocation parse(Map<String, String> environment) throws Refused {
        merge(TCTL);
        Command commands = TCTL;
        while (true) {
            Token token = peek();
            if (token.type == Type.EOL || token.type == Type.ERROR) {
                break;
            }
            if (token.type == Type.LONG || token.type == Type.SHORT) {
                parseFlag();
            } else if (!commands.commands.isEmpty()) {
                Command selected = commands.find(token.value)
                        .orElseThrow(() -> new Refused("expected command but got " + goQuote(token.toString())));
                command.add(selected.name);
                merge(selected);
                commands = selected;
                next();
            } else if (!arguments.isEmpty()) {
                if (argumentIndex >= arguments.size()) {
                    break;
                }
                argElements.put(arguments.get(argumentIndex++).name, token.value);
                next();
            } else {
                break;
            }
        }
        Token last = peek();
        if (last.type == Type.ERROR) {
            throw new Refused(last.value);
        }
        if (last.type != Type.EOL) {
            throw new Refused("unexpected " + last);
        }
        boolean help = flagElements.stream().anyMatch(element -> element.getKey() == HELP);
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (!help) {
            // Kingpin's setDefaults: a flag not given takes its environment variable.
            for (Flag flag : longFlags.values()) {
                String envar = flag.envar == null ? null : environment.get(flag.envar);
                boolean given = flagElements.stream().anyMatch(element -> element.getKey() == flag);
                if (!given && envar != null && !envar.isEmpty()) {
                    for (String value : flag.kind == Kind.STRINGS
                            ? envar.replaceAll("\\r?\\n$", "").split("\\r?\\n", -1)
                            : new String[] {envar}) {
                        set(flag, value, values);
                    }
                }
            }
        }
        for (Map.Entry<Flag, String> element : flagElements) {
            set(element.getKey(), element.getValue(), values);
        }
        if (!commands.commands.isEmpty() && !command.isEmpty()) {
            throw new Refused("must select a subcommand of '" + String.join(" ", command) + "'");
        }
        if (help) {
            return new Invocation(List.copyOf(command), names(), Map.copyOf(argElements), values, true);
        }
        for (Arg arg : arguments) {
            if (arg.required && !argElements.containsKey(arg.name)) {
                throw new Refused("required argument '" + arg.name + "' not provided");
            }
        }
        if (command.isEmpty()) {
            throw new Refused("command not specified");
        }
        // tctl.go, after parsing: identity files hold no proxy address.
        if (values.containsKey("identity") && !values.containsKey("auth-server")) {
            throw new Refused("tctl --identity also requires --auth-server");
        }
        return new Invocation(List.copyOf(command), names(), Map.copyOf(argElements), values, false);
    }

    private List<String> names() {
        return flagElements.stream().map(element -> element.getKey().name).toList();
    }

    private void merge(Command selected) {
        for (Flag flag : selected.flags) {
            longFlags.put(flag.name, flag);
            if (flag.shortName != null) {
                shortFlags.put(flag.shortName, flag);
            }
        }
        arguments.addAll(selected.args);
    }

    private void parseFlag() throws Refused {
        Token token = peek();
        String name = token.value;
        boolean invert = false;
        Flag flag;
        if (token.type == Type.LONG) {
            flag = longFlags.get(name);
            if (flag == null && name.startsWith("no-")) {
                flag = longFlags.get(name.substring(3));
                invert = true;
            }
            if (flag == null) {
                throw new Refused("unknown long flag '" + token + "'");
            }
        } else {
            flag = shortFlags.get(name);
            if (flag == null) {
                throw new Refused("unknown short flag '" + token + "'");
            }
        }
        next();
        String value;
        if (flag.bool()) {
            value = invert ? "false" : "true";
        } else {
            if (invert) {
                throw new Refused("unknown long flag '" + token + "'");
            }
            Token argument = peek();
            if (argument.type != Type.ARG) {
                throw new Refused("expected argument for flag '" + token + "'");
            }
            next();
            value = argument.value;
        }
        flagElements.add(Map.entry(flag, value));
    }

    /** Kingpin's value setters: the checks a flag's type makes. Every flag is repeatable; the last value wins. */
    private void set(Flag flag, String value, Map<String, List<String>> values) throws Refused {
        switch (flag.kind) {
            case EXISTING_FILE -> {
                Path path = workingDirectory.resolve(value);
                if (!Files.exists(path)) {
                    throw new Refused("path '" + value + "' does not exist");
                }
                if (Files.isDirectory(path)) {
                    throw new Refused("'" + path.getFileName() + "' is a directory");
                }
            }
            case DURATION -> {
                if (!GO_DURATION.matcher(value).matches()) {
                    throw new Refused("time: invalid duration " + goQuote(value));
                }
            }
            case ENUM -> {
                if (!flag.choices.contains(value)) {
                    throw new Refused(
                            "enum value must be one of " + String.join(",", flag.choices) + ", got '" + value + "'");
                }
            }
            default -> {}
        }
        List<String> list = values.computeIfAbsent(flag.name, name -> new ArrayList<>());
        if (flag.kind != Kind.STRINGS) {
            list.clear();
        }
        list.add(value);
    }

    private Token peek() {
        if (peeked.isEmpty()) {
            peeked.push(readToken());
        }
        return peeked.peek();
    }

    private void next() {
        if (!peeked.isEmpty()) {
            peeked.pop();
        } else {
            readToken();
        }
    }

    /** Kingpin's lexer: one token from the arguments, pushing back what belongs to the next one. */
    private Token readToken() {
        if (args.isEmpty()) {
            return new Token(Type.EOL, "");
        }
        if (argi > 0 && argi <= rawArgs.size() && rawArgs.get(argi - 1).equals("--")) {
            argsOnly = true;
        }
        String arg = args.remove(0);
        argi++;
        if (argsOnly) {
            return new Token(Type.ARG, arg);
        }
        if (arg.equals("--")) {
            return readToken();
        }
        if (arg.startsWith("--")) {
            String[] parts = arg.substring(2).split("=", 2);
            if (parts.length == 2) {
                peeked.push(new Token(Type.ARG, parts[1]));
            }
            return new Token(Type.LONG, parts[0]);
        }
        if (arg.startsWith("-")) {
            if (arg.length() == 1) {
                return new Token(Type.ARG, "");
            }
            int size = Character.charCount(arg.codePointAt(1));
            String name = arg.substring(1, 1 + size);
            String rest = arg.substring(1 + size);
            Flag flag = shortFlags.get(name);
            if (flag != null && !flag.bool()) {
                if (!rest.isEmpty()) {
                    peeked.push(new Token(Type.ARG, rest));
                }
                return new Token(Type.SHORT, name);
            }
            if (!rest.isEmpty()) {
                args.add(0, "-" + rest);
            }
            return new Token(Type.SHORT, name);
        }
        if (arg.startsWith("@")) {
            try {
                args.addAll(0, expand(arg.substring(1)));
            } catch (IOException e) {
                return new Token(Type.ERROR, e.getMessage());
            }
            return readToken();
        }
        return new Token(Type.ARG, arg);
    }

    private List<String> expand(String file) throws IOException {
        if (file.isEmpty()) {
            throw new IOException("expected @ file to expand arguments from");
        }
        try {
            return Files.readAllLines(workingDirectory.resolve(file)).stream()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new IOException("failed to open arguments file " + goQuote(file) + ": " + e.getMessage(), e);
        }
    }

    /** Go's {@code %q} for the strings tctl quotes. */
    static String goQuote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"', '\\' -> quoted.append('\\').append(c);
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    /**
     * tctl in a CI rehearsal: parses; {@code create} reads the resource as tctl does and records the call in the file
     * named by {@value #CALLS_VARIABLE} (with the path of its identity file and its auth server, never the identity's
     * contents).
     * Exits as tctl does: 0 done, 1 with {@code ERROR: ...}; 2 for a command the stand-in cannot carry out.
     */
    public static void main(String[] argv) throws IOException {
        System.exit(run(List.of(argv), System.getenv(), Path.of("").toAbsolutePath(), System.out, System.err));
    }

    static int run(
            List<String> argv, Map<String, String> environment, Path workingDirectory, PrintStream out, PrintStream err)
            throws IOException {
        Invocation invocation;
        try {
            invocation = parse(argv, environment, workingDirectory);
        } catch (Refused e) {
            err.println("usage: tctl [<flags>] <command> [<args> ...]");
            err.println("ERROR: " + e.getMessage());
            return 1;
        }
        if (invocation.help()) {
            out.println("usage: tctl [<flags>] <command> [<args> ...]");
            return 0;
        }
        if (!invocation.command().equals(List.of("create"))) {
            err.println("tctl stand-in: 'tctl " + String.join(" ", invocation.command()) + "' parses, but only "
                    + "create is carried out here (no cluster is reached)");
            return 2;
        }
        String filename = invocation.args().get("filename");
        if (filename == null) {
            err.println("tctl stand-in: create reads standard input without a file; the CI templates name the file");
            return 2;
        }
        Path file = workingDirectory.resolve(filename);
        if (!Files.isRegularFile(file)) {
            err.println("ERROR: open " + filename + ": no such file or directory");
            return 1;
        }
        String yaml = Files.readString(file);
        List<String> refusals = TctlReader.tctlCreate(yaml);
        if (!refusals.isEmpty()) {
            err.println("ERROR: " + String.join("; ", refusals));
            return 1;
        }
        Matcher kind = Pattern.compile("(?m)^kind: *(\\S+)").matcher(yaml);
        Matcher name = Pattern.compile("(?m)^  name: *(\\S+)").matcher(yaml);
        String resource = kind.find() ? kind.group(1) : "?";
        // Which identity file, by its path (a real one is a secret: its contents are never read or recorded).
        String identity = invocation.values().containsKey("identity")
                ? invocation.values().get("identity").get(0)
                        + (Files.isRegularFile(workingDirectory.resolve(
                                        invocation.values().get("identity").get(0)))
                                ? ""
                                : " (missing)")
                : "none";
        String auth = String.join(",", invocation.values().getOrDefault("auth-server", List.of("none")));
        String calls = environment.get(CALLS_VARIABLE);
        if (calls != null) {
            Files.writeString(
                    Path.of(calls),
                    "tctl " + String.join(" ", argv) + ": " + resource + ", identity " + identity + ", auth " + auth
                            + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        out.println(resource + " \"" + (name.find() ? name.group(1) : "?") + "\" has been created");
        return 0;
    }
}
