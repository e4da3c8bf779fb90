// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import io.github.releasechannels.model.SourceLocation;
import java.io.StringReader;
import java.util.Iterator;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Composes the text of a channels file into one YAML node tree, and turns SnakeYAML's exceptions into problems with
 * file, line and column.
 *
 * <p>The text is only <em>composed</em>, never constructed into objects, so no type tag can instantiate anything;
 * alias expansion and nesting depth are bounded so hostile files fail fast ({@link ChannelsFileText} bounds the
 * size). SnakeYAML tells a refused global tag and which limit was hit only in its messages: each fragment matched
 * below is pinned by ChannelsYamlLoaderTest, which feeds SnakeYAML the input producing it, so an upgrade that
 * rewords one fails a test instead of degrading the error.
 */
final class ChannelsYamlLoader {

    static final int MAX_ALIASES_FOR_COLLECTIONS = 20;
    static final int MAX_NESTING_DEPTH = 20;

    /** How SnakeYAML's composer starts the problem of a {@code !!java.class} tag, before the tag. */
    private static final String GLOBAL_TAG_PROBLEM = "Global tag is not allowed: ";
    /** In the message for more aliases to lists and mappings than {@link #MAX_ALIASES_FOR_COLLECTIONS}. */
    private static final String ALIASES_MESSAGE = "aliases";
    /** In the message for nesting deeper than {@link #MAX_NESTING_DEPTH}. */
    private static final String NESTING_MESSAGE = "Nesting Depth";

    private final YamlNodes nodes;

    ChannelsYamlLoader(YamlNodes nodes) {
        this.nodes = nodes;
    }

    /** The root node of the only document, or empty when there is none or a problem was reported. */
    Optional<Node> load(ChannelsFileText text) {
        Yaml yaml = new Yaml(new SafeConstructor(options()));
        try {
            Iterator<Node> documents =
                    yaml.composeAll(new StringReader(text.text())).iterator();
            if (!documents.hasNext()) {
                return Optional.empty();
            }
            Node first = documents.next();
            if (documents.hasNext()) {
                Node second = documents.next();
                nodes.problem(
                        second,
                        "the file holds more than one YAML document",
                        "remove the second document and its '---' line");
                return Optional.empty();
            }
            return Optional.of(first);
        } catch (MarkedYAMLException e) {
            nodes.problems.add(syntaxProblem(e));
        } catch (ReaderException e) {
            nodes.problems.add(new Problem(
                    text.locationOfCodePoint(e.getPosition()),
                    "the character U+" + String.format("%04X", e.getCodePoint())
                            + " is a control character YAML does not allow",
                    "remove it or write the value in double quotes with an escape"));
        } catch (YAMLException e) {
            nodes.problems.add(limitProblem(e));
        }
        return Optional.empty();
    }

    /** The loader's limits. */
    static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by the key checks, all at once, with both lines
        options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        // SnakeYAML's default of 3 MB would refuse large sites; the text has at most as many code points as the
        // file has bytes, so the decoder's bound keeps it within this one.
        options.setCodePointLimit(ChannelsFileParser.MAX_FILE_BYTES);
        options.setAllowRecursiveKeys(false);
        options.setProcessComments(false);
        return options;
    }

    private Problem syntaxProblem(MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String problem = e.getProblem();
        if (problem != null && problem.startsWith(GLOBAL_TAG_PROBLEM)) {
            return new Problem(
                    nodes.at(mark),
                    "the type tag '" + problem.substring(GLOBAL_TAG_PROBLEM.length()) + "' is not allowed",
                    YamlNodes.TAG_FIX);
        }
        return new Problem(
                nodes.at(mark),
                "YAML syntax error: " + describe(e),
                "fix the YAML syntax at this place (indentation, quotes, ':' after keys)");
    }

    private static String describe(MarkedYAMLException e) {
        String context = e.getContext();
        String problem = e.getProblem();
        if (context != null && problem != null) {
            return context + ", " + problem;
        }
        return problem != null ? problem : String.valueOf(context);
    }

    private Problem limitProblem(YAMLException e) {
        String message = String.valueOf(e.getMessage());
        SourceLocation file = SourceLocation.wholeFile(nodes.fileName);
        if (message.contains(ALIASES_MESSAGE)) {
            return new Problem(
                    file,
                    "the file uses more than " + MAX_ALIASES_FOR_COLLECTIONS
                            + " aliases to lists or mappings (a 'billion laughs' expansion)",
                    "write the values out instead of using '*' aliases");
        }
        if (message.contains(NESTING_MESSAGE)) {
            return new Problem(
                    file,
                    "the file nests more than " + MAX_NESTING_DEPTH + " levels deep",
                    "channels.yaml needs 3 levels; " + YamlNodes.FORMAT_HINT);
        }
        return new Problem(file, "the file cannot be read as YAML: " + message, "fix the YAML syntax");
    }
}
