// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import io.github.releasechannels.model.SourceLocation;
import io.github.releasechannels.model.Version;
import io.github.releasechannels.text.LogText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * What every part of the channels file reader shares: the file name, the problems found so far, and how to read
 * keys, locations and values of the composed node tree ({@link KeySchema} says which keys a mapping may have). One
 * instance per parse, shared by each section's reader.
 */
class YamlNodes {

    /** Tags a plain YAML file resolves to; any other tag was written on purpose and is refused. */
    private static final Set<Tag> PLAIN_TAGS =
            Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ, Tag.TIMESTAMP);

    static final String TAG_FIX = "remove the tag; channels.yaml holds only plain values";
    static final String FORMAT_HINT = "see docs/channels-yaml.md for the format";
    /** Longest hold or freeze reason: one line of a log or a commit message. */
    static final int MAX_REASON_LENGTH = 200;

    private static final String BOOLEAN_WORDS = "YAML reads unquoted on, off, yes, no, true and false as booleans";

    final String fileName;
    final List<Problem> problems = new ArrayList<>();
    /** What is allowed but probably not meant; reported without failing. */
    final List<Problem> warnings = new ArrayList<>();

    YamlNodes(String fileName) {
        this.fileName = fileName;
    }

    void problem(Node node, String message, String fix) {
        problems.add(new Problem(at(node), message, fix));
    }

    void warning(Node node, String message, String fix) {
        warnings.add(new Problem(at(node), message, fix));
    }

    Optional<String> scalarKey(NodeTuple tuple) {
        Node key = tuple.getKeyNode();
        checkTag(key);
        if (key instanceof ScalarNode scalar && !isNull(scalar)) {
            if (scalar.getTag().equals(Tag.MERGE)) {
                problems.add(new Problem(at(key), "YAML merge keys ('<<') are not supported", "write the keys out"));
                return Optional.empty();
            }
            return Optional.of(scalar.getValue());
        }
        problems.add(new Problem(at(key), "a key is a " + kind(key) + ", not a name", "use a plain name as key"));
        return Optional.empty();
    }

    void duplicate(String key, Node again, Node first) {
        problems.add(new Problem(
                at(again),
                "duplicate key '" + Problem.shorten(key) + "' (first at line " + line(first) + ")",
                "remove one of them"));
    }

    void checkTag(Node node) {
        if (!PLAIN_TAGS.contains(node.getTag()) && !node.getTag().equals(Tag.MERGE)) {
            problems.add(
                    new Problem(at(node), "the type tag '" + node.getTag().getValue() + "' is not allowed", TAG_FIX));
        }
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "mapping";
        }
        if (node instanceof SequenceNode) {
            return "list";
        }
        ScalarNode scalar = (ScalarNode) node;
        return "value '" + Problem.shorten(scalar.getValue()) + "'";
    }

    /** A scalar as {@code '24'}, marked when it was quoted (a string where a number or boolean belongs). */
    static String shown(Node node) {
        if (!(node instanceof ScalarNode scalar)) {
            return "a " + kind(node);
        }
        boolean quoted = scalar.getScalarStyle() == DumperOptions.ScalarStyle.DOUBLE_QUOTED
                || scalar.getScalarStyle() == DumperOptions.ScalarStyle.SINGLE_QUOTED;
        return "'" + Problem.shorten(scalar.getValue()) + "'" + (quoted ? " (a quoted string)" : "");
    }

    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    SourceLocation at(Node node) {
        return at(node.getStartMark());
    }

    SourceLocation at(Mark mark) {
        return mark == null
                ? SourceLocation.wholeFile(fileName)
                : new SourceLocation(fileName, mark.getLine() + 1, mark.getColumn() + 1);
    }

    /**
     * A version, with an optional leading {@code v} dropped.
     *
     * @param subject      what the version is, such as {@code the version of channel 'current'}
     * @param valueSubject the same with {@code %s} where the value goes, such as {@code the version '%s' of channel 'current'}
     */
    Optional<Version> readVersion(Node node, String subject, String valueSubject) {
        if (!(node instanceof ScalarNode scalar) || isNull(node)) {
            problems.add(new Problem(
                    at(node),
                    subject + " is " + (isNull(node) ? "empty" : "a " + kind(node)),
                    "write a version such as 14.2.1"));
            return Optional.empty();
        }
        String text = scalar.getValue();
        if (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT)) {
            String suggestion = text.contains(".") ? text + ".0" : text + ".0.0";
            problems.add(new Problem(
                    at(node),
                    subject + " is the number " + text + ", not a full version",
                    "write the full version MAJOR.MINOR.PATCH in quotes, e.g. \"" + suggestion + "\""));
            return Optional.empty();
        }
        String withoutV = text.startsWith("v") ? text.substring(1) : text;
        if (withoutV.length() > Version.MAX_LENGTH) {
            problems.add(new Problem(
                    at(node),
                    subject + " is " + withoutV.length() + " characters long, more than " + Version.MAX_LENGTH
                            + ", the limit of an image tag",
                    "shorten the prerelease"));
            return Optional.empty();
        }
        Optional<Version> version = Version.parse(text);
        if (version.isEmpty()) {
            int plus = text.indexOf('+');
            if (plus > 0 && Version.parse(text.substring(0, plus)).isPresent()) {
                problems.add(new Problem(
                        at(node),
                        String.format(valueSubject, text)
                                + " has build metadata '" + text.substring(plus) + "', which the Kubernetes updater "
                                + "cannot use in an image tag",
                        "remove '" + text.substring(plus) + "'"));
            } else {
                problems.add(new Problem(
                        at(node),
                        String.format(valueSubject, Problem.shorten(text)) + " is not a semantic version",
                        "write MAJOR.MINOR.PATCH[-PRERELEASE] without " + "leading zeros, e.g. 14.2.1 or 15.0.0-rc.1"));
            }
        }
        return version;
    }

    /** A YAML boolean; a quoted one is a string and refused. */
    Optional<Boolean> readBoolean(Node node, String key) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            String value = scalar.getValue().toLowerCase(Locale.ROOT);
            return Optional.of(value.equals("true") || value.equals("yes") || value.equals("on"));
        }
        problems.add(new Problem(
                at(node),
                "'" + key + "' is " + shown(node) + ", not a boolean",
                "write " + key + ": true or " + key + ": false, without quotes"));
        return Optional.empty();
    }

    /** An hour of the day, 0 to 23, written as a plain number. */
    Optional<Integer> readHour(Node node, String key) {
        if (node instanceof ScalarNode scalar
                && scalar.getTag().equals(Tag.INT)
                && scalar.getValue().matches("[0-9]{1,2}")) {
            int hour = Integer.parseInt(scalar.getValue());
            if (hour <= 23) {
                return Optional.of(hour);
            }
        }
        problems.add(new Problem(
                at(node),
                "'" + key + "' is " + shown(node) + ", not an hour from 0 to 23",
                "write a whole number from 0 to 23 without quotes, e.g. " + key + ": 2"));
        return Optional.empty();
    }

    /**
     * The first character of {@code text} that a log could only show escaped (a line break, an escape sequence, a
     * right-to-left override), described as {@code a control character (U+000A) at position 5}; empty when none.
     */
    static Optional<String> invisibleCharacter(String text) {
        for (int i = 0, position = 1; i < text.length(); position++) {
            int codePoint = text.codePointAt(i);
            if (LogText.invisible(codePoint)) {
                return Optional.of(String.format(
                        "%s (U+%04X) at position %d",
                        Character.getType(codePoint) == Character.CONTROL
                                ? "a control character"
                                : "an invisible character",
                        codePoint,
                        position));
            }
            i += Character.charCount(codePoint);
        }
        return Optional.empty();
    }

    /** One of an enum's words, such as {@code halt-on-error} for {@code HALT_ON_ERROR}. */
    <E extends Enum<E>> Optional<E> readWord(Node node, String key, Class<E> words) {
        List<String> allowed = Arrays.stream(words.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .toList();
        String choices = String.join(", ", allowed);
        // A mode written as on or off: quoting it would only fail again, Teleport's word is what helps.
        Optional<String> modeWord =
                node instanceof ScalarNode scalar ? modeWord(scalar.getValue(), allowed) : Optional.empty();
        if (modeWord.isPresent() && ((ScalarNode) node).getTag().equals(Tag.BOOL)) {
            String value = ((ScalarNode) node).getValue();
            problem(
                    node,
                    "'" + key + "' is the YAML boolean " + value + ", not one of " + choices,
                    "write '" + key + ": " + modeWord.get() + "', Teleport's word for " + value);
            return Optional.empty();
        }
        Optional<String> text = readText(node, "'" + key + "'", "one of " + choices);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        int index = allowed.indexOf(text.get());
        if (index < 0) {
            problem(
                    node,
                    "'" + key + "' is '" + Problem.shorten(text.get()) + "', not one of " + choices,
                    modeWord.map(match -> "write '" + key + ": " + match + "', Teleport's word for " + text.get())
                            .or(() -> Suggestions.closest(text.get(), allowed)
                                    .map(match -> "did you mean '" + match + "'?"))
                            .orElse("write one of " + choices));
            return Optional.empty();
        }
        return Optional.of(words.getEnumConstants()[index]);
    }

    /** {@code enabled} for on, yes and true, {@code disabled} for off, no and false, where those are words. */
    private static Optional<String> modeWord(String value, List<String> allowed) {
        String lower = value.toLowerCase(Locale.ROOT);
        String word = List.of("on", "yes", "true").contains(lower)
                ? "enabled"
                : List.of("off", "no", "false").contains(lower) ? "disabled" : null;
        return Optional.ofNullable(word).filter(allowed::contains);
    }

    /** A string; a YAML boolean or number where a word belongs is refused with the advice to quote it. */
    Optional<String> readText(Node node, String subject, String expected) {
        if (!(node instanceof ScalarNode scalar) || YamlNodes.isNull(node)) {
            problem(
                    node,
                    subject + " is " + (YamlNodes.isNull(node) ? "empty" : "a " + YamlNodes.kind(node)),
                    "write " + expected);
            return Optional.empty();
        }
        Tag tag = scalar.getTag();
        if (tag.equals(Tag.BOOL)) {
            problem(
                    node,
                    subject + " is the YAML boolean " + scalar.getValue() + ", not a word",
                    "write " + expected + "; " + BOOLEAN_WORDS + ", so quote such a word: \"" + scalar.getValue()
                            + "\"");
            return Optional.empty();
        }
        if (!tag.equals(Tag.STR)) {
            String what = tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) ? "the number " : "the YAML value ";
            problem(
                    node,
                    subject + " is " + what + scalar.getValue() + ", not a word",
                    "write " + expected + "; quote it to keep it as text: \"" + scalar.getValue() + "\"");
            return Optional.empty();
        }
        return Optional.of(scalar.getValue());
    }

    /**
     * The value of a key a mapping must have; reported at {@code owner} when it is missing, unless an unknown key was
     * already reported as its misspelling.
     */
    Optional<Node> required(KeySchema.Keys keys, String key, Node owner, String where, String fix) {
        NodeTuple entry = keys.get(key);
        if (entry == null) {
            if (!keys.misspelled(key)) {
                problem(owner, where + " has no '" + key + "'", fix);
            }
            return Optional.empty();
        }
        return Optional.of(entry.getValueNode());
    }

    /**
     * Why something is so, such as a hold's or a freeze's reason: one line of text, shown wherever it stops a change,
     * so it may hold no control or invisible character and at most {@value #MAX_REASON_LENGTH} characters.
     *
     * @param subject what the reason is, such as {@code the hold of channel 'canary'}
     * @param example how to write it, such as {@code hold: "canary agents crash on arm64"}
     */
    Optional<String> readReason(Node node, String subject, String example) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            problem(
                    node,
                    subject + " is the boolean " + scalar.getValue() + ", not a reason",
                    "write the reason as text, e.g. " + example);
            return Optional.empty();
        }
        Optional<String> text = readText(node, subject, "the reason, e.g. " + example);
        if (text.isEmpty()) {
            return text;
        }
        String reason = text.get();
        if (reason.isBlank()) {
            problem(node, subject + " is empty", "write the reason, e.g. " + example);
            return Optional.empty();
        }
        int length = reason.codePointCount(0, reason.length());
        if (length > MAX_REASON_LENGTH) {
            problem(
                    node,
                    subject + " is " + length + " characters long, more than " + MAX_REASON_LENGTH,
                    "keep it to one short line and link to the details");
            return Optional.empty();
        }
        Optional<String> invisible = invisibleCharacter(reason);
        if (invisible.isPresent()) {
            problem(
                    node,
                    subject + " has " + invisible.get(),
                    "remove it: a reason is one line of visible text, " + "e.g. " + example + " (logs and CI show it)");
            return Optional.empty();
        }
        return text;
    }

    /**
     * The problem of a key that names a channel that is not declared, with the closest declared name.
     *
     * @param key      the key, such as {@code follows}
     * @param declared every declared channel
     */
    void unknownChannel(Node node, String key, String name, Collection<String> declared) {
        problem(
                node,
                "'" + key + "' names the channel '" + Problem.shorten(name) + "', which is not declared under "
                        + "'channels'",
                Suggestions.closest(name, declared)
                        .map(match -> "did you mean '" + match + "'?")
                        .orElse("name one of the channels: " + String.join(", ", new TreeSet<>(declared))));
    }

    void fileProblem(String message, String fix) {
        problems.add(new Problem(SourceLocation.wholeFile(fileName), message, fix));
    }
}
