// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import io.github.releasechannels.config.Problem;
import io.github.releasechannels.text.LogText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * GitHub Actions workflow commands ({@code ::error file=...,line=...,col=...,title=...::message}), one per finding,
 * so each problem and downgrade shows on its line of channels.yaml in the pull request; and one for a failure that
 * belongs to no line.
 */
public final class GitHubAnnotations {

    private GitHubAnnotations() {}

    /** @param workspace {@code GITHUB_WORKSPACE}, the checkout the annotation paths are relative to */
    public static List<String> lines(RunReport report, Path workspace) {
        List<String> lines = new ArrayList<>();
        for (Finding finding : report.findings()) {
            Problem problem = finding.problem();
            StringBuilder properties = new StringBuilder("file=")
                    .append(property(CiPaths.relative(report, problem.location(), workspace)));
            if (problem.location().line() > 0) {
                properties
                        .append(",line=")
                        .append(problem.location().line())
                        .append(",col=")
                        .append(problem.location().column());
            }
            properties.append(",title=").append(property(finding.title()));
            lines.add("::" + (finding.severity() == Severity.ERROR ? "error" : "warning") + " " + properties + "::"
                    + data(problem.message() + " — " + problem.fix()));
        }
        report.failure()
                .ifPresent(failure -> lines.add("::error title="
                        + property("release-channels:" + report.goal() + " failed") + "::" + data(failure)));
        return List.copyOf(lines);
    }

    /**
     * A command's message: each line escaped ({@link LogText#escapeLines}), then {@code %}, CR and LF as the Actions
     * runner unescapes them, so the plugin's own line breaks reach the annotation and nothing ends the command.
     */
    static String data(String text) {
        return percentEncoded(LogText.escapeLines(text));
    }

    /** A command's property value: escaped as one line, and also {@code :} and {@code ,}, which would end it. */
    static String property(String text) {
        return percentEncoded(LogText.escape(text)).replace(":", "%3A").replace(",", "%2C");
    }

    private static String percentEncoded(String text) {
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }
}
