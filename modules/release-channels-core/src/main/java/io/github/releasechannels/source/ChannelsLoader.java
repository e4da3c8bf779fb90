// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.source;

import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.config.Problem;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Source;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads and validates a channels file from disk or from a git ref: the first step of every goal. */
public final class ChannelsLoader {

    /**
     * A validated configuration, where it came from, and what in it is allowed but probably not meant.
     */
    public record Loaded(ChannelsConfig config, Source source, List<Problem> warnings) {
        public Loaded {
            warnings = List.copyOf(warnings);
        }

        /** A configuration without warnings. */
        public Loaded(ChannelsConfig config, Source source) {
            this(config, source, List.of());
        }
    }

    private final ChannelsSource source;
    private final ChannelsFileParser parser = new ChannelsFileParser();

    public ChannelsLoader(Path baseDirectory) {
        this.source = new ChannelsSource(baseDirectory);
    }

    /** How {@code file} is named in messages and reports. */
    public String displayName(Path file) {
        return source.displayName(file);
    }

    /**
     * @param file the channels file
     * @param ref  a git ref to read the file from, or empty for the working tree
     * @throws ChannelsFileException listing every problem with the file or the ref
     * @throws IOException           when the file or the repository cannot be read
     */
    public Loaded load(Path file, Optional<String> ref) throws IOException, ChannelsFileException {
        ChannelsSource.Content content =
                ref.isPresent() ? source.readAtRef(file, ref.get()) : source.readWorkingTree(file);
        ChannelsFileParser.Parsed parsed =
                parser.read(content.bytes(), content.source().file());
        return new Loaded(parsed.config(), content.source(), parsed.warnings());
    }
}
