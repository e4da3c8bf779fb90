// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import io.github.releasechannels.model.SourceLocation;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The bytes of a channels file as text: bounded in size, strict UTF-8, a byte order mark dropped. It also turns the
 * character offsets later stages report into lines and columns.
 */
final class ChannelsFileText {

    private static final String SIZE_FIX = "even 100,000 channels take about 6 MiB; check that this is the right file";
    private static final String ENCODING_FIX = "save the file as UTF-8";

    private final String fileName;
    private final String text;

    private ChannelsFileText(String fileName, String text) {
        this.fileName = fileName;
        this.text = text;
    }

    /**
     * The text of {@code content}, or empty with the problem reported when it is too large or not UTF-8.
     *
     * @param nodes where the problem goes, and the file name it names
     */
    static Optional<ChannelsFileText> decode(byte[] content, YamlNodes nodes) {
        if (content.length > ChannelsFileParser.MAX_FILE_BYTES) {
            // Readers stop one byte past the limit, so the size itself is not known here.
            nodes.fileProblem(
                    "the file is larger than the limit of " + ChannelsFileParser.MAX_FILE_BYTES + " bytes", SIZE_FIX);
            return Optional.empty();
        }
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(content);
        try {
            String text = decoder.decode(bytes).toString();
            String withoutMark = text.startsWith("\uFEFF") ? text.substring(1) : text;
            return Optional.of(new ChannelsFileText(nodes.fileName, withoutMark));
        } catch (MalformedInputException e) {
            int offset = bytes.position();
            nodes.problems.add(new Problem(
                    locationOfByte(nodes.fileName, content, offset),
                    "byte 0x" + String.format("%02X", content[offset] & 0xFF) + " is not valid UTF-8",
                    ENCODING_FIX));
        } catch (CharacterCodingException e) {
            nodes.fileProblem("the file is not valid UTF-8", ENCODING_FIX);
        }
        return Optional.empty();
    }

    /** The decoded text, without a byte order mark. */
    String text() {
        return text;
    }

    /** Where the code point at {@code codePointOffset} of {@link #text()} stands. */
    SourceLocation locationOfCodePoint(int codePointOffset) {
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

    /** Where the byte at {@code offset} stands; the bytes before it decode, as the decoder stopped there. */
    private static SourceLocation locationOfByte(String fileName, byte[] content, int offset) {
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
}
