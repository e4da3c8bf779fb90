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
 * made of letters, digits and {@code . _ + -} (what a version change is): such an edit moves no token boundary, so
 * every scalar keeps its place and role, and only the changed values are read again. Anything else (a line added, a
 * key renamed, an anchor or a tag anywhere in the file) is read in full. VersionScalarsTest checks the two ways
 * agree on random edits.
 */
public final class VersionScalars {

    /** A channel's version in one revision, or why there is none. */
    public sealed interface Reading permits Found, Missing {
    }

    /** @param version the channel's version */
    public record Found(Version version) implements Reading {
    }

    /** @param why what the revision has instead, such as {@code the channel is not declared} */
    public record Missing(String why) implements Reading {
    }

    /** How a scalar is written. */
    public enum Style { PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED, BLOCK }

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
    public record Scalar(int start, int end, Style style, boolean prefixed, int line, int column) {
    }

    private static final Resolver RESOLVER = new Resolver();

    private final byte[] content;
    /** The asked channels, by name, to their index in {@link #readings}. */
    private final Map<String, Integer> index;
    private final Optional<String> fileProblem;
    private final Reading[] readings;
    /** Each asked channel's version scalar, when the revision was read in full and it has one. */
    private final Scalar[] scalars;
    /**
     * The value scalars an edit can change in place ({@link #editable}), in file order, or {@code null} when the
     * file has an anchor, alias or tag (then every earlier revision is read in full).
     */
    private final int[] starts;
    private final int[] ends;
    /** For each such scalar: the index of the asked channel whose version it is, or -1. */
    private final int[] owners;

    private VersionScalars(byte[] content, Map<String, Integer> index, Optional<String> fileProblem,
            Reading[] readings, Scalar[] scalars, int[] starts, int[] ends, int[] owners) {
        this.content = content;
        this.index = index;
        this.fileProblem = fileProblem;
        this.readings = readings;
        this.scalars = scalars;
        this.starts = starts;
        this.ends = ends;
        this.owners = owners;
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

    /** The bytes this revision was read from. */
    public byte[] content() {
        return content.clone();
    }

    /** Whether this revision was read in full rather than derived from a later one. */
    boolean readInFull() {
        return scalars != null;
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
     * editable value scalars, read in full otherwise. Either way the readings are what {@link #read} gives.
     */
    public VersionScalars older(byte[] olderContent) {
        Optional<VersionScalars> derived = starts == null ? Optional.empty() : new Patch(olderContent).apply();
        return derived.orElseGet(() -> new Scan(olderContent, index).run());
    }

    /**
     * A scalar whose value differs between two revisions that are otherwise the same YAML.
     *
     * @param before its value before
     * @param after  its value after
     */
    public record ScalarChange(String before, String after) {
    }

    /**
     * The scalars whose values differ between {@code before} and {@code after}, in file order, when the two are the
     * same YAML otherwise: the same events with the same anchors, tags and styles (comments, line endings and
     * positions are not events); empty when they differ in anything else or either cannot be read.
     */
    public static Optional<List<ScalarChange>> scalarChanges(byte[] before, byte[] after) {
        Optional<List<Event>> beforeEvents = events(before);
        Optional<List<Event>> afterEvents = events(after);
        if (beforeEvents.isEmpty() || afterEvents.isEmpty()
                || beforeEvents.get().size() != afterEvents.get().size()) {
            return Optional.empty();
        }
        List<ScalarChange> changes = new ArrayList<>();
        for (int i = 0; i < beforeEvents.get().size(); i++) {
            Event one = beforeEvents.get().get(i);
            Event other = afterEvents.get().get(i);
            if (one.getEventId() != other.getEventId()
                    || one instanceof NodeEvent node && !Objects.equals(node.getAnchor(), ((NodeEvent) other).getAnchor())
                    || one instanceof CollectionStartEvent collection && !sameCollection(collection,
                            (CollectionStartEvent) other)) {
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
        return Objects.equals(one.getTag(), other.getTag()) && one.getImplicit() == other.getImplicit()
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
            new Yaml(new SafeConstructor(ChannelsYamlLoader.options())).parse(new StringReader(text.get().text()))
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
        return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z';
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
        return Version.parse(text).<Reading>map(Found::new)
                .orElseGet(() -> new Missing("its version '" + Problem.shorten(text) + "' is not a semantic version"));
    }

    /** The tag SnakeYAML's composer gives a scalar event. */
    private static Tag tag(ScalarEvent scalar) {
        String explicit = scalar.getTag();
        if (explicit == null || explicit.equals("!")) {
            return RESOLVER.resolve(NodeId.scalar, scalar.getValue(), scalar.getImplicit().canOmitTagInPlainScalar());
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
        /** Code point offsets of every editable value scalar, start and end, and its owner, in file order. */
        private int[] offsets = new int[256];
        private int[] owners = new int[128];
        private int editableCount;
        /** False once the file has an anchor, an alias or an explicit tag: then no edit is read in place. */
        private boolean plain = true;
        private final Map<String, Reading> scalarAnchors = new HashMap<>();

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
                    problem = Optional.of("it is not valid YAML (" + Problem.shorten(String.valueOf(e.getMessage())
                            .replaceAll("\\s+", " ")) + ")");
                }
            }
            if (problem.isPresent()) {
                return new VersionScalars(content, index, problem, readings, null, null, null, null);
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
                    scalars[i] = new Scalar(startBytes[i], endBytes[i], versionStyles[i], versionPrefixed[i],
                            versionMarks[i].getLine() + 1, versionMarks[i].getColumn() + 1);
                }
            }
            if (!plain) {
                return new VersionScalars(content, index, Optional.empty(), readings, scalars, null, null, null);
            }
            for (int i = 0; i < editableCount; i++) {
                if (owners[i] >= 0 && versionStarts[owners[i]] < 0) {
                    owners[i] = -1; // its channel or version is written twice: no older value makes it readable
                }
            }
            int[] bytes = byteOffsets(Arrays.copyOf(offsets, editableCount * 2));
            int[] starts = new int[editableCount];
            int[] ends = new int[editableCount];
            for (int i = 0; i < editableCount; i++) {
                starts[i] = bytes[2 * i];
                ends[i] = bytes[2 * i + 1];
            }
            return new VersionScalars(content, index, Optional.empty(), readings, scalars, starts, ends,
                    Arrays.copyOf(owners, editableCount));
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
                    frames.pop();
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
                    } else if (parent.level == 2 && key != null) {
                        channel = declare(key);
                        if (channel >= 0 && mapping) {
                            level = 3;
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
            if (parent.level == 2 && key != null) {
                int channel = declare(key);
                if (channel >= 0) {
                    readings[channel] = new Missing(tag(scalar).equals(Tag.NULL) ? "the channel has no version"
                            : "the channel is a value, not a mapping");
                }
            } else if (parent.level == 3 && "version".equals(key)) {
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
            remember(scalar, owner);
        }

        private void alias(Frame parent, String key, String anchor) {
            if (parent != null && parent.level == 2 && key != null) {
                int channel = declare(key);
                if (channel >= 0) {
                    readings[channel] = new Missing("the channel is an alias ('*" + Problem.shorten(anchor)
                            + "'), which promote does not follow");
                }
            } else if (parent != null && parent.level == 3 && "version".equals(key)) {
                if (parent.sawVersion) {
                    readings[parent.channel] = new Missing("its 'version' is written twice");
                    versionStarts[parent.channel] = -1;
                } else {
                    parent.sawVersion = true;
                    readings[parent.channel] = scalarAnchors.getOrDefault(anchor,
                            new Missing("its version is an alias of a list or a mapping"));
                }
            }
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
         * Remembers a value scalar an edit can change in place: on one line, plain, single- or double-quoted, its
         * text as written (no escape, no folding), of {@link #editable} bytes, a plain one starting with a letter
         * or a digit (so it cannot start an indicator).
         */
        private void remember(ScalarEvent scalar, int owner) {
            int start = scalar.getStartMark().getIndex();
            int end = scalar.getEndMark().getIndex();
            String value = scalar.getValue();
            int quotes = switch (scalar.getScalarStyle()) {
                case PLAIN -> 0;
                case SINGLE_QUOTED, DOUBLE_QUOTED -> 2;
                default -> -1;
            };
            if (quotes < 0 || end - start != value.length() + quotes || quotes == 0 && value.isEmpty()) {
                return;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c > 127 || !editable((byte) c) || i == 0 && quotes == 0 && !alphanumeric((byte) c)) {
                    return;
                }
            }
            if (editableCount * 2 + 2 > offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
                owners = Arrays.copyOf(owners, owners.length * 2);
            }
            offsets[editableCount * 2] = start;
            offsets[editableCount * 2 + 1] = end;
            owners[editableCount++] = owner;
        }

        /** The byte offsets of code point offsets of the text (which follows any byte order mark); -1 stays -1. */
        private int[] byteOffsets(int[] codePoints) {
            long[] sorted = new long[codePoints.length];
            for (int i = 0; i < codePoints.length; i++) {
                sorted[i] = ((long) codePoints[i] << 32) | i;
            }
            Arrays.sort(sorted);
            int[] bytes = new int[codePoints.length];
            boolean mark = content.length >= 3 && (content[0] & 0xFF) == 0xEF && (content[1] & 0xFF) == 0xBB
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

    /** An earlier revision read from this one, when the two differ only inside editable value scalars. */
    private final class Patch {

        private final byte[] older;

        Patch(byte[] older) {
            this.older = older;
        }

        Optional<VersionScalars> apply() {
            if (older.length > ChannelsFileParser.MAX_FILE_BYTES) {
                return Optional.empty();
            }
            int[] olderStarts = starts.clone();
            int[] olderEnds = ends.clone();
            Reading[] olderReadings = readings.clone();
            int newer = 0;
            int old = 0;
            int next = 0;
            int shift = 0;
            while (true) {
                int mismatch = Arrays.mismatch(content, newer, content.length, older, old, older.length);
                if (mismatch >= 0) {
                    int at = newer + mismatch;
                    int span = at < content.length && old + mismatch < older.length ? containing(at, next) : -1;
                    if (span < 0) {
                        return Optional.empty();
                    }
                    shift(olderStarts, olderEnds, next, span, shift);
                    int olderStart = starts[span] + shift;
                    int olderEnd = scalarEnd(olderStart, content[starts[span]]);
                    int end = ends[span];
                    boolean sameBoundary = end < content.length
                            ? olderEnd >= 0 && olderEnd < older.length && older[olderEnd] == content[end]
                            : olderEnd == older.length;
                    if (!sameBoundary) {
                        return Optional.empty();
                    }
                    olderStarts[span] = olderStart;
                    olderEnds[span] = olderEnd;
                    if (owners[span] >= 0) {
                        olderReadings[owners[span]] = reread(olderStart, olderEnd);
                    }
                    shift = olderEnd - end;
                    newer = end;
                    old = olderEnd;
                    next = span + 1;
                    continue;
                }
                shift(olderStarts, olderEnds, next, starts.length, shift);
                return Optional.of(new VersionScalars(older, index, Optional.empty(), olderReadings, null,
                        olderStarts, olderEnds, owners));
            }
        }

        private void shift(int[] olderStarts, int[] olderEnds, int from, int to, int shift) {
            for (int i = from; i < to; i++) {
                olderStarts[i] += shift;
                olderEnds[i] += shift;
            }
        }

        /**
         * The editable scalar, from index {@code from} on, holding byte {@code at} of the newer revision; a plain
         * one also when {@code at} is right after it (the older one is longer), a quoted one up to its closing
         * quote. -1 when there is none: the edit is elsewhere.
         */
        private int containing(int at, int from) {
            int found = Arrays.binarySearch(starts, from, starts.length, at);
            int span = found >= 0 ? found : -found - 2;
            if (span < from) {
                return -1;
            }
            boolean quoted = content[starts[span]] == '\'' || content[starts[span]] == '"';
            boolean inside = quoted ? at > starts[span] && at < ends[span] : at >= starts[span] && at <= ends[span];
            return inside ? span : -1;
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
            String text = quoted ? new String(older, start + 1, end - start - 2, StandardCharsets.US_ASCII)
                    : new String(older, start, end - start, StandardCharsets.US_ASCII);
            return version(quoted ? Tag.STR : RESOLVER.resolve(NodeId.scalar, text, true), text);
        }
    }
}
