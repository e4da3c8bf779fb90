// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import io.github.releasechannels.publish.OptionReader;
import io.github.releasechannels.publish.OptionsKind;
import io.github.releasechannels.publish.TargetUri;
import io.github.releasechannels.workflow.Options;
import java.util.Arrays;

/**
 * The git target's own options.
 *
 * @param directory     the folder of the branch the site lives in ({@link Options#GIT_DIRECTORY}): {@code ""} for the root,
 *                      else a plain tree path ending in {@code /}
 * @param tokenVariable the environment variable holding an HTTPS token ({@link Options#GIT_TOKEN_VARIABLE})
 */
public record GitOptions(String directory, String tokenVariable) {

    public static final String DIRECTORY = Options.key(Options.GIT_DIRECTORY);
    public static final String TOKEN_VARIABLE = Options.key(Options.GIT_TOKEN_VARIABLE);
    public static final String DEFAULT_TOKEN_VARIABLE = TargetUri.DEFAULT_GIT_TOKEN_VARIABLE;

    public static final GitOptions DEFAULTS = new GitOptions("", DEFAULT_TOKEN_VARIABLE);

    /** How {@link GitPublisherFactory} has these options read. */
    public static final OptionsKind<GitOptions> KIND = new OptionsKind<>(GitOptions.class, GitOptions::parse);

    public static GitOptions parse(OptionReader options) {
        String directory =
                options.value(DIRECTORY).map(value -> directory(value, options)).orElse("");
        return new GitOptions(directory, options.value(TOKEN_VARIABLE).orElse(DEFAULT_TOKEN_VARIABLE));
    }

    /** The folder as a tree path prefix: no leading slash, one trailing slash, no '.' or '..' parts. */
    private static String directory(String option, OptionReader options) {
        if (option.equals("/")) {
            return "";
        }
        String trimmed = option.replaceAll("^/+|/+$", "");
        // Beyond the segment rule of every target: git's own folder and a Windows separator.
        boolean gitsOwn = Arrays.stream(trimmed.split("/")).anyMatch(segment -> segment.equalsIgnoreCase(".git"));
        if (TargetUri.segmentProblem(trimmed).isPresent() || gitsOwn || trimmed.contains("\\")) {
            options.problem(
                    option,
                    OptionReader.PREFIX + DIRECTORY + " '" + option + "' is not a plain folder "
                            + "path; write e.g. 'updates' or 'docs/updates' (no '.', '..', '.git', '\\' or control "
                            + "characters)");
            return "";
        }
        return trimmed + "/";
    }
}
