// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.ci;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of a bash reader to list what a CI step runs: the command names and the variables it reads. Quotes are
 * respected, so a {@code |} inside a grep pattern or a {@code $0} inside an awk program is not mistaken for shell.
 */
final class ShellScript {

    private static final Set<String> KEYWORDS = Set.of("if", "then", "else", "elif", "fi", "!", "do", "done", "while");
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
    private static final Pattern COMMAND_NAME = Pattern.compile("^[A-Za-z0-9_.\\[-]+");
    private static final Pattern REFERENCE =
            Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))");

    private final List<String> commands = new ArrayList<>();
    private final StringBuilder unquotedOrDoubleQuoted = new StringBuilder();

    private ShellScript(String script) {
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            char next = i + 1 < script.length() ? script.charAt(i + 1) : 0;
            if (quote == '\'') {
                quote = c == '\'' ? 0 : quote;
                current.append(c);
                continue;
            }
            if (c == '\\' && next != 0) {
                current.append(c).append(next);
                i++;
                continue;
            }
            if (c == '$' && next == '{') {
                // A parameter expansion such as ${TARGET:+"-Dx=$TARGET"} is one word, braces and quotes inside.
                int end = expansionEnd(script, i + 2);
                current.append(script, i, end + 1);
                unquotedOrDoubleQuoted.append(script, i, end + 1);
                i = end;
                continue;
            }
            if (c == '$' && next == '(') {
                cut(current); // a command substitution starts a command, even inside double quotes
                unquotedOrDoubleQuoted.append("$(");
                i++;
                continue;
            }
            unquotedOrDoubleQuoted.append(c);
            if (quote == '"') {
                quote = c == '"' ? 0 : quote;
                current.append(c);
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                current.append(c);
                continue;
            }
            if (c == '#' && (current.isEmpty() || Character.isWhitespace(current.charAt(current.length() - 1)))) {
                while (i + 1 < script.length() && script.charAt(i + 1) != '\n') {
                    i++;
                }
                continue;
            }
            boolean redirection = c == '&' && !current.isEmpty() && current.charAt(current.length() - 1) == '>';
            if ("\n;|&(){}`".indexOf(c) >= 0 && !redirection) {
                cut(current);
                continue;
            }
            current.append(c);
        }
        cut(current);
    }

    /** The index of the brace closing a {@code ${...}} whose contents start at {@code from}. */
    private static int expansionEnd(String script, int from) {
        char quote = 0;
        int depth = 1;
        for (int i = from; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed ${ in: " + script);
    }

    static ShellScript of(String script) {
        return new ShellScript(script);
    }

    private void cut(StringBuilder current) {
        // Words as bash splits them, so that NAME="two words" is one assignment, not a command "words"; a part cut
        // off inside quotes (at a "$(") by blanks.
        List<String> words;
        try {
            words = new ArrayList<>(words(current.toString()));
        } catch (IllegalArgumentException unclosedQuote) {
            words = new ArrayList<>(List.of(current.toString().trim().split("\\s+")));
        }
        current.setLength(0);
        while (!words.isEmpty()
                && (words.get(0).isEmpty()
                        || KEYWORDS.contains(words.get(0))
                        || ASSIGNMENT.matcher(words.get(0)).matches())) {
            words.remove(0);
        }
        if (!words.isEmpty()) {
            Matcher name = COMMAND_NAME.matcher(words.get(0));
            if (name.find()) {
                commands.add(name.group());
            }
        }
    }

    /** The names of the commands the script runs, in order. */
    List<String> commands() {
        return List.copyOf(commands);
    }

    /** The variables the script reads ({@code $NAME}, {@code ${NAME}}), outside single quotes. */
    Set<String> readVariables() {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = REFERENCE.matcher(unquotedOrDoubleQuoted);
        while (matcher.find()) {
            names.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        }
        return names;
    }

    /**
     * One simple command's words as bash splits them: quotes and backslashes removed, {@code $VARIABLE}s left as
     * written (they are not expanded).
     */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (quote == '"'
                        && c == '\\'
                        && i + 1 < command.length()
                        && "$`\"\\".indexOf(command.charAt(i + 1)) >= 0) {
                    word.append(command.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\' && i + 1 < command.length()) {
                    word.append(command.charAt(++i));
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + quote + " in: " + command);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** The variables the script sets itself ({@code NAME=...}, {@code export NAME=...}, {@code read -r NAME}). */
    static Set<String> assignedVariables(String script) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = Pattern.compile("(?m)(?:^|[\\s;])(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)=")
                .matcher(script);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        Matcher read = Pattern.compile("(?m)(?:^|[\\s;])read\\s+(?:-r\\s+)?([A-Za-z_][A-Za-z0-9_]*)")
                .matcher(script);
        while (read.find()) {
            names.add(read.group(1));
        }
        return names;
    }

    /** The shell functions the script defines ({@code name() {}). */
    static Set<String> definedFunctions(String script) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = Pattern.compile("(?m)^\\s*([A-Za-z_][A-Za-z0-9_]*)\\(\\)\\s*\\{")
                .matcher(script);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
