// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A stand-in for the GitHub Actions runner's workflow-command parser, written from its source (actions/runner:
 * {@code src/Runner.Common/ActionCommand.cs}, {@code src/Runner.Worker/ActionCommandManager.cs},
 * {@code Handlers/OutputManager.cs}, {@code Runner.Sdk/ProcessInvoker.cs}), so a test sees a step's output as the
 * runner does:
 *
 * <ul>
 *   <li>Output is cut into lines as .NET's {@code StreamReader.ReadLine} cuts it: at CR, LF and CRLF.</li>
 *   <li>A line holding {@code ##[} or {@code ::} is tried as a command: first the current form,
 *       {@code ::name prop=value,...::data}, after the line's leading white space is trimmed ({@code TrimStart},
 *       every character .NET calls white space); then the older form, {@code ##[name prop=value;...]data}, found
 *       anywhere in the line.</li>
 *   <li>Only registered names are commands, in any case; others stay output.</li>
 *   <li>{@code stop-commands} with data {@code TOKEN} stops every command until a command named {@code TOKEN};
 *       while stopped, commands are output like any line.</li>
 *   <li>Properties and data are unescaped as the runner does: {@code %0D %0A %3A %2C %25} in properties,
 *       {@code %0D %0A %25} in data of the current form, {@code %3B %0D %0A %5D %25} in the older one.</li>
 * </ul>
 */
public final class ActionsRunner {

    /** The commands the runner registers (ActionCommandManager's extensions and {@code stop-commands}). */
    static final Set<String> REGISTERED = Set.of(
            "stop-commands",
            "set-env",
            "set-output",
            "save-state",
            "add-mask",
            "add-path",
            "add-matcher",
            "remove-matcher",
            "debug",
            "warning",
            "error",
            "notice",
            "group",
            "endgroup",
            "echo");

    /**
     * A command the runner acted on.
     *
     * @param name       as written, e.g. {@code error}
     * @param properties by name; the runner looks them up in any case, so they are kept lower-case
     * @param data       the unescaped message
     * @param line       the output line it came from
     */
    public record Command(String name, Map<String, String> properties, String data, String line) {

        /** {@code error}, {@code add-mask}: the name in lower case, as the runner matches it. */
        public String kind() {
            return name.toLowerCase(Locale.ROOT);
        }
    }

    private final Set<String> registered = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    private final List<Command> commands = new ArrayList<>();
    private final List<String> output = new ArrayList<>();
    private String stopToken;

    public ActionsRunner() {
        registered.addAll(REGISTERED);
    }

    /** Reads a stream's text as the runner reads a step's standard output. */
    public ActionsRunner read(String text) {
        lines(text).forEach(this::line);
        return this;
    }

    /** Every command the runner acted on, in order ({@code stop-commands} and its resume token included). */
    public List<Command> commands() {
        return List.copyOf(commands);
    }

    /** The lines shown as output (not taken as a command). */
    public List<String> output() {
        return List.copyOf(output);
    }

    /** Whether commands are stopped at the end of the output. */
    public boolean stopped() {
        return stopToken != null;
    }

    /** The lines of {@code text} as {@code StreamReader.ReadLine} returns them: cut at CR, LF and CRLF. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                lines.add(text.substring(start, i));
                i += c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    private void line(String line) {
        if (line.isEmpty() || !line.contains("##[") && !line.contains("::")) {
            output.add(line);
            return;
        }
        Command command = parseCurrentForm(line);
        if (command == null) {
            command = parseOldForm(line);
        }
        if (command == null) {
            output.add(line);
            return;
        }
        if (stopToken != null) {
            if (command.name().equalsIgnoreCase(stopToken)) {
                registered.remove(stopToken);
                stopToken = null;
                commands.add(command);
            } else {
                output.add(line); // stopped: shown, not acted on
            }
            return;
        }
        commands.add(command);
        if (command.kind().equals("stop-commands")) {
            stopToken = command.data();
            registered.add(stopToken);
        }
    }

    /** {@code ActionCommand.TryParseV2}. */
    private Command parseCurrentForm(String line) {
        String message = trimStart(line);
        if (!message.startsWith("::")) {
            return null;
        }
        int end = message.indexOf("::", 2);
        if (end < 0) {
            return null;
        }
        return command(message.substring(2, end), true, unescapeData(message.substring(end + 2)), line);
    }

    /** {@code ActionCommand.TryParse}: the older form, anywhere in the line. */
    private Command parseOldForm(String line) {
        int prefix = line.indexOf("##[");
        if (prefix < 0) {
            return null;
        }
        int bracket = line.indexOf(']', prefix);
        if (bracket < 0) {
            return null;
        }
        return command(line.substring(prefix + 3, bracket), false, unescapeOld(line.substring(bracket + 1)), line);
    }

    /**
     * The command of {@code info} ({@code name prop=value,...}), or null when the name is not registered. The current
     * form trims the properties and splits them at {@code ,}, the older at {@code ;}; a pair without a key or a
     * value is dropped, as the runner's split drops it.
     */
    private Command command(String info, boolean currentForm, String data, String line) {
        int space = info.indexOf(' ');
        String name = space < 0 ? info : info.substring(0, space);
        if (name.isEmpty() || !registered.contains(name)) {
            return null;
        }
        Map<String, String> properties = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (space > 0) {
            String list = info.substring(space + 1);
            for (String property : currentForm ? list.strip().split(",") : list.split(";")) {
                int equals = property.indexOf('=');
                if (equals > 0 && equals < property.length() - 1) {
                    String value = property.substring(equals + 1);
                    properties.put(
                            property.substring(0, equals), currentForm ? unescapeProperty(value) : unescapeOld(value));
                }
            }
        }
        return new Command(name, properties, data, line);
    }

    /** .NET's {@code TrimStart()}: every character {@code Char.IsWhiteSpace} holds. */
    static String trimStart(String line) {
        int i = 0;
        while (i < line.length() && dotNetWhiteSpace(line.charAt(i))) {
            i++;
        }
        return line.substring(i);
    }

    static boolean dotNetWhiteSpace(char c) {
        int type = Character.getType(c);
        return type == Character.SPACE_SEPARATOR
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || (c >= '\t' && c <= '\r')
                || c == '\u0085';
    }

    private static String unescapeData(String text) {
        return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%");
    }

    private static String unescapeProperty(String text) {
        return text.replace("%0D", "\r")
                .replace("%0A", "\n")
                .replace("%3A", ":")
                .replace("%2C", ",")
                .replace("%25", "%");
    }

    private static String unescapeOld(String text) {
        return text.replace("%3B", ";")
                .replace("%0D", "\r")
                .replace("%0A", "\n")
                .replace("%5D", "]")
                .replace("%25", "%");
    }
}
