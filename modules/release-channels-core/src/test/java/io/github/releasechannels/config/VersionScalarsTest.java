// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.config.VersionScalars.Found;
import io.github.releasechannels.config.VersionScalars.Missing;
import io.github.releasechannels.config.VersionScalars.Reading;
import io.github.releasechannels.config.VersionScalars.Scalar;
import io.github.releasechannels.config.VersionScalars.Style;
import io.github.releasechannels.model.Version;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading chosen channels' versions from YAML events, and an earlier revision from a later one. */
class VersionScalarsTest {

    private static VersionScalars read(String yaml, String... channels) {
        return VersionScalars.read(yaml.getBytes(StandardCharsets.UTF_8), List.of(channels));
    }

    private static Reading found(String version) {
        return new Found(Version.parse(version).orElseThrow());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', textBlock = """
            plain;                     current:|    version: 17.2.1;                   17.2.1
            leading v;                 current:|    version: v17.2.1;                  17.2.1
            single-quoted;             current:|    version: '17.2.1';                 17.2.1
            double-quoted prerelease;  current:|    version: "17.3.0-rc.1";            17.3.0-rc.1
            flow;                      current: {version: 17.2.1, critical: true};    17.2.1
            explicit str tag;          current:|    version: !!str 17.2.1;             17.2.1
            alias of a scalar;         other: {version: &v 17.2.1}|  current: {version: *v};  17.2.1
            not declared;              other:|    version: 17.2.1;                   the channel is not declared
            no version;                current:|    critical: true;                    the channel is not declared
            empty channel;             current:;                                      the channel has no version
            a value;                   current: 17.2.1;                               the channel is a value, not a mapping
            a list;                    current: [17.2.1];                             the channel is a list, not a mapping
            declared twice;            current: {version: 1.0.0}|  current: {version: 2.0.0};  the channel is declared twice
            version twice;             current: {version: 1.0.0, version: 2.0.0};     its 'version' is written twice
            a number;                  current:|    version: 17.2;                     its version is the number 17.2
            empty version;             current:|    version:;                          its version is empty
            not semver;                current:|    version: 17.02.1;                  its version '17.02.1' is not a semantic version
            a custom tag;              current:|    version: !v 17.2.1;                its version has the type tag '!v'
            an alias of a mapping;     other: &m {a: 1}|  current: {version: *m};     its version is an alias of a list or a mapping
            an alias as channel;       other: &m {version: 1.0.0}|  current: *m;       the channel is an alias ('*m'), which promote does not follow
            """)
    void readsAChannelsVersionAsTheParserDoes(String rule, String channels, String expected) {
        VersionScalars scalars = read("channels:\n  " + channels.replace("|", "\n") + "\n", "current");
        Reading reading = scalars.reading("current");
        assertEquals(Character.isDigit(expected.charAt(0)) ? found(expected) : new Missing(expected), reading, rule);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', textBlock = """
            empty;             ``;                                        the file is empty
            only a comment;    # nothing;                                 the file is empty
            a list;            - a;                                       its top level is not a mapping
            no channels;       maintenance: {utc_start_hour: 2};          it has no 'channels' mapping
            channels a list;   channels: [a];                             its 'channels' is a list, not a mapping
            two documents;     channels: {}|---|channels: {};             it holds more than one YAML document
            a merge key;       base: &b {version: 1.0.0}|channels:|  <<: *b;  it uses a YAML merge key ('<<')
            """)
    void aFileProblemLeavesNoChannelReadable(String rule, String yaml, String problem) {
        VersionScalars scalars = read(yaml.replace("|", "\n") + "\n", "current");
        assertEquals(Optional.of(problem), scalars.fileProblem(), rule);
        assertEquals(new Missing(problem), scalars.reading("current"), rule);
    }

    @Test
    void badBytesAndSyntaxAreFileProblems() {
        assertEquals(
                Optional.of("byte 0xE9 is not valid UTF-8"),
                VersionScalars.read("channels: {c\u00e9: 1}".getBytes(StandardCharsets.ISO_8859_1), List.of("c"))
                        .fileProblem());
        assertEquals(
                Optional.of("the file is larger than the limit of 16777216 bytes"),
                VersionScalars.read(new byte[ChannelsFileParser.MAX_FILE_BYTES + 1], List.of("c"))
                        .fileProblem());
        String syntax = read("channels:\n  current: {version: 1.0.0\n", "current")
                .fileProblem()
                .orElseThrow();
        assertTrue(syntax.startsWith("it is not valid YAML ("), syntax);
        assertFalse(syntax.contains("\n"), "one line: " + syntax);
    }

    @Test
    void versionScalarsAreFoundByByteWithTheirStyle() {
        String yaml =
                "\uFEFF# h\u00e9llo \uD83D\uDE00\r\nchannels:\r\n  a: {version: \"17.2.1\", critical: true}  # x\r\n"
                        + "  b:\r\n    version: v17.2.1   # moved by Renovate\r\n  c: {version: '1.0.0'}\r\n"
                        + "  d: {version: &v 1.0.0}\r\n  e: {version: *v}\r\n";
        byte[] bytes = yaml.getBytes(StandardCharsets.UTF_8);
        VersionScalars scalars = VersionScalars.read(bytes, List.of("a", "b", "c", "d", "e"));
        assertScalar(bytes, scalars.scalar("a"), "\"17.2.1\"", Style.DOUBLE_QUOTED, false);
        assertScalar(bytes, scalars.scalar("b"), "v17.2.1", Style.PLAIN, false);
        assertScalar(bytes, scalars.scalar("c"), "'1.0.0'", Style.SINGLE_QUOTED, false);
        assertScalar(bytes, scalars.scalar("d"), "&v 1.0.0", Style.PLAIN, true);
        assertEquals(Optional.empty(), scalars.scalar("e"), "an alias has no scalar of its own");
        assertEquals(found("1.0.0"), scalars.reading("e"));
    }

    private static void assertScalar(
            byte[] bytes, Optional<Scalar> scalar, String text, Style style, boolean prefixed) {
        assertTrue(scalar.isPresent(), text);
        assertEquals(
                text,
                new String(
                        bytes,
                        scalar.get().start(),
                        scalar.get().end() - scalar.get().start(),
                        StandardCharsets.UTF_8));
        assertEquals(style, scalar.get().style(), text);
        assertEquals(prefixed, scalar.get().prefixed(), text);
    }

    @Test
    void anOlderRevisionThatDiffersInVersionsOnlyIsDerivedNotRead() {
        String newer = "channels:\r\n  a: {version: \"17.10.0\", critical: true}\r\n  b:\r\n    version: 17.3.0 # x\r\n"
                + "  c:\r\n    version: '2.0.0'\r\n";
        String older = "channels:\r\n  a: {version: \"17.9.0\", critical: true}\r\n  b:\r\n    version: 17.3 # x\r\n"
                + "  c:\r\n    version: '2.0.0-rc.1'\r\n";
        VersionScalars derived = read(newer, "a", "b", "c").older(older.getBytes(StandardCharsets.UTF_8));
        assertFalse(derived.readInFull(), "derived from the newer revision");
        assertEquals(found("17.9.0"), derived.reading("a"));
        assertEquals(new Missing("its version is the number 17.3"), derived.reading("b"));
        assertEquals(found("2.0.0-rc.1"), derived.reading("c"));
    }

    @Test
    void anOlderRevisionWithAnotherShapeIsReadInFull() {
        VersionScalars newer = read("channels:\n  a: {version: 1.0.0}\n", "a");
        VersionScalars renamed = newer.older("channels:\n  b: {version: 1.0.0}\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(renamed.readInFull());
        assertEquals(new Missing("the channel is not declared"), renamed.reading("a"));
        VersionScalars quoted = newer.older("channels:\n  a: {version: '1.0.0'}\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(quoted.readInFull(), "a change of quoting is not an edit in place");
    }

    @Test
    void anOlderRevisionWithoutSomeChannelsIsDerived() {
        String newer = "channels:\n  a: {version: 1.0.0}\n  added:\n    version: 3.0.0\n    critical: true\n\n"
                + "  # about b\n  b:\n    version: 2.0.0\n  last: {version: 4.0.0}\n# after\nfreezes: []\n";
        // A channel added since (and a comment line with it), another bumped since, the last entry added since.
        String older = "channels:\n  a: {version: 1.0.0}\n  b:\n    version: 1.9.0\n# after\nfreezes: []\n";
        VersionScalars derived = read(newer, "a", "added", "b", "last").older(older.getBytes(StandardCharsets.UTF_8));
        assertFalse(derived.readInFull(), "derived from the newer revision");
        assertFalse(derived.validWhenNewerIs(), "a channel that goes may be one another names: parse to validate");
        VersionScalars full =
                VersionScalars.read(older.getBytes(StandardCharsets.UTF_8), List.of("a", "added", "b", "last"));
        for (String channel : List.of("a", "added", "b", "last")) {
            assertEquals(full.reading(channel), derived.reading(channel), channel);
        }
        assertEquals(new Missing("the channel is not declared"), derived.reading("added"));
        assertEquals(found("1.9.0"), derived.reading("b"));
        // Derived again from the derived revision: its spans lost the entries it lacks.
        String oldest = "channels:\n  b:\n    version: 1.8.0\n# after\nfreezes: []\n";
        VersionScalars again = derived.older(oldest.getBytes(StandardCharsets.UTF_8));
        assertFalse(again.readInFull());
        assertEquals(new Missing("the channel is not declared"), again.reading("a"));
        assertEquals(found("1.8.0"), again.reading("b"));
    }

    @Test
    void anOlderRevisionWithoutAChannelIsReadInFullWhereRemovingLinesIsNotRemovingTheEntry() {
        List<String> asked = List.of("a", "b");
        // A flow mapping, a channel written twice, and the only channel.
        String flow = "channels: {\n  a: {version: 1.0.0},\n  b: {version: 2.0.0}\n}\n";
        assertTrue(VersionScalars.read(flow.getBytes(StandardCharsets.UTF_8), asked)
                .older("channels: {\n  b: {version: 2.0.0}\n}\n".getBytes(StandardCharsets.UTF_8))
                .readInFull());
        String twice = "channels:\n  a: {version: 1.0.0}\n  b: {version: 2.0.0}\n  a: {version: 3.0.0}\n";
        VersionScalars once = VersionScalars.read(twice.getBytes(StandardCharsets.UTF_8), asked)
                .older("channels:\n  b: {version: 2.0.0}\n  a: {version: 3.0.0}\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(once.readInFull());
        assertEquals(found("3.0.0"), once.reading("a"));
        VersionScalars none = VersionScalars.read(
                        "channels:\n  a: {version: 1.0.0}\n".getBytes(StandardCharsets.UTF_8), asked)
                .older("channels:\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(none.readInFull());
        assertEquals(
                VersionScalars.read("channels:\n".getBytes(StandardCharsets.UTF_8), asked)
                        .fileProblem(),
                none.fileProblem());
        assertTrue(none.fileProblem().isPresent());
    }

    @Test
    void commentsThatComeGoOrChangeAreDerived() {
        String newer = "# header\nchannels:\n  a:   # first\n    version: 1.0.0  # pinned\n  b: {version: 2.0.0}\n";
        String older = "# header, older\nchannels:\n  # a note\n\n  a:\n    version: 0.9.0    # was pinned\n"
                + "  # on b\n  b: {version: 2.0.0}  # flow\n";
        VersionScalars derived = read(newer, "a", "b").older(older.getBytes(StandardCharsets.UTF_8));
        assertFalse(derived.readInFull());
        assertEquals(found("0.9.0"), derived.reading("a"));
        assertEquals(found("2.0.0"), derived.reading("b"));
    }

    @Test
    void aCommentLineBesideABlockScalarIsReadInFull() {
        // The line looks like a comment but ends the block scalar early: the older revision is not valid YAML.
        VersionScalars newer = read("channels:\n  a:\n    note: |\n      text\n    version: 1.0.0\n", "a");
        VersionScalars older = newer.older("channels:\n  a:\n    note: |\n  # x\n      text\n    version: 1.0.0\n"
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(older.readInFull());
        assertTrue(older.fileProblem().orElseThrow().startsWith("it is not valid YAML"), older.fileProblem()::get);
    }

    /**
     * Random revisions of a file in many styles: every earlier revision, derived or read in full, reads what a
     * full read of it reads; edits of versions or comments alone are derived.
     */
    @Test
    void derivedAndFullReadsAgreeOnRandomHistories() {
        int derivedVersions = 0;
        int derivedComments = 0;
        int derivedRemovals = 0;
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            RandomFile file = new RandomFile(random, 30);
            List<String> asked = file.names();
            VersionScalars current = VersionScalars.read(file.bytes(), asked);
            byte[] previous = file.bytes();
            for (int step = 0; step < 50; step++) {
                int kind = random.nextInt(6);
                boolean cleanBefore = file.clean();
                int channelsBefore = file.size();
                if (kind < 3) {
                    file.changeVersions(1 + random.nextInt(3));
                } else if (kind < 5) {
                    file.changeComments(1 + random.nextInt(2));
                } else {
                    file.changeShape();
                }
                byte[] bytes = file.bytes();
                VersionScalars older = current.older(bytes);
                VersionScalars full = VersionScalars.read(bytes, asked);
                int at = step;
                long failing = seed;
                assertEquals(
                        full.fileProblem(),
                        older.fileProblem(),
                        () -> "seed " + failing + " step " + at + "\n" + new String(bytes, StandardCharsets.UTF_8));
                for (String name : asked) {
                    assertEquals(
                            full.reading(name),
                            older.reading(name),
                            () -> "seed " + failing + " step " + at + " " + name + "\n"
                                    + new String(bytes, StandardCharsets.UTF_8));
                }
                if (kind < 5
                        && cleanBefore
                        && file.clean()
                        && current.fileProblem().isEmpty()) {
                    byte[] before = previous;
                    assertFalse(
                            older.readInFull(),
                            () -> "a change of versions or comments alone is derived, seed " + failing + " step " + at
                                    + "\n" + difference(before, bytes));
                    if (kind < 3) {
                        derivedVersions++;
                    } else {
                        derivedComments++;
                    }
                }
                if (kind == 5
                        && file.size() < channelsBefore
                        && cleanBefore
                        && file.clean()
                        && file.distinct()
                        && current.fileProblem().isEmpty()) {
                    assertFalse(
                            older.readInFull(),
                            () -> "a channel added since is derived, seed " + failing + " step " + at);
                    derivedRemovals++;
                }
                current = older;
                previous = bytes;
            }
        }
        assertTrue(derivedRemovals > 5, "derived without a channel " + derivedRemovals + " times");
        assertTrue(derivedVersions > 150, "derived on versions " + derivedVersions + " times");
        assertTrue(derivedComments > 100, "derived on comments " + derivedComments + " times");
    }

    /** The lines where two revisions differ, for a failure's message. */
    private static String difference(byte[] newer, byte[] older) {
        String[] one = new String(newer, StandardCharsets.UTF_8).split("\n", -1);
        String[] other = new String(older, StandardCharsets.UTF_8).split("\n", -1);
        int first = 0;
        while (first < Math.min(one.length, other.length) && one[first].equals(other[first])) {
            first++;
        }
        return "newer from line " + (first + 1) + ": "
                + String.join("|", java.util.Arrays.copyOfRange(one, first, Math.min(one.length, first + 3)))
                + "\nolder: "
                + String.join("|", java.util.Arrays.copyOfRange(other, first, Math.min(other.length, first + 3)));
    }

    /** A channels file written in a random mix of styles and comments, edited at random. */
    private static final class RandomFile {
        private static final java.util.regex.Pattern CLEAN =
                java.util.regex.Pattern.compile("[0-9A-Za-z][0-9A-Za-z._+-]*");
        private static final List<String> TRAILING = List.of(
                "",
                "  # moved by Renovate",
                " # x",
                "  # caf\u00e9",
                "  #",
                "  # a # b",
                "      # a longer comment \uD83D\uDE00",
                " #");
        private static final List<String> LINES = List.of(
                "  # a note", "# at the margin", "", "    # deeper", "  #", "   ", "  # 'quoted' \"too\" # and more");
        /** Comments YAML reads otherwise, or refuses: never derived, always read as a full read reads them. */
        private static final List<String> STRANGE = List.of(
                "#glued",
                "\t# after a tab",
                "  # bell \u0007",
                "  # next \u0085 line",
                "  # line \u2028 separator",
                "  # ok\r");

        private final Random random;
        /** name, version, quoting (0 plain, 1 single, 2 double), layout (0 block, 1 flow, 2 with critical). */
        private final List<String[]> channels = new ArrayList<>();

        private final java.util.Map<String[], String> trailing = new java.util.IdentityHashMap<>();
        private final java.util.Map<String[], List<String>> linesBefore = new java.util.IdentityHashMap<>();
        private final String newline;
        private final boolean bom;
        private final String comment;
        private final boolean plainFile;
        private boolean strange;
        private boolean blockNote;
        private String breakage = "";

        RandomFile(Random random, int size) {
            this.random = random;
            this.newline = random.nextBoolean() ? "\n" : "\r\n";
            this.bom = random.nextInt(5) == 0;
            this.comment = random.nextBoolean() ? "# caf\u00e9 \uD83D\uDE00" : "# plain";
            this.plainFile = random.nextInt(4) > 0;
            for (int i = 0; i < size; i++) {
                channels.add(new String[] {
                    "team-" + i + "/canary",
                    version(),
                    String.valueOf(random.nextInt(3)),
                    String.valueOf(random.nextInt(3))
                });
            }
        }

        /** Whether a change of versions or comments alone can be derived: no anchor, nothing strange. */
        boolean clean() {
            return plainFile
                    && !strange
                    && !blockNote
                    && breakage.isEmpty()
                    && channels.stream().allMatch(c -> CLEAN.matcher(c[1]).matches());
        }

        int size() {
            return channels.size();
        }

        /** Whether no two channels have the same name. */
        boolean distinct() {
            return channels.stream().map(c -> c[0]).distinct().count() == channels.size();
        }

        List<String> names() {
            List<String> names =
                    new ArrayList<>(channels.stream().map(c -> c[0]).toList());
            names.add("never-declared");
            return names;
        }

        private String version() {
            return switch (random.nextInt(8)) {
                case 0 -> "v" + random.nextInt(30) + "." + random.nextInt(12) + "." + random.nextInt(12);
                case 1 -> random.nextInt(30) + "." + random.nextInt(12) + ".0-rc." + random.nextInt(3);
                case 2 -> random.nextInt(30) + "." + random.nextInt(12);
                case 3 -> "1e" + random.nextInt(9);
                default -> random.nextInt(30) + "." + random.nextInt(12) + "." + random.nextInt(12);
            };
        }

        private String[] any() {
            return channels.get(random.nextInt(channels.size()));
        }

        /** Undoes what the previous step made strange, so the next step starts from a clean file. */
        private void restore() {
            channels.stream().filter(c -> !CLEAN.matcher(c[1]).matches()).forEach(c -> c[1] = version());
            if (strange) {
                trailing.replaceAll((channel, text) -> STRANGE.contains(text) ? "" : text);
                linesBefore.values().forEach(lines -> lines.removeIf(STRANGE::contains));
                strange = false;
            }
            blockNote = false;
        }

        void changeVersions(int count) {
            restore();
            for (int i = 0; i < count; i++) {
                any()[1] = version();
            }
        }

        void changeComments(int count) {
            restore();
            for (int i = 0; i < count; i++) {
                String[] channel = any();
                List<String> lines = linesBefore.computeIfAbsent(channel, c -> new ArrayList<>());
                switch (random.nextInt(4)) {
                    case 0 -> trailing.put(channel, TRAILING.get(random.nextInt(TRAILING.size())));
                    case 1 -> lines.add(random.nextInt(lines.size() + 1), LINES.get(random.nextInt(LINES.size())));
                    case 2 -> {
                        if (!lines.isEmpty()) {
                            lines.remove(random.nextInt(lines.size()));
                        }
                    }
                    default -> {
                        if (!lines.isEmpty()) {
                            lines.set(random.nextInt(lines.size()), LINES.get(random.nextInt(LINES.size())));
                        }
                    }
                }
            }
        }

        void changeShape() {
            restore();
            int pick = random.nextInt(9);
            String[] channel = any();
            switch (pick) {
                case 0 -> channel[0] = channel[0] + "x";
                case 1 -> channels.remove(channel);
                case 2 -> channel[2] = String.valueOf((Integer.parseInt(channel[2]) + 1) % 3);
                case 3 -> channel[3] = String.valueOf((Integer.parseInt(channel[3]) + 1) % 3);
                case 4 -> breakage = breakage.isEmpty() ? "  broken: {version: 1" : "";
                case 5 ->
                    channel[1] = List.of(
                                    "1.0.0 # c",
                                    "1.0.0: x",
                                    "[1.0.0]",
                                    "1.0.0,",
                                    "\"1.0.0",
                                    "1. 0.0",
                                    "{a: 1}",
                                    "1.0.0 2.0.0",
                                    "-1.0.0",
                                    ".1.0.0",
                                    "1.0.0'")
                            .get(random.nextInt(11));
                case 6 -> {
                    strange = true;
                    if (random.nextBoolean()) {
                        trailing.put(channel, STRANGE.get(random.nextInt(STRANGE.size())));
                    } else {
                        linesBefore
                                .computeIfAbsent(channel, c -> new ArrayList<>())
                                .add(STRANGE.get(random.nextInt(STRANGE.size())));
                    }
                }
                case 7 -> blockNote = true;
                default -> channels.add(new String[] {"added-" + random.nextInt(1000), version(), "0", "0"});
            }
            if (channels.isEmpty()) {
                channels.add(new String[] {"team-0/canary", version(), "0", "0"});
            }
        }

        byte[] bytes() {
            StringBuilder text = new StringBuilder(bom ? "\uFEFF" : "")
                    .append(comment)
                    .append(newline)
                    .append(plainFile ? "" : "x: &anchor 1" + newline)
                    .append("channels:")
                    .append(newline);
            for (String[] channel : channels) {
                for (String line : linesBefore.getOrDefault(channel, List.of())) {
                    text.append(line).append(newline);
                }
                String version = switch (channel[2]) {
                    case "1" -> "'" + channel[1] + "'";
                    case "2" -> "\"" + channel[1] + "\"";
                    default -> channel[1];
                };
                String end = trailing.getOrDefault(channel, "");
                switch (channel[3]) {
                    case "1" ->
                        text.append("  ")
                                .append(channel[0])
                                .append(": {version: ")
                                .append(version)
                                .append(", critical: false}")
                                .append(end)
                                .append(newline);
                    case "2" ->
                        text.append("  ")
                                .append(channel[0])
                                .append(":")
                                .append(end)
                                .append(newline)
                                .append("    critical: true   # keep")
                                .append(newline)
                                .append("    version: ")
                                .append(version)
                                .append("  ")
                                .append(comment)
                                .append(newline);
                    default ->
                        text.append("  ")
                                .append(channel[0])
                                .append(":")
                                .append(newline)
                                .append("    version: ")
                                .append(version)
                                .append(end)
                                .append(newline);
                }
                if (blockNote && channel == channels.get(0)) {
                    text.append("    note: |")
                            .append(newline)
                            .append("      # kept as text")
                            .append(newline)
                            .append(newline)
                            .append("      more")
                            .append(newline);
                }
            }
            text.append(breakage.isEmpty() ? "" : breakage + newline);
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
