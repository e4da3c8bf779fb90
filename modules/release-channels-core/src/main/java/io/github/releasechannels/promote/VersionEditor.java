// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.config.Problem;
import io.github.releasechannels.config.VersionScalars;
import io.github.releasechannels.config.VersionScalars.Scalar;
import io.github.releasechannels.config.VersionScalars.ScalarChange;
import io.github.releasechannels.config.VersionScalars.Style;
import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.SourceLocation;
import io.github.releasechannels.model.Version;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sets the versions of some channels in the text of a channels file and changes nothing else: every other byte,
 * comments, order, line endings (CRLF too) and the version scalars' own style (plain, single- or double-quoted, a
 * leading {@code v}) stay as they are. The positions come from the YAML parser, not from searching the text.
 *
 * <p>The result is read back before it is returned: it must be a valid channels file, the same YAML event for
 * event but for the edited versions, with every channel at the version intended. Anything else is refused.
 */
public final class VersionEditor {

    private VersionEditor() {}

    /**
     * The file with each channel of {@code versions} at its version.
     *
     * @param content  the channels file's bytes, valid
     * @param fileName how messages name the file
     * @param versions the new version of each channel to change
     * @throws VersionEditException when the file is not valid, a version cannot be edited in place, or the edit
     *                              would change anything else; the problems say where and why
     */
    public static byte[] edit(byte[] content, String fileName, Map<String, Version> versions)
            throws VersionEditException {
        ChannelsConfig before = parse(content, fileName, "the channels file is not valid, so nothing is promoted");
        VersionScalars scalars = VersionScalars.read(content, versions.keySet());
        List<Problem> problems = new ArrayList<>();
        List<Edit> edits = new ArrayList<>();
        for (Map.Entry<String, Version> change : versions.entrySet()) {
            String channel = change.getKey();
            Optional<Channel> declared = before.channel(channel);
            if (declared.isEmpty()) {
                problems.add(new Problem(
                        SourceLocation.wholeFile(fileName),
                        "channel '" + channel + "' is not declared",
                        "promote only channels of the file"));
                continue;
            }
            Optional<Scalar> scalar = scalars.scalar(channel);
            if (scalar.isEmpty() || scalar.get().prefixed() || scalar.get().style() == Style.BLOCK) {
                problems.add(new Problem(
                        scalar.map(s -> location(fileName, s))
                                .orElse(declared.get().location()),
                        "the version of channel '" + channel + "' is written "
                                + (scalar.isEmpty()
                                        ? "as an alias of another value"
                                        : scalar.get().prefixed() ? "with an anchor or a tag" : "as a block scalar")
                                + ", which promote does not edit",
                        "write it as a plain or quoted value, such as " + "'version: "
                                + declared.get().version() + "'"));
                continue;
            }
            if (!Version.parse(text(content, scalar.get()))
                    .equals(Optional.of(declared.get().version()))) {
                problems.add(new Problem(
                        location(fileName, scalar.get()),
                        "the version of channel '" + channel + "' is written with escapes",
                        "write it as " + declared.get().version()));
                continue;
            }
            if (!declared.get().version().equals(change.getValue())) {
                edits.add(new Edit(channel, scalar.get(), change.getValue()));
            }
        }
        if (!problems.isEmpty()) {
            throw new VersionEditException(problems);
        }
        byte[] edited = splice(content, edits);
        verify(before, edited, fileName, versions, edits, content);
        return edited;
    }

    /** Reads {@code edited} back as {@link #edit} does, for tests that hand it a result that is not the edit. */
    static void readBack(byte[] content, byte[] edited, String fileName, Map<String, Version> versions)
            throws VersionEditException {
        ChannelsConfig before = parse(content, fileName, "the channels file is not valid");
        VersionScalars scalars = VersionScalars.read(content, versions.keySet());
        List<Edit> edits = versions.entrySet().stream()
                .filter(change ->
                        !before.channel(change.getKey()).orElseThrow().version().equals(change.getValue()))
                .map(change -> new Edit(
                        change.getKey(), scalars.scalar(change.getKey()).orElseThrow(), change.getValue()))
                .toList();
        verify(before, edited, fileName, versions, edits, content);
    }

    /** One version scalar to rewrite. */
    private record Edit(String channel, Scalar scalar, Version version) {}

    private static byte[] splice(byte[] content, List<Edit> edits) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 16 * edits.size());
        int position = 0;
        for (Edit edit : edits.stream()
                .sorted(Comparator.comparingInt(e -> e.scalar().start()))
                .toList()) {
            Scalar scalar = edit.scalar();
            out.write(content, position, scalar.start() - position);
            out.writeBytes(written(content, scalar, edit.version()).getBytes(StandardCharsets.UTF_8));
            position = scalar.end();
        }
        out.write(content, position, content.length - position);
        return out.toByteArray();
    }

    /** {@code version} written as the old scalar is: the same quotes, and a leading {@code v} when it had one. */
    private static String written(byte[] content, Scalar scalar, Version version) {
        String quote = switch (scalar.style()) {
            case SINGLE_QUOTED -> "'";
            case DOUBLE_QUOTED -> "\"";
            default -> "";
        };
        boolean prefixV = content[scalar.start() + quote.length()] == 'v';
        return quote + (prefixV ? "v" : "") + version + quote;
    }

    /** The edited file must be valid, the same YAML but for the edited versions, every channel as intended. */
    private static void verify(
            ChannelsConfig before,
            byte[] edited,
            String fileName,
            Map<String, Version> versions,
            List<Edit> edits,
            byte[] content)
            throws VersionEditException {
        ChannelsConfig after = parse(edited, fileName, "the edited file would not be valid; nothing was written");
        Optional<List<ScalarChange>> changes = VersionScalars.scalarChanges(content, edited);
        List<ScalarChange> intended = edits.stream()
                .sorted(Comparator.comparingInt(e -> e.scalar().start()))
                .map(edit -> new ScalarChange(
                        text(content, edit.scalar()),
                        written(content, edit.scalar(), edit.version()).replaceAll("^['\"]|['\"]$", "")))
                .toList();
        List<String> wrong = new ArrayList<>();
        if (changes.isEmpty() || !changes.get().equals(intended)) {
            wrong.add("the edit would change more than the versions "
                    + changes.map(List::toString).orElse("(the YAML structure)"));
        }
        for (Channel channel : before.channels()) {
            Version expected = versions.getOrDefault(channel.name(), channel.version());
            Optional<Version> got = after.channel(channel.name()).map(Channel::version);
            if (!got.equals(Optional.of(expected))) {
                wrong.add("channel '" + channel.name() + "' would be "
                        + got.map(Version::toString).orElse("gone") + ", not " + expected);
            }
        }
        if (after.channels().size() != before.channels().size()) {
            wrong.add("the edit would change the channels declared");
        }
        if (!wrong.isEmpty()) {
            throw new VersionEditException(List.of(new Problem(
                    SourceLocation.wholeFile(fileName),
                    "the edited file does not read back as the intended promotion: " + String.join("; ", wrong),
                    "nothing was written; edit the versions by hand and report this with the file")));
        }
    }

    private static String text(byte[] content, Scalar scalar) {
        boolean quoted = scalar.style() == Style.SINGLE_QUOTED || scalar.style() == Style.DOUBLE_QUOTED;
        int start = scalar.start() + (quoted ? 1 : 0);
        int end = scalar.end() - (quoted ? 1 : 0);
        return new String(content, start, end - start, StandardCharsets.UTF_8);
    }

    private static ChannelsConfig parse(byte[] content, String fileName, String context) throws VersionEditException {
        try {
            return new ChannelsFileParser().parse(content, fileName);
        } catch (ChannelsFileException e) {
            List<Problem> problems = new ArrayList<>();
            problems.add(new Problem(SourceLocation.wholeFile(fileName), context, "fix the problems below first"));
            problems.addAll(e.problems());
            throw new VersionEditException(problems);
        }
    }

    private static SourceLocation location(String fileName, Scalar scalar) {
        return new SourceLocation(fileName, scalar.line(), scalar.column());
    }
}
