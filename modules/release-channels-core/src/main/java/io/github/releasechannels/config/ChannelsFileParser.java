// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import io.github.releasechannels.model.ChannelsConfig;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code channels.yaml} format 1 into a {@link ChannelsConfig}, reporting every problem at once.
 *
 * <p>Each stage has its own class: {@link ChannelsFileText} decodes the bytes, {@link ChannelsYamlLoader} composes
 * them into a bounded node tree, and {@link ChannelsDocument} checks the keys and applies the rules of each section
 * ({@link ChannelRules}, {@link MaintenanceRules}, {@link ManagedUpdatesParser}), all reporting into one
 * {@link YamlNodes}.
 */
public final class ChannelsFileParser {

    /**
     * Larger files are refused before parsing. 100,000 channels of three short lines each take about 6 MiB, so a
     * site of that size fits with room for longer names and comments, and a stray large file still fails fast.
     */
    public static final int MAX_FILE_BYTES = 16 * 1024 * 1024;
    /** A channel name longer than this is refused. */
    public static final int MAX_CHANNEL_NAME_LENGTH = 128;

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
        YamlNodes nodes = new YamlNodes(fileName);
        Optional<ChannelsConfig> config = Optional.empty();
        Optional<ChannelsFileText> text = ChannelsFileText.decode(content, nodes);
        if (text.isPresent()) {
            Optional<Node> root = new ChannelsYamlLoader(nodes).load(text.get());
            if (nodes.problems.isEmpty()) {
                config = new ChannelsDocument(nodes).read(root);
            }
        }
        if (!nodes.problems.isEmpty()) {
            throw new ChannelsFileException(nodes.problems);
        }
        return new Parsed(config.orElseThrow(), Problem.inFileOrder(nodes.warnings));
    }
}
