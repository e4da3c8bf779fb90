package io.github.releasechannels.report;

import io.github.releasechannels.config.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * GitHub Actions workflow commands ({@code ::error file=...,line=...,col=...,title=...::message}), one per finding,
 * so each problem and downgrade shows on its line of channels.yaml in the pull request; and one for a failure that
 * belongs to no line.
 */
public final class GitHubAnnotations {

    private GitHubAnnotations() {
    }

    /** @param workspace {@code GITHUB_WORKSPACE}, the checkout the annotation paths are relative to */
    public static List<String> lines(RunReport report, Path workspace) {
        List<String> lines = new ArrayList<>();
        for (Finding finding : report.findings()) {
            Problem problem = finding.problem();
            StringBuilder properties = new StringBuilder("file=")
                    .append(property(CiPaths.relative(report, problem.location(), workspace)));
            if (problem.location().line() > 0) {
                properties.append(",line=").append(problem.location().line())
                        .append(",col=").append(problem.location().column());
            }
            properties.append(",title=").append(property(finding.title()));
            lines.add("::" + (finding.severity() == Severity.ERROR ? "error" : "warning") + " " + properties + "::"
                    + data(problem.message() + " — " + problem.fix()));
        }
        report.failure().ifPresent(failure -> lines.add("::error title="
                + property("release-channels:" + report.goal() + " failed") + "::" + data(failure)));
        return List.copyOf(lines);
    }

    /** A command's message: {@code %}, CR and LF escaped, as the Actions runner unescapes them. */
    static String data(String text) {
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** A command's property value: also {@code :} and {@code ,}, which would end it. */
    static String property(String text) {
        return data(text).replace(":", "%3A").replace(",", "%2C");
    }
}
