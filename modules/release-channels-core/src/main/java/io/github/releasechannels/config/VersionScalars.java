// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import io.github.releasechannels.model.Version;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The {@code version} scalars of chosen channels in one revision of a channels file, read from SnakeYAML's events
 * without composing a node tree or building a configuration: what the history of a file needs from each of its
 * thousands of revisions, and where the promote editor rewrites a version.
 *
 * <p>Only what the asked channels need is checked: the bytes (size, UTF-8), the YAML syntax, one document whose
 * top level is a mapping with a {@code channels} mapping, no merge key, and each asked channel's version as
 * {@link ChannelsFileParser} reads it. A whole revision is validated by the parser, not here.
 *
 * <p>{@link #older} reads an earlier revision of the same file fast when the two differ only inside value scalars
 * made of letters, digits and {@code . _ + -} (what a version change is) and in comments: such edits move no token
 * boundary, so every scalar keeps its place and role, and only the changed values are read again. An earlier revision
 * that also lacks whole entries of a block {@code channels} mapping (a channel added since) is derived too: removing
 * an entry's lines leaves every other scalar's role as it was. Anything else (a channel removed since, a key
 * renamed, an anchor or a tag anywhere in the file) is read in full. VersionScalarsTest checks that the two ways
 * agree on random histories.
 */
public final class VersionScalars {

    /** A channel's version in one revision, or why there is none. */
    public sealed interface Reading permits Found, Missing {}

    /** @param version the channel's version */
    public record Found(Version version) implements Reading {}

    /** @param why what the revision has instead, such as {@code the channel is not declared} */
    public record Missing(String why) implements Reading {}

    /** How a scalar is written. */
    public enum Style {
        PLAIN,
        SINGLE_QUOTED,
        DOUBLE_QUOTED,
        BLOCK
    }

    /**
     * Where a version scalar is written.
     *
     * @param start    its first byte: the opening quote of a quoted scalar, or the anchor or tag before it
     * @param end      the byte after it (after the closing quote)
     * @param style    how it is written
     * @param prefixed whether an anchor ({@code &v}, which aliases elsewhere may repeat) or a tag ({@code !!str})
     *                 comes before the value
     * @param line     the line of its start, 1-based
     * @param column   the column of its start in characters, 1-based
     */
    public record Scalar(int start, int end, Style style, boolean prefixed, int line, int column) {}

    private static final Resolver RESOLVER = new Resolver();

    private final byte[] content;
    /** The asked channels, by name, to their index in {@link #readings}. */
    private final Map<String, Integer> index;

    private final Optional<String> fileProblem;
    private final Reading[] readings;
    /** Each asked channel's version scalar, when the revision was read in full and it has one. */
    private final Scalar[] scalars;
    /**
     * Where each scalar of the file is, keys and values, in file order, as byte offsets; {@code null} when the file
     * has an anchor, an alias or a tag (then every earlier revision is read in full).
     */
    private final Spans spans;
    /** Whether this revision was derived from a later one by edits that keep a valid file valid. */
    private final boolean validWithNewer;

    /**
     * The scalars of a revision and what an edit may do around them.
     *
     * @param starts        each scalar's first byte, ascending
     * @param ends          the byte after each
     * @param inPlace       whether a scalar may change in place (see {@link Scan#remember})
     * @param owners        for each scalar, the index of the asked channel whose version it is, or -1
     * @param versions      whether each scalar is the version of a channel (asked or not)
     * @param entries       the index of each key of the {@code channels} mapping, each the first thing on its line,
     *                      ascending; null when no entry may be removed (a flow mapping, a key written twice)
     * @param entryChannels for each entry, the index of the asked channel it declares, or -1
     * @param afterChannels the index of the first scalar after the {@code channels} mapping
     */
    @SuppressWarnings("ArrayRecordComponent") // a private carrier of parallel arrays; never compared or hashed
    private record Spans(
            int[] starts,
            int[] ends,
            boolean[] inPlace,
            int[] owners,
            boolean[] versions,
            int[] entries,
            int[] entryChannels,
            int afterChannels) {}

    private VersionScalars(
            byte[] content,
            Map<String, Integer> index,
            Optional<String> fileProblem,
            Reading[] readings,
            Scalar[] scalars,
            Spans spans,
            boolean validWithNewer) {
        this.content = content;
        this.validWithNewer = validWithNewer;
        this.index = index;
        this.fileProblem = fileProblem;
        this.readings = readings;
        this.scalars = scalars;
        this.spans = spans;
    }

    /**
     * Reads the versions of {@code channels} in {@code content}.
     *
     * @param content  the file's bytes; more than {@link ChannelsFileParser#MAX_FILE_BYTES} is a file problem
     * @param channels the channels asked about
     */
    public static VersionScalars read(byte[] content, Collection<String> channels) {
        Map<String, Integer> index = new HashMap<>();
        for (String channel : channels) {
            index.putIfAbsent(channel, index.size());
        }
        return new Scan(content, Map.copyOf(index)).run();
    }

    /** Why no channel can be read in this revision (not UTF-8, a YAML error, no {@code channels} mapping), if so. */
    public Optional<String> fileProblem() {
        return fileProblem;
    }

    /** The version of {@code channel}, one of those asked, or why there is none. */
    public Reading reading(String channel) {
        return fileProblem.<Reading>map(Missing::new).orElse(readings[indexOf(channel)]);
    }

    /**
     * Where {@code channel}'s version scalar is written; empty when the revision has none, when the version is an
     * alias ({@code *v}), or when this revision was derived by {@link #older} rather than read in full.
     */
    public Optional<Scalar> scalar(String channel) {
        return scalars == null ? Optional.empty() : Optional.ofNullable(scalars[indexOf(channel)]);
    }

    /**
     * Whether this revision is a valid channels file whenever the later one it was derived from ({@link #older}) is:
     * it differs from it only in comments and in channels' versions that are versions, which no rule of
     * {@link ChannelsFileParser} refuses. False for a revision read in full.
     */
    public boolean validWhenNewerIs() {
        return validWithNewer;
    }

    /** The bytes this revision was read from. */
    public byte[] content() {
        return content.clone();
    }

    /** Whether this revision was read in full rather than derived from a later one. */
    boolean readInFull() {
        return scalars != null || fileProblem.isPresent(); // a derived revision has neither
    }

    private int indexOf(String channel) {
        Integer at = index.get(channel);
        if (at == null) {
            throw new IllegalArgumentException("channel '" + channel + "' was not asked");
        }
        return at;
    }

    /**
     * The same channels in an earlier revision of the file: derived from this one when the two differ only inside
     * value scalars that may change in place, in comments, and by entries of a block {@code channels} mapping the
     * earlier one lacks; read in full otherwise. Either way the readings are what {@link #read} gives.
     */
    public VersionScalars older(byte[] olderContent) {
        Optional<VersionScalars> derived = spans == null ? Optional.empty() : new Patch(olderContent).apply();
        return derived.orElseGet(() -> new Scan(olderContent, index).run());
    }

    /**
     * A scalar whose value differs between two revisions that are otherwise the same YAML.
     *
     * @param before its value before
     * @param after  its value after
     */
    public record ScalarChange(String before, String after) {}

    /**
     * The scalars whose values differ between {@code before} and {@code after}, in file order, when the two are the
     * same YAML otherwise: the same events with the same anchors, tags and styles (comments, line endings and
     * positions are not events); empty when they differ in anything else or either cannot be read.
     */
    public static Optional<List<ScalarChange>> scalarChanges(byte[] before, byte[] after) {
        Optional<List<Event>> beforeEvents = events(before);
        Optional<List<Event>> afterEvents = events(after);
        if (beforeEvents.isEmpty()
                || afterEvents.isEmpty()
                || beforeEvents.get().size() != afterEvents.get().size()) {
            return Optional.empty();
        }
        List<ScalarChange> changes = new ArrayList<>();
        for (int i = 0; i < beforeEvents.get().size(); i++) {
            Event one = beforeEvents.get().get(i);
            Event other = afterEvents.get().get(i);
            if (one.getEventId() != other.getEventId()
                    || (one instanceof NodeEvent node
                            && !Objects.equals(node.getAnchor(), ((NodeEvent) other).getAnchor()))
                    || (one instanceof CollectionStartEvent collection
                            && !sameCollection(collection, (CollectionStartEvent) other))) {
                return Optional.empty();
            }
            if (one instanceof ScalarEvent scalar) {
                ScalarEvent changed = (ScalarEvent) other;
                if (!Objects.equals(scalar.getTag(), changed.getTag())
                        || scalar.getImplicit().canOmitTagInPlainScalar()
                                != changed.getImplicit().canOmitTagInPlainScalar()
                        || scalar.getImplicit().canOmitTagInNonPlainScalar()
                                != changed.getImplicit().canOmitTagInNonPlainScalar()
                        || scalar.getScalarStyle() != changed.getScalarStyle()) {
                    return Optional.empty();
                }
                if (!scalar.getValue().equals(changed.getValue())) {
                    changes.add(new ScalarChange(scalar.getValue(), changed.getValue()));
                }
            }
        }
        return Optional.of(changes);
    }

    private static boolean sameCollection(CollectionStartEvent one, CollectionStartEvent other) {
        return Objects.equals(one.getTag(), other.getTag())
                && one.getImplicit() == other.getImplicit()
                && one.getFlowStyle() == other.getFlowStyle();
    }

    private static Optional<List<Event>> events(byte[] content) {
        YamlNodes nodes = new YamlNodes("");
        Optional<ChannelsFileText> text = ChannelsFileText.decode(content, nodes);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            List<Event> events = new ArrayList<>();
            new Yaml(new SafeConstructor(ChannelsYamlLoader.options()))
                    .parse(new StringReader(text.get().text()))
                    .forEach(events::add);
            return Optional.of(events);
        } catch (YAMLException e) {
            return Optional.empty();
        }
    }

    /** A byte a scalar edited in place may hold: a letter, a digit or {@code . _ + -}. */
    private static boolean editable(byte b) {
        return alphanumeric(b) || b == '.' || b == '_' || b == '+' || b == '-';
    }

    private static boolean alphanumeric(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    /** A version value as {@link YamlNodes#readVersion} reads it, from its resolved tag and text. */
    private static Reading version(Tag tag, String text) {
        if (tag.equals(Tag.NULL)) {
            return new Missing("its version is empty");
        }
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return new Missing("its version is the number " + Problem.shorten(text));
        }
        if (!tag.equals(Tag.STR) && !tag.equals(Tag.BOOL) && !tag.equals(Tag.TIMESTAMP)) {
            return new Missing("its version has the type tag '" + Problem.shorten(tag.getValue()) + "'");
        }
        return Version.parse(text)
                .<Reading>map(Found::new)
                .orElseGet(() -> new Missing("its version '" + Problem.shorten(text) + "' is not a semantic version"));
    }

    /** The tag SnakeYAML's composer gives a scalar event. */
    private static Tag tag(ScalarEvent scalar) {
        String explicit = scalar.getTag();
        if (explicit == null || explicit.equals("!")) {
            return RESOLVER.resolve(
                    NodeId.scalar, scalar.getValue(), scalar.getImplicit().canOmitTagInPlainScalar());
        }
        return new Tag(explicit);
    }

    /** One full read of a revision's events. */
    private static final class Scan {

        private final byte[] content;
        private final Map<String, Integer> index;
        private final Reading[] readings;
        private final boolean[] declared;
        /** Each asked channel's version scalar: code point start and end (-1: none), style, anchor or tag. */
        private final int[] versionStarts;

        private final int[] versionEnds;
        private final Style[] versionStyles;
        private final boolean[] versionPrefixed;
        private final Mark[] versionMarks;
        /** Code point offsets of every scalar, start and end, whether it may change in place, and its owner. */
        private int[] offsets = new int[256];

        private int[] owners = new int[128];
        private boolean[] inPlace = new boolean[128];
        private boolean[] versions = new boolean[128];
        private int scalarCount;
        /** False once the file has an anchor, an alias or an explicit tag: then no edit is read in place. */
        private boolean plain = true;

        private final Map<String, Reading> scalarAnchors = new HashMap<>();
        /** The keys of the {@code channels} mapping: their scalar indices and asked channels, and the names seen. */
        private int[] entryKeys = new int[64];

        private int[] entryAsked = new int[64];
        private int entryCount;
        private final java.util.Set<String> entryNames = new java.util.HashSet<>();
        /** False once an entry cannot be removed by its lines: a flow mapping, a key twice, two such mappings. */
        private boolean entriesRemovable = true;

        private int channelsMappings;
        private int afterChannels = -1;

        Scan(byte[] content, Map<String, Integer> index) {
            this.content = content;
            this.index = index;
            int size = index.size();
            this.readings = new Reading[size];
            this.declared = new boolean[size];
            this.versionStarts = new int[size];
            this.versionEnds = new int[size];
            this.versionStyles = new Style[size];
            this.versionPrefixed = new boolean[size];
            this.versionMarks = new Mark[size];
            Arrays.fill(versionStarts, -1);
            Arrays.fill(versionEnds, -1);
        }

        VersionScalars run() {
            YamlNodes nodes = new YamlNodes("");
            Optional<ChannelsFileText> text = ChannelsFileText.decode(content, nodes);
            Optional<String> problem;
            if (text.isEmpty()) {
                problem = Optional.of(nodes.problems.get(0).message());
            } else {
                try {
                    problem = walk(new Yaml(new SafeConstructor(ChannelsYamlLoader.options()))
                            .parse(new StringReader(text.get().text())));
                } catch (YAMLException e) {
                    // Events only: nothing is composed, so a syntax or reader error is all a parse raises here.
                    problem = Optional.of("it is not valid YAML ("
                            + Problem.shorten(String.valueOf(e.getMessage()).replaceAll("\\s+", " ")) + ")");
                }
            }
            if (problem.isPresent()) {
                return new VersionScalars(content, index, problem, readings, null, null, false);
            }
            for (int i = 0; i < readings.length; i++) {
                if (readings[i] == null) {
                    readings[i] = new Missing("the channel is not declared");
                }
            }
            int[] startBytes = byteOffsets(versionStarts);
            int[] endBytes = byteOffsets(versionEnds);
            Scalar[] scalars = new Scalar[readings.length];
            for (int i = 0; i < readings.length; i++) {
                if (versionStarts[i] >= 0) {
                    scalars[i] = new Scalar(
                            startBytes[i],
                            endBytes[i],
                            versionStyles[i],
                            versionPrefixed[i],
                            versionMarks[i].getLine() + 1,
                            versionMarks[i].getColumn() + 1);
                }
            }
            if (!plain) {
                return new VersionScalars(content, index, Optional.empty(), readings, scalars, null, false);
            }
            for (int i = 0; i < scalarCount; i++) {
                if (owners[i] >= 0 && versionStarts[owners[i]] < 0) {
                    owners[i] = -1; // its channel or version is written twice: no older value makes it readable
                }
            }
            int[] bytes = byteOffsets(Arrays.copyOf(offsets, scalarCount * 2));
            int[] starts = new int[scalarCount];
            int[] ends = new int[scalarCount];
            for (int i = 0; i < scalarCount; i++) {
                starts[i] = bytes[2 * i];
                ends[i] = bytes[2 * i + 1];
            }
            int[] entries = entriesRemovable && channelsMappings == 1 ? Arrays.copyOf(entryKeys, entryCount) : null;
            for (int i = 0; entries != null && i < entries.length; i++) {
                if (!firstOnItsLine(starts[entries[i]])) {
                    entries = null;
                }
            }
            return new VersionScalars(
                    content,
                    index,
                    Optional.empty(),
                    readings,
                    scalars,
                    new Spans(
                            starts,
                            ends,
                            Arrays.copyOf(inPlace, scalarCount),
                            Arrays.copyOf(owners, scalarCount),
                            Arrays.copyOf(versions, scalarCount),
                            entries,
                            entries == null ? null : Arrays.copyOf(entryAsked, entryCount),
                            afterChannels < 0 ? scalarCount : afterChannels),
                    false);
        }

        /** Whether only spaces come before byte {@code start} on its line. */
        private boolean firstOnItsLine(int start) {
            int position = start;
            while (position > 0 && content[position - 1] == ' ') {
                position--;
            }
            return position > 0 && (content[position - 1] == '\n' || content[position - 1] == '\r');
        }

        /** A collection of the event stream and what its next node is. */
        private static final class Frame {
            final boolean mapping;
            /** 1: the root mapping, 2: {@code channels}, 3: an asked channel; 0: anywhere else. */
            final int level;

            final int channel;
            boolean expectKey = true;
            /** The key whose value comes next, when it is a scalar. */
            String key;

            boolean sawVersion;

            Frame(boolean mapping, int level, int channel) {
                this.mapping = mapping;
                this.level = level;
                this.channel = channel;
            }
        }

        /** Walks the events; returns the problem that leaves no channel readable, if any. */
        private Optional<String> walk(Iterable<Event> events) {
            Deque<Frame> frames = new ArrayDeque<>();
            int documents = 0;
            boolean sawChannels = false;
            boolean rootIsMapping = false;
            for (Event event : events) {
                if (event instanceof DocumentStartEvent && ++documents > 1) {
                    return Optional.of("it holds more than one YAML document");
                }
                if (event.is(Event.ID.MappingEnd) || event.is(Event.ID.SequenceEnd)) {
                    if (frames.pop().level == 2) {
                        afterChannels = scalarCount;
                    }
                }
                if (!(event instanceof NodeEvent node)) {
                    continue;
                }
                if (node.getAnchor() != null || event instanceof AliasEvent) {
                    plain = false;
                }
                Frame parent = frames.peek();
                boolean isKey = parent != null && parent.mapping && parent.expectKey;
                String key = parent != null && parent.mapping && !parent.expectKey ? parent.key : null;
                if (parent == null) {
                    rootIsMapping = event instanceof MappingStartEvent;
                } else if (parent.mapping) {
                    parent.expectKey = !parent.expectKey;
                    if (isKey) {
                        parent.key = null;
                    }
                }
                if (event instanceof CollectionStartEvent collection) {
                    if (collection.getTag() != null || isKey) {
                        plain = false;
                    }
                    boolean mapping = event instanceof MappingStartEvent;
                    int level = 0;
                    int channel = -1;
                    if (parent == null) {
                        level = mapping ? 1 : 0;
                    } else if (parent.level == 1 && "channels".equals(key)) {
                        if (!mapping) {
                            return Optional.of("its 'channels' is a list, not a mapping");
                        }
                        level = 2;
                        sawChannels = true;
                        channelsMappings++;
                        entriesRemovable = entriesRemovable && !collection.isFlow();
                    } else if (parent.level == 2 && key != null) {
                        channel = declare(key);
                        if (mapping) {
                            level = 3; // every channel's mapping: its version values matter to validity
                        } else if (channel >= 0) {
                            readings[channel] = new Missing("the channel is a list, not a mapping");
                        }
                    }
                    frames.push(new Frame(mapping, level, channel));
                } else if (event instanceof AliasEvent alias) {
                    if (!isKey) {
                        alias(parent, key, alias.getAnchor());
                    }
                } else {
                    ScalarEvent scalar = (ScalarEvent) event;
                    if (scalar.getTag() != null) {
                        plain = false; // an explicit tag: the scalar's meaning is not its text alone
                    }
                    if (parent == null) {
                        continue;
                    }
                    if (isKey) {
                        if (scalar.getValue().equals("<<") && tag(scalar).equals(Tag.MERGE)) {
                            return Optional.of("it uses a YAML merge key ('<<')");
                        }
                        parent.key = scalar.getValue();
                        if (parent.level == 2) {
                            entry(scalar);
                        }
                        remember(scalar, -1, false, false);
                    } else {
                        value(parent, key, scalar);
                    }
                }
            }
            if (documents == 0) {
                return Optional.of("the file is empty");
            }
            if (!rootIsMapping) {
                return Optional.of("its top level is not a mapping");
            }
            return sawChannels ? Optional.empty() : Optional.of("it has no 'channels' mapping");
        }

        /** A value scalar: read when it is an asked channel's version, remembered when editable. */
        private void value(Frame parent, String key, ScalarEvent scalar) {
            int owner = -1;
            boolean channelVersion = parent.level == 3 && "version".equals(key);
            if (parent.level == 2 && key != null) {
                int channel = declare(key);
                if (channel >= 0) {
                    readings[channel] = new Missing(
                            tag(scalar).equals(Tag.NULL)
                                    ? "the channel has no version"
                                    : "the channel is a value, not a mapping");
                }
            } else if (channelVersion && parent.channel >= 0) {
                if (parent.sawVersion) {
                    readings[parent.channel] = new Missing("its 'version' is written twice");
                    versionStarts[parent.channel] = -1;
                } else {
                    parent.sawVersion = true;
                    readings[parent.channel] = version(tag(scalar), scalar.getValue());
                    versionScalar(parent.channel, scalar);
                    owner = parent.channel;
                }
            }
            if (scalar.getAnchor() != null) {
                scalarAnchors.put(scalar.getAnchor(), version(tag(scalar), scalar.getValue()));
            }
            remember(scalar, owner, true, channelVersion);
        }

        private void alias(Frame parent, String key, String anchor) {
            if (parent != null && parent.level == 2 && key != null) {
                int channel = declare(key);
                if (channel >= 0) {
                    readings[channel] = new Missing("the channel is an alias ('*" + Problem.shorten(anchor)
                            + "'), which promote does not follow");
                }
            } else if (parent != null && parent.level == 3 && parent.channel >= 0 && "version".equals(key)) {
                if (parent.sawVersion) {
                    readings[parent.channel] = new Missing("its 'version' is written twice");
                    versionStarts[parent.channel] = -1;
                } else {
                    parent.sawVersion = true;
                    readings[parent.channel] = scalarAnchors.getOrDefault(
                            anchor, new Missing("its version is an alias of a list or a mapping"));
                }
            }
        }

        /** Records a key of the {@code channels} mapping, which {@link #remember} is about to remember. */
        private void entry(ScalarEvent key) {
            if (!entryNames.add(key.getValue())
                    || key.getEndMark().getIndex() == key.getStartMark().getIndex()) {
                entriesRemovable = false;
            }
            if (entryCount == entryKeys.length) {
                entryKeys = Arrays.copyOf(entryKeys, entryCount * 2);
                entryAsked = Arrays.copyOf(entryAsked, entryCount * 2);
            }
            entryKeys[entryCount] = scalarCount;
            entryAsked[entryCount++] = index.getOrDefault(key.getValue(), -1);
        }

        /** The index of the asked channel this key declares, or -1; a channel declared twice is unreadable. */
        private int declare(String name) {
            Integer at = index.get(name);
            if (at == null) {
                return -1;
            }
            if (declared[at]) {
                readings[at] = new Missing("the channel is declared twice");
                versionStarts[at] = -1;
                return -1;
            }
            declared[at] = true;
            return at;
        }

        private void versionScalar(int channel, ScalarEvent scalar) {
            versionStarts[channel] = scalar.getStartMark().getIndex();
            versionMarks[channel] = scalar.getStartMark();
            versionEnds[channel] = scalar.getEndMark().getIndex();
            versionStyles[channel] = switch (scalar.getScalarStyle()) {
                case PLAIN -> Style.PLAIN;
                case SINGLE_QUOTED -> Style.SINGLE_QUOTED;
                case DOUBLE_QUOTED -> Style.DOUBLE_QUOTED;
                default -> Style.BLOCK;
            };
            versionPrefixed[channel] = scalar.getAnchor() != null || scalar.getTag() != null;
        }

        /**
         * Remembers where a scalar is. A value may change in place when it is on one line, plain, single- or
         * double-quoted, its text as written (no escape, no folding), of {@link #editable} bytes, a plain one
         * starting with a letter or a digit (so it cannot start an indicator); a key never may.
         */
        private void remember(ScalarEvent scalar, int owner, boolean value, boolean channelVersion) {
            int start = scalar.getStartMark().getIndex();
            int end = scalar.getEndMark().getIndex();
            if (end == start) {
                return; // an empty plain scalar holds no byte
            }
            String text = scalar.getValue();
            int quotes = switch (scalar.getScalarStyle()) {
                case PLAIN -> 0;
                case SINGLE_QUOTED, DOUBLE_QUOTED -> 2;
                default -> -1;
            };
            boolean changeable =
                    value && quotes >= 0 && end - start == text.length() + quotes && !(quotes == 0 && text.isEmpty());
            for (int i = 0; changeable && i < text.length(); i++) {
                char c = text.charAt(i);
                changeable = c <= 127 && editable((byte) c) && !(i == 0 && quotes == 0 && !alphanumeric((byte) c));
            }
            if (scalarCount * 2 + 2 > offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
                owners = Arrays.copyOf(owners, owners.length * 2);
                inPlace = Arrays.copyOf(inPlace, inPlace.length * 2);
                versions = Arrays.copyOf(versions, versions.length * 2);
            }
            offsets[scalarCount * 2] = start;
            offsets[scalarCount * 2 + 1] = end;
            inPlace[scalarCount] = changeable;
            versions[scalarCount] = channelVersion;
            owners[scalarCount++] = changeable ? owner : -1;
        }

        /** The byte offsets of code point offsets of the text (which follows any byte order mark); -1 stays -1. */
        private int[] byteOffsets(int[] codePoints) {
            long[] sorted = new long[codePoints.length];
            for (int i = 0; i < codePoints.length; i++) {
                sorted[i] = ((long) codePoints[i] << 32) | i;
            }
            Arrays.sort(sorted);
            int[] bytes = new int[codePoints.length];
            boolean mark = content.length >= 3
                    && (content[0] & 0xFF) == 0xEF
                    && (content[1] & 0xFF) == 0xBB
                    && (content[2] & 0xFF) == 0xBF;
            int position = mark ? 3 : 0;
            int codePoint = 0;
            for (long entry : sorted) {
                int wanted = (int) (entry >> 32);
                int at = (int) entry;
                if (wanted < 0) {
                    bytes[at] = -1;
                    continue;
                }
                while (codePoint < wanted) {
                    position++;
                    while (position < content.length && (content[position] & 0xC0) == 0x80) {
                        position++;
                    }
                    codePoint++;
                }
                bytes[at] = position;
            }
            return bytes;
        }
    }

    /**
     * An earlier revision read from this one, when the two differ only inside value scalars that may change in place
     * and in comments: in a comment after the content of a line, or in lines that hold only a comment or nothing.
     * Neither moves a token boundary. A difference inside any other scalar (a key, a block or multi-line scalar,
     * whose lines may look like comments) is never read as one.
     */
    private final class Patch {

        private final byte[] older;
        private int[] olderStarts = spans.starts();
        private int[] olderEnds = spans.ends();
        private boolean copied;
        /** The newer revision's scalars the older one lacks with their entries, or null while none. */
        private boolean[] dropped;

        private int entriesDropped;
        private boolean entryDropped;

        Patch(byte[] older) {
            this.older = older;
        }

        Optional<VersionScalars> apply() {
            if (older.length > ChannelsFileParser.MAX_FILE_BYTES) {
                return Optional.empty();
            }
            int[] starts = spans.starts();
            int[] ends = spans.ends();
            Reading[] olderReadings = readings.clone();
            boolean keepsValidity = true;
            int newer = 0;
            int old = 0;
            int next = 0;
            int shift = 0;
            while (true) {
                int mismatch = Arrays.mismatch(content, newer, content.length, older, old, older.length);
                if (mismatch < 0) {
                    shift(next, starts.length, shift);
                    return Optional.of(new VersionScalars(
                            older,
                            index,
                            Optional.empty(),
                            olderReadings,
                            null,
                            olderSpans(),
                            keepsValidity && !entryDropped));
                }
                int at = newer + mismatch;
                int olderAt = old + mismatch;
                int span = scalarAt(at, next);
                if (span >= 0
                        && at == ends[span]
                        && scalarEnd(starts[span] + shift, content[starts[span]]) == at + shift) {
                    span = -1; // right after a plain value that is the same in both: the change comes after it
                }
                if (span >= 0
                        && spans.inPlace()[span]
                        && !(quoted(starts[span]) && at == starts[span])
                        && at < content.length
                        && olderAt < older.length) {
                    int olderStart = starts[span] + shift;
                    int olderEnd = scalarEnd(olderStart, content[starts[span]]);
                    int end = ends[span];
                    boolean sameBoundary = end < content.length
                            ? olderEnd >= 0 && olderEnd < older.length && older[olderEnd] == content[end]
                            : olderEnd == older.length;
                    if (sameBoundary) {
                        shift(next, span, shift);
                        if (olderStart != starts[span] || olderEnd != end) {
                            copy();
                            olderStarts[span] = olderStart;
                            olderEnds[span] = olderEnd;
                        }
                        if (spans.owners()[span] >= 0) {
                            olderReadings[spans.owners()[span]] = reread(olderStart, olderEnd);
                        }
                        // A text that is a version is a string whatever its quotes: no tag to resolve.
                        keepsValidity = keepsValidity
                                && spans.versions()[span]
                                && Version.parse(text(olderStart, olderEnd)).isPresent();
                        shift = olderEnd - end;
                        newer = end;
                        old = olderEnd;
                        next = span + 1;
                        continue;
                    }
                }
                // Inside a scalar that does not change in place, or not a comment: an entry the older one lacks?
                int[] past = span >= 0 && at != starts[span] ? null : comment(at, olderAt);
                if (past == null) {
                    int[] after = withoutEntry(at, olderAt, newer, next, shift, olderReadings);
                    if (after == null) {
                        return Optional.empty();
                    }
                    newer = after[0];
                    old = after[1];
                    next = after[2];
                    shift = old - newer;
                    continue;
                }
                int following = firstFrom(past[0], next);
                shift(next, following, shift);
                next = following;
                newer = past[0];
                old = past[1];
                shift = old - newer;
            }
        }

        private boolean quoted(int start) {
            return content[start] == '\'' || content[start] == '"';
        }

        /**
         * When the newer revision's line holding byte {@code at} starts an entry of its block {@code channels}
         * mapping, and more than one entry is left: the entry's lines, up to the next entry's line (or the line of
         * what follows the mapping), are taken as absent from the older revision, to be confirmed by comparing on from
         * the older revision's same line. Returns the positions to compare from and the next scalar, or null.
         */
        private int[] withoutEntry(int at, int olderAt, int newer, int next, int shift, Reading[] olderReadings) {
            int[] entries = spans.entries();
            if (entries == null || at >= content.length || entries.length - entriesDropped < 2) {
                return null;
            }
            int lineStart = lineStart(at);
            if (lineStart < newer) {
                return null;
            }
            int key = firstFrom(lineStart, next);
            int entry = key < spans.starts().length ? Arrays.binarySearch(entries, key) : -1;
            if (entry < 0) {
                return null;
            }
            for (int position = lineStart; position < spans.starts()[key]; position++) {
                if (content[position] != ' ') {
                    return null; // the key is on a later line
                }
            }
            int following = entry + 1 < entries.length ? entries[entry + 1] : spans.afterChannels();
            int end = following < spans.starts().length ? lineStart(spans.starts()[following]) : content.length;
            shift(next, key, shift);
            if (dropped == null) {
                dropped = new boolean[spans.starts().length];
            }
            Arrays.fill(dropped, key, following, true);
            entriesDropped++;
            entryDropped = true;
            if (spans.entryChannels()[entry] >= 0) {
                olderReadings[spans.entryChannels()[entry]] = new Missing("the channel is not declared");
            }
            return new int[] {end, olderAt - (at - lineStart), following};
        }

        private int lineStart(int at) {
            int position = at;
            while (position > 0 && content[position - 1] != '\n' && content[position - 1] != '\r') {
                position--;
            }
            return position;
        }

        /** The older revision's spans: the newer one's, moved, without the scalars of entries it lacks. */
        private Spans olderSpans() {
            if (dropped == null) {
                return new Spans(
                        olderStarts,
                        olderEnds,
                        spans.inPlace(),
                        spans.owners(),
                        spans.versions(),
                        spans.entries(),
                        spans.entryChannels(),
                        spans.afterChannels());
            }
            int count = spans.starts().length;
            int[] kept = new int[count + 1]; // how many scalars before each index are kept
            for (int i = 0; i < count; i++) {
                kept[i + 1] = kept[i] + (dropped[i] ? 0 : 1);
            }
            int size = kept[count];
            int[] starts = new int[size];
            int[] ends = new int[size];
            boolean[] inPlace = new boolean[size];
            int[] owners = new int[size];
            boolean[] versions = new boolean[size];
            for (int i = 0; i < count; i++) {
                if (!dropped[i]) {
                    int to = kept[i];
                    starts[to] = olderStarts[i];
                    ends[to] = olderEnds[i];
                    inPlace[to] = spans.inPlace()[i];
                    owners[to] = spans.owners()[i];
                    versions[to] = spans.versions()[i];
                }
            }
            int[] entries = new int[spans.entries().length - entriesDropped];
            int[] entryChannels = new int[entries.length];
            int to = 0;
            for (int i = 0; i < spans.entries().length; i++) {
                if (!dropped[spans.entries()[i]]) {
                    entries[to] = kept[spans.entries()[i]];
                    entryChannels[to++] = spans.entryChannels()[i];
                }
            }
            return new Spans(
                    starts, ends, inPlace, owners, versions, entries, entryChannels, kept[spans.afterChannels()]);
        }

        /** Copies the offsets before the first write: an edit of the same length shares the newer revision's. */
        private void copy() {
            if (!copied) {
                olderStarts = olderStarts.clone();
                olderEnds = olderEnds.clone();
                copied = true;
            }
        }

        private void shift(int from, int to, int shift) {
            if (shift == 0 || from >= to) {
                return;
            }
            copy();
            for (int i = from; i < to; i++) {
                olderStarts[i] += shift;
                olderEnds[i] += shift;
            }
        }

        /** The index of the first scalar from {@code from} on that starts at or after byte {@code at}. */
        private int firstFrom(int at, int from) {
            int found = Arrays.binarySearch(spans.starts(), from, spans.starts().length, at);
            return found >= 0 ? found : -found - 1;
        }

        /**
         * The scalar, from index {@code from} on, holding byte {@code at} of the newer revision, or -1: a plain one
         * that may change in place also when {@code at} is right after it (the older one is longer).
         */
        private int scalarAt(int at, int from) {
            int[] starts = spans.starts();
            int found = Arrays.binarySearch(starts, from, starts.length, at);
            int span = found >= 0 ? found : -found - 2;
            if (span < from) {
                return -1;
            }
            int end = spans.ends()[span];
            boolean appended = at == end && spans.inPlace()[span] && !quoted(starts[span]);
            return at < end || appended ? span : -1;
        }

        /**
         * Past a difference in comments at byte {@code at} of the newer revision and {@code olderAt} of the older:
         * the two positions to go on comparing from, or null when the difference is not only in comments.
         */
        private int[] comment(int at, int olderAt) {
            int lineStart = at;
            while (lineStart > 0 && content[lineStart - 1] != '\n' && content[lineStart - 1] != '\r') {
                lineStart--;
            }
            int from = at;
            while (from > lineStart && content[from - 1] == ' ') {
                from--;
            }
            int olderFrom = olderAt - (at - from);
            int[] past;
            if (from == lineStart) {
                // A line of only a comment or nothing, on either side: it comes or goes.
                int newerLine = commentLine(content, from, false);
                int olderLine = newerLine < 0 ? commentLine(older, olderFrom, true) : -1;
                past = newerLine >= 0
                        ? new int[] {newerLine, olderFrom}
                        : olderLine >= 0 ? new int[] {from, olderLine} : null;
            } else if (commentStart(lineStart, at) >= 0) {
                // Inside a comment after the line's content on both sides.
                past = restOfLine(older, olderAt, true) && restOfLine(content, at, false)
                        ? new int[] {lineEnd(content, at), lineEnd(older, olderAt)}
                        : null;
            } else {
                // Spaces and a comment, or spaces alone, after the line's content, on both sides.
                past = trailing(content, from, false, false) && trailing(older, olderFrom, false, true)
                        ? new int[] {lineEnd(content, from), lineEnd(older, olderFrom)}
                        : null;
            }
            return past == null || (past[0] == at && past[1] == olderAt) ? null : past;
        }

        /**
         * The first {@code #} of the newer revision's line from {@code lineStart} before {@code at} that starts a
         * comment (at the line's start or after a space, in no scalar), or -1.
         */
        private int commentStart(int lineStart, int at) {
            for (int position = lineStart; position < at; position++) {
                if (content[position] == '#'
                        && (position == lineStart || content[position - 1] == ' ' || content[position - 1] == '\t')
                        && scalarAt(position, 0) < 0) {
                    return position;
                }
            }
            return -1;
        }

        /** Whether the line from {@code from} is spaces, then a comment (after a space, unless it starts the line). */
        private boolean trailing(byte[] bytes, int from, boolean lineStart, boolean check) {
            int position = from;
            while (position < bytes.length && bytes[position] == ' ') {
                position++;
            }
            if (position == bytes.length || bytes[position] == '\n' || bytes[position] == '\r') {
                return true;
            }
            return bytes[position] == '#' && (lineStart || position > from) && restOfLine(bytes, position, check);
        }

        /**
         * The position after a line of {@code bytes} from {@code at} that holds only spaces and a comment, or
         * nothing, with its line break; -1 when it holds anything else.
         */
        private int commentLine(byte[] bytes, int at, boolean check) {
            if (!trailing(bytes, at, true, check)) {
                return -1;
            }
            int end = lineEnd(bytes, at);
            if (end < bytes.length && bytes[end] == '\r') {
                end++;
            }
            return end < bytes.length && bytes[end] == '\n' ? end + 1 : end == bytes.length ? end : -1;
        }

        /** The position of the line break that ends the line holding {@code at}, or the end of the bytes. */
        private static int lineEnd(byte[] bytes, int at) {
            int position = at;
            while (position < bytes.length && bytes[position] != '\n' && bytes[position] != '\r') {
                position++;
            }
            return position;
        }

        /**
         * Whether the rest of the line from {@code at} is comment text YAML reads as one: no other line break (NEL,
         * LS, PS), and, for the older revision whose bytes were not parsed, valid UTF-8 of printable characters.
         */
        private static boolean restOfLine(byte[] bytes, int at, boolean check) {
            int end = lineEnd(bytes, at);
            // ASCII, as most comments are, needs no decoder: a tab or a printable character each.
            int ascii = at;
            while (ascii < end && bytes[ascii] >= 0 && (!check || bytes[ascii] == '\t' || bytes[ascii] >= 0x20)) {
                if (bytes[ascii] == 0x7F && check) {
                    return false;
                }
                ascii++;
            }
            if (ascii == end) {
                return true;
            }
            if (bytes[ascii] >= 0) {
                return false; // a control character
            }
            var decoder = StandardCharsets.UTF_8.newDecoder();
            String text;
            try {
                text = decoder.decode(java.nio.ByteBuffer.wrap(bytes, at, end - at))
                        .toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                return false;
            }
            return text.codePoints()
                    .allMatch(c -> c != 0x85
                            && c != 0x2028
                            && c != 0x2029
                            && (!check
                                    || c == '\t'
                                    || (c >= 0x20 && c <= 0x7E)
                                    || (c >= 0xA0 && c <= 0xD7FF)
                                    || (c >= 0xE000 && c <= 0xFFFD)
                                    || c >= 0x10000));
        }

        /** The end of the older scalar starting at {@code start}, written like the newer one, or -1. */
        private int scalarEnd(int start, byte first) {
            if (start >= older.length) {
                return -1;
            }
            boolean quoted = first == '\'' || first == '"';
            if (quoted ? older[start] != first : !alphanumeric(older[start])) {
                return -1;
            }
            int position = quoted ? start + 1 : start;
            while (position < older.length && editable(older[position])) {
                position++;
            }
            if (!quoted) {
                return position;
            }
            return position < older.length && older[position] == first ? position + 1 : -1;
        }

        private Reading reread(int start, int end) {
            boolean quoted = older[start] == '\'' || older[start] == '"';
            String text = text(start, end);
            return version(quoted ? Tag.STR : RESOLVER.resolve(NodeId.scalar, text, true), text);
        }

        /** The value of the older scalar from {@code start} to {@code end}, without its quotes. */
        private String text(int start, int end) {
            boolean quoted = older[start] == '\'' || older[start] == '"';
            return quoted
                    ? new String(older, start + 1, end - start - 2, StandardCharsets.US_ASCII)
                    : new String(older, start, end - start, StandardCharsets.US_ASCII);
        }
    }
}
