// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.site;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The one writer of the JSON this plugin produces, on jackson-core's generator: each object or array is laid out
 * on {@link Layout#LINES} (an entry a line, indented two spaces a level) or {@link Layout#INLINE}
 * ({@code {"a": 1, "b": [2, 3]}}), so a file reads as a table and its bytes stay as they were written before.
 */
public final class JsonOutput {

    /** How a container lays out its entries. */
    public enum Layout {
        LINES,
        INLINE
    }

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final StringWriter text = new StringWriter();
    private final Printer printer = new Printer();
    private final JsonGenerator generator;

    public JsonOutput() {
        try {
            generator = FACTORY.createGenerator(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        generator.setPrettyPrinter(printer);
    }

    /** Starts an object laid out as {@code layout}, as a value or as the value of the last {@link #name}. */
    public JsonOutput beginObject(Layout layout) {
        printer.next = layout;
        return write(() -> generator.writeStartObject());
    }

    public JsonOutput endObject() {
        return write(() -> generator.writeEndObject());
    }

    /** Starts an array laid out as {@code layout}. */
    public JsonOutput beginArray(Layout layout) {
        printer.next = layout;
        return write(() -> generator.writeStartArray());
    }

    public JsonOutput endArray() {
        return write(() -> generator.writeEndArray());
    }

    public JsonOutput name(String name) {
        return write(() -> generator.writeFieldName(name));
    }

    public JsonOutput string(String value) {
        return write(() -> generator.writeString(value));
    }

    /** A string, or {@code null} when {@code value} is. */
    public JsonOutput stringOrNull(String value) {
        return value == null ? nullValue() : string(value);
    }

    public JsonOutput number(long value) {
        return write(() -> generator.writeNumber(value));
    }

    public JsonOutput bool(boolean value) {
        return write(() -> generator.writeBoolean(value));
    }

    public JsonOutput nullValue() {
        return write(() -> generator.writeNull());
    }

    /** The document, ending with a newline. */
    public String text() {
        write(() -> generator.flush());
        return text + "\n";
    }

    private interface Write {
        void run() throws IOException;
    }

    private JsonOutput write(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        return this;
    }

    /** Separators and line breaks by the layout of the container they are in. */
    private static final class Printer implements PrettyPrinter {

        private final Deque<Layout> open = new ArrayDeque<>();
        private Layout next = Layout.INLINE;

        private boolean lines() {
            return open.peek() == Layout.LINES;
        }

        private void newLine(JsonGenerator g, int depth) throws IOException {
            g.writeRaw('\n');
            g.writeRaw(" ".repeat(2 * depth));
        }

        private void start(JsonGenerator g, char brace) throws IOException {
            g.writeRaw(brace);
            open.push(next);
            next = Layout.INLINE;
        }

        private void end(JsonGenerator g, int entries, char brace) throws IOException {
            boolean wasLines = lines();
            open.pop();
            if (wasLines && entries > 0) {
                newLine(g, open.size());
            }
            g.writeRaw(brace);
        }

        private void first(JsonGenerator g) throws IOException {
            if (lines()) {
                newLine(g, open.size());
            }
        }

        private void separator(JsonGenerator g) throws IOException {
            g.writeRaw(',');
            if (lines()) {
                newLine(g, open.size());
            } else {
                g.writeRaw(' ');
            }
        }

        @Override
        public void writeRootValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw('\n');
        }

        @Override
        public void writeStartObject(JsonGenerator g) throws IOException {
            start(g, '{');
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            end(g, entries, '}');
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            separator(g);
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            start(g, '[');
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            end(g, values, ']');
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            separator(g);
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            first(g);
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) throws IOException {
            first(g);
        }
    }
}
