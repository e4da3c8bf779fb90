package io.github.releasechannels.source;

import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Source;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads and validates a channels file from disk or from a git ref: the first step of every goal. */
public final class ChannelsLoader {

    /** A validated configuration and where it came from. */
    public record Loaded(ChannelsConfig config, Source source) {
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
        ChannelsSource.Content content = ref.isPresent()
                ? source.readAtRef(file, ref.get())
                : source.readWorkingTree(file);
        return new Loaded(parser.parse(content.bytes(), content.source().file()), content.source());
    }
}
