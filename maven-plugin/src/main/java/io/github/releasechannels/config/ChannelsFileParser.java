package io.github.releasechannels.config;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.MaintenanceWindow;
import io.github.releasechannels.model.ManagedUpdates;
import io.github.releasechannels.model.SourceLocation;
import io.github.releasechannels.model.Version;
import io.github.releasechannels.site.SiteLayout;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads {@code channels.yaml} format 1 into a {@link ChannelsConfig}, reporting every problem at once.
 *
 * <p>The file is only <em>composed</em> into a node tree, never constructed into objects, so no YAML type tag can
 * instantiate anything; alias expansion, nesting depth and size are bounded so hostile files fail fast.
 */
public final class ChannelsFileParser {

    /**
     * Larger files are refused before parsing. 100,000 channels of three short lines each take about 6 MiB, so a
     * site of that size fits with room for longer names and comments, and a stray large file still fails fast.
     */
    public static final int MAX_FILE_BYTES = 16 * 1024 * 1024;
    /** A channel name longer than this is refused. */
    public static final int MAX_CHANNEL_NAME_LENGTH = 128;

    static final int MAX_ALIASES_FOR_COLLECTIONS = 20;
    static final int MAX_NESTING_DEPTH = 20;

    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Set<String> ROOT_KEYS = Set.of("channels", "maintenance", "managed_updates");
    private static final Set<String> CHANNEL_KEYS = Set.of("version", "critical", "allow_downgrade");
    private static final Set<String> MAINTENANCE_KEYS = Set.of("utc_start_hour", "weekdays");
    private static final String EXAMPLE = "see docs/channels-yaml.md for the format";
    private static final String SIZE_FIX =
            "even 100,000 channels take about 6 MiB; check that this is the right file";

    /**
     * Parses and validates {@code content}.
     *
     * @param content  the raw bytes of the file
     * @param fileName the name used in messages, such as {@code channels.yaml}
     * @return the validated configuration
     * @throws ChannelsFileException listing every problem when the file is not valid
     */
    public ChannelsConfig parse(byte[] content, String fileName) throws ChannelsFileException {
        return read(content, fileName).config();
    }

    /**
     * A valid file's configuration and its warnings: what Teleport accepts but probably does not do what was meant.
     *
     * @param config   the validated configuration
     * @param warnings each with its place and advice, in file order of the checks
     */
    public record Parsed(ChannelsConfig config, List<Problem> warnings) {
        public Parsed {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Parses and validates {@code content} like {@link #parse(byte[], String)}, keeping the warnings.
     *
     * @throws ChannelsFileException listing every problem when the file is not valid
     */
    public Parsed read(byte[] content, String fileName) throws ChannelsFileException {
        Run run = new Run(fileName);
        ChannelsConfig config = run.parse(content);
        if (!run.problems.isEmpty()) {
            throw new ChannelsFileException(run.problems);
        }
        return new Parsed(config, run.warnings);
    }

    /** The state of one parse: the file name and the problems found so far. */
    private static final class Run extends YamlNodes {

        Run(String fileName) {
            super(fileName);
        }

        ChannelsConfig parse(byte[] content) {
            if (content.length > MAX_FILE_BYTES) {
                // Readers stop one byte past the limit, so the size itself is not known here.
                fileProblem("the file is larger than the limit of " + MAX_FILE_BYTES + " bytes", SIZE_FIX);
                return null;
            }
            Optional<String> text = decode(content);
            if (text.isEmpty()) {
                return null;
            }
            Optional<Node> root = compose(text.get());
            if (!problems.isEmpty()) {
                return null;
            }
            if (root.isEmpty() || isNull(root.get())) {
                fileProblem("the file is empty", "declare at least one channel under 'channels:'; " + EXAMPLE);
                return null;
            }
            return readRoot(root.get());
        }

        private Optional<String> decode(byte[] content) {
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer bytes = ByteBuffer.wrap(content);
            try {
                String text = decoder.decode(bytes).toString();
                return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
            } catch (MalformedInputException e) {
                int offset = bytes.position();
                problems.add(new Problem(locationOfByte(content, offset),
                        "byte 0x" + String.format("%02X", content[offset] & 0xFF) + " is not valid UTF-8",
                        "save the file as UTF-8"));
            } catch (CharacterCodingException e) {
                fileProblem("the file is not valid UTF-8", "save the file as UTF-8");
            }
            return Optional.empty();
        }

        private SourceLocation locationOfByte(byte[] content, int offset) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < offset; i++) {
                if (content[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            String before = new String(content, lineStart, offset - lineStart, StandardCharsets.UTF_8);
            return new SourceLocation(fileName, line, before.codePointCount(0, before.length()) + 1);
        }

        private Optional<Node> compose(String text) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // reported below, all at once, with both lines
            options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
            options.setNestingDepthLimit(MAX_NESTING_DEPTH);
            options.setCodePointLimit(MAX_FILE_BYTES);
            options.setAllowRecursiveKeys(false);
            options.setProcessComments(false);
            Yaml yaml = new Yaml(new SafeConstructor(options));
            try {
                Iterator<Node> documents = yaml.composeAll(new StringReader(text)).iterator();
                if (!documents.hasNext()) {
                    return Optional.empty();
                }
                Node first = documents.next();
                if (documents.hasNext()) {
                    Node second = documents.next();
                    problems.add(new Problem(at(second.getStartMark()), "the file holds more than one YAML document",
                            "remove the second document and its '---' line"));
                }
                return Optional.of(first);
            } catch (MarkedYAMLException e) {
                Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
                String globalTag = "Global tag is not allowed: ";
                if (String.valueOf(e.getProblem()).startsWith(globalTag)) {
                    problems.add(new Problem(at(mark), "the type tag '" + e.getProblem().substring(globalTag.length())
                            + "' is not allowed", TAG_FIX));
                    return Optional.empty();
                }
                problems.add(new Problem(at(mark), "YAML syntax error: " + describeSyntaxError(e),
                        "fix the YAML syntax at this place (indentation, quotes, ':' after keys)"));
            } catch (ReaderException e) {
                problems.add(new Problem(locationOfChar(text, e.getPosition()),
                        "the character U+" + String.format("%04X", e.getCodePoint())
                                + " is a control character YAML does not allow",
                        "remove it or write the value in double quotes with an escape"));
            } catch (YAMLException e) {
                problems.add(limitProblem(e));
            }
            return Optional.empty();
        }

        private Problem limitProblem(YAMLException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("aliases")) {
                return new Problem(SourceLocation.wholeFile(fileName),
                        "the file uses more than " + MAX_ALIASES_FOR_COLLECTIONS
                                + " aliases to lists or mappings (a 'billion laughs' expansion)",
                        "write the values out instead of using '*' aliases");
            }
            if (message.contains("Nesting Depth")) {
                return new Problem(SourceLocation.wholeFile(fileName),
                        "the file nests more than " + MAX_NESTING_DEPTH + " levels deep",
                        "channels.yaml needs 3 levels; " + EXAMPLE);
            }
            if (message.contains("exceeds the limit")) {
                return new Problem(SourceLocation.wholeFile(fileName),
                        "the file is larger than " + MAX_FILE_BYTES + " characters",
                        SIZE_FIX);
            }
            return new Problem(SourceLocation.wholeFile(fileName), "the file cannot be read as YAML: " + message,
                    "fix the YAML syntax");
        }

        private static String describeSyntaxError(MarkedYAMLException e) {
            String context = e.getContext();
            String problem = e.getProblem();
            if (context != null && problem != null) {
                return context + ", " + problem;
            }
            return problem != null ? problem : String.valueOf(context);
        }

        private SourceLocation locationOfChar(String text, int codePointOffset) {
            int line = 1;
            int column = 1;
            int index = 0;
            for (int i = 0; i < codePointOffset && index < text.length(); i++) {
                int codePoint = text.codePointAt(index);
                index += Character.charCount(codePoint);
                if (codePoint == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new SourceLocation(fileName, line, column);
        }

        // ---- the document ----

        private ChannelsConfig readRoot(Node root) {
            if (!(root instanceof MappingNode mapping)) {
                problems.add(new Problem(at(root), "the top level is a " + kind(root) + ", not a mapping",
                        "start the file with 'channels:'; " + EXAMPLE));
                return null;
            }
            Map<String, NodeTuple> keys = keys(mapping, ROOT_KEYS, "at the top level");
            List<Channel> channels = List.of();
            NodeTuple channelsEntry = keys.get("channels");
            int beforeChannels = problems.size();
            if (channelsEntry == null) {
                problems.add(new Problem(at(root), "there is no 'channels:' mapping",
                        "add 'channels:' with at least one channel; " + EXAMPLE));
            } else {
                channels = readChannels(channelsEntry);
            }
            Optional<Map<String, Channel>> channelsByName = Optional.empty();
            if (problems.size() == beforeChannels) {
                Map<String, Channel> byName = new TreeMap<>();
                channels.forEach(channel -> byName.put(channel.name(), channel));
                channelsByName = Optional.of(byName);
            }
            Optional<MaintenanceWindow> maintenance = Optional.empty();
            NodeTuple maintenanceEntry = keys.get("maintenance");
            if (maintenanceEntry != null) {
                maintenance = readMaintenance(maintenanceEntry);
            }
            Optional<ManagedUpdates> managedUpdates = Optional.empty();
            NodeTuple managedUpdatesEntry = keys.get("managed_updates");
            if (managedUpdatesEntry != null) {
                managedUpdates = new ManagedUpdatesParser(this, channelsByName)
                        .read(managedUpdatesEntry, Optional.ofNullable(maintenanceEntry));
            }
            return problems.isEmpty() ? new ChannelsConfig(channels, maintenance, managedUpdates) : null;
        }

        private List<Channel> readChannels(NodeTuple entry) {
            Node value = entry.getValueNode();
            if (isNull(value) || value instanceof MappingNode m && m.getValue().isEmpty()) {
                problems.add(new Problem(at(entry.getKeyNode()), "'channels' declares no channel",
                        "add a channel, e.g. 'current:' with 'version: 14.2.1' indented below it"));
                return List.of();
            }
            if (!(value instanceof MappingNode mapping)) {
                problems.add(new Problem(at(value), "'channels' is a " + kind(value) + ", not a mapping",
                        "list channels as 'name:' keys with 'version:' indented below each"));
                return List.of();
            }
            List<Channel> channels = new ArrayList<>();
            Map<String, Node> firstByName = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Optional<String> name = scalarKey(tuple);
                if (name.isEmpty()) {
                    continue;
                }
                Node first = firstByName.putIfAbsent(name.get(), tuple.getKeyNode());
                if (first != null) {
                    duplicate(name.get(), tuple.getKeyNode(), first);
                    continue;
                }
                boolean nameValid = checkChannelName(name.get(), tuple.getKeyNode());
                readChannel(name.get(), tuple).filter(channel -> nameValid).ifPresent(channels::add);
            }
            checkCollisions(firstByName);
            return channels;
        }

        private boolean checkChannelName(String name, Node keyNode) {
            int before = problems.size();
            if (name.isEmpty()) {
                problems.add(new Problem(at(keyNode), "a channel name is empty", "write a name such as 'current'"));
                return false;
            }
            if (name.length() > MAX_CHANNEL_NAME_LENGTH) {
                problems.add(new Problem(at(keyNode), "channel name is " + name.length()
                        + " characters long, more than " + MAX_CHANNEL_NAME_LENGTH, "use a shorter name"));
            }
            if (name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
                problems.add(new Problem(at(keyNode), "channel name '" + Problem.shorten(name)
                        + "' has an empty path segment",
                        "remove leading, trailing and doubled '/', e.g. 'stable/cloud'"));
            } else {
                for (String segment : name.split("/")) {
                    if (!SEGMENT.matcher(segment).matches()) {
                        problems.add(new Problem(at(keyNode), "channel name '" + Problem.shorten(name)
                                + "' has the segment '" + Problem.shorten(segment) + "'" + badCharacter(segment),
                                "each '/'-separated segment must start with a-z or 0-9 and "
                                + "contain only a-z, 0-9, '.', '_' and '-', e.g. 'stable/cloud'"));
                        break;
                    }
                }
            }
            return problems.size() == before;
        }

        /** Names the first character a segment may not have there, e.g. a Cyrillic letter that looks Latin. */
        private static String badCharacter(String segment) {
            for (int i = 0, position = 1; i < segment.length(); position++) {
                int codePoint = segment.codePointAt(i);
                boolean allowed = codePoint < 128 && (Character.isLowerCase(codePoint) || Character.isDigit(codePoint)
                        || (i > 0 && (codePoint == '.' || codePoint == '_' || codePoint == '-')));
                if (!allowed) {
                    return String.format(" with %s (U+%04X) at position %d",
                            Character.isISOControl(codePoint) ? "a control character" : "'" + Character.toString(codePoint) + "'",
                            codePoint, position);
                }
                i += Character.charCount(codePoint);
            }
            return "";
        }

        /** A channel whose directory would stand where another channel's file or a site file is. */
        private void checkCollisions(Map<String, Node> keyNodeByName) {
            for (Map.Entry<String, Node> entry : new TreeMap<>(keyNodeByName).entrySet()) {
                String name = entry.getKey();
                String root = name.split("/", 2)[0];
                if (SiteLayout.ROOT_FILES.contains(root)) {
                    problems.add(new Problem(at(entry.getValue()), "channel '" + name + "' would need a directory '"
                            + root + "', which is a file of the site", "rename the channel"));
                }
                for (String file : List.of("version", "critical")) {
                    int cut = name.lastIndexOf("/" + file);
                    while (cut > 0) {
                        String owner = name.substring(0, cut);
                        boolean wholeSegment = name.length() == cut + file.length() + 1
                                || name.charAt(cut + file.length() + 1) == '/';
                        if (wholeSegment && keyNodeByName.containsKey(owner)) {
                            problems.add(new Problem(at(entry.getValue()), "channel '" + name
                                    + "' would need a directory where channel '" + owner + "' has its '" + file
                                    + "' file", "rename one of the two channels"));
                        }
                        cut = name.lastIndexOf("/" + file, cut - 1);
                    }
                }
            }
        }

        private Optional<Channel> readChannel(String name, NodeTuple tuple) {
            Node value = tuple.getValueNode();
            if (isNull(value)) {
                problems.add(new Problem(at(tuple.getKeyNode()), "channel '" + name + "' has no version",
                        "add 'version: 14.2.1' indented below it"));
                return Optional.empty();
            }
            if (!(value instanceof MappingNode mapping)) {
                problems.add(new Problem(at(value), "channel '" + name + "' is a " + kind(value)
                        + ", not a mapping", "write 'version:' (and optionally 'critical:') indented below '"
                        + name + ":'"));
                return Optional.empty();
            }
            Map<String, NodeTuple> keys = keys(mapping, CHANNEL_KEYS, "in channel '" + name + "'");
            Optional<Version> version = Optional.empty();
            NodeTuple versionEntry = keys.get("version");
            if (versionEntry == null) {
                problems.add(new Problem(at(tuple.getKeyNode()), "channel '" + name + "' has no version",
                        "add 'version: 14.2.1' indented below it"));
            } else {
                version = readVersion(versionEntry.getValueNode(), "the version of channel '" + name + "'",
                        "the version '%s' of channel '" + name + "'");
            }
            boolean critical = false;
            NodeTuple criticalEntry = keys.get("critical");
            if (criticalEntry != null) {
                critical = readBoolean(criticalEntry.getValueNode(), "critical").orElse(false);
            }
            boolean allowDowngrade = false;
            NodeTuple allowDowngradeEntry = keys.get("allow_downgrade");
            if (allowDowngradeEntry != null) {
                allowDowngrade = readBoolean(allowDowngradeEntry.getValueNode(), "allow_downgrade").orElse(false);
            }
            boolean isCritical = critical;
            boolean mayDowngrade = allowDowngrade;
            return version.map(v -> new Channel(name, v, isCritical, mayDowngrade, at(tuple.getKeyNode())));
        }

        private Optional<Boolean> readBoolean(Node node, String key) {
            if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
                String value = scalar.getValue().toLowerCase(Locale.ROOT);
                return Optional.of(value.equals("true") || value.equals("yes") || value.equals("on"));
            }
            problems.add(new Problem(at(node), "'" + key + "' is " + shown(node) + ", not a boolean",
                    "write " + key + ": true or " + key + ": false, without quotes"));
            return Optional.empty();
        }

        private Optional<MaintenanceWindow> readMaintenance(NodeTuple entry) {
            Node value = entry.getValueNode();
            if (!(value instanceof MappingNode mapping)) {
                problems.add(new Problem(at(isNull(value) ? entry.getKeyNode() : value), "'maintenance' is "
                        + (isNull(value) ? "empty" : "a " + kind(value)) + ", not a mapping",
                        "write 'utc_start_hour: 2' (and optionally 'weekdays: [Mon, Wed, Fri]') indented below it, "
                                + "or remove 'maintenance:'"));
                return Optional.empty();
            }
            Map<String, NodeTuple> keys = keys(mapping, MAINTENANCE_KEYS, "in 'maintenance'");
            Optional<Integer> hour = Optional.empty();
            NodeTuple hourEntry = keys.get("utc_start_hour");
            if (hourEntry == null) {
                problems.add(new Problem(at(entry.getKeyNode()), "'maintenance' has no 'utc_start_hour'",
                        "add 'utc_start_hour: 2' (0 to 23, the hour in UTC the one-hour window starts)"));
            } else {
                hour = readHour(hourEntry.getValueNode(), "utc_start_hour");
            }
            List<DayOfWeek> weekdays = List.of();
            NodeTuple weekdaysEntry = keys.get("weekdays");
            if (weekdaysEntry != null) {
                weekdays = readWeekdays(weekdaysEntry.getValueNode());
            }
            List<DayOfWeek> days = weekdays;
            return hour.map(h -> new MaintenanceWindow(h, days));
        }

        private List<DayOfWeek> readWeekdays(Node node) {
            if (isNull(node)) {
                return List.of();
            }
            if (!(node instanceof SequenceNode sequence)) {
                problems.add(new Problem(at(node), "'weekdays' is a " + kind(node) + ", not a list",
                        "write a list such as weekdays: [Mon, Wed, Fri], or leave it out for every day"));
                return List.of();
            }
            List<DayOfWeek> days = new ArrayList<>();
            Map<DayOfWeek, Node> seen = new LinkedHashMap<>();
            for (Node item : sequence.getValue()) {
                checkTag(item);
                String text = item instanceof ScalarNode scalar ? scalar.getValue() : null;
                if (text != null && text.equals("*")) {
                    problems.add(new Problem(at(item), "'*' is not a weekday; Teleport does not accept it",
                            "leave 'weekdays' out (or empty) for every day, or list the days"));
                    continue;
                }
                Optional<DayOfWeek> day = text == null ? Optional.empty() : weekday(text);
                if (day.isEmpty()) {
                    problems.add(new Problem(at(item), (text == null ? "a " + kind(item) : "'"
                            + Problem.shorten(text) + "'") + " is not a weekday", "write Sun, Mon, Tue, Wed, Thu, Fri, Sat or the full name"));
                    continue;
                }
                Node first = seen.putIfAbsent(day.get(), item);
                if (first != null) {
                    problems.add(new Problem(at(item), MaintenanceWindow.dayName(day.get()) + " is listed twice (first at line "
                            + line(first) + ")", "remove one of them"));
                    continue;
                }
                days.add(day.get());
            }
            return days;
        }

    }

    /** The day for a full or three-letter English name, any case. */
    static Optional<DayOfWeek> weekday(String text) {
        String lower = text.trim().toLowerCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            String full = day.name().toLowerCase(Locale.ROOT);
            if (lower.equals(full) || lower.equals(full.substring(0, 3))) {
                return Optional.of(day);
            }
        }
        return Optional.empty();
    }
}
