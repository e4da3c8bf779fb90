package io.github.releasechannels.report;

import static io.github.releasechannels.site.JsonText.quote;

import io.github.releasechannels.config.Problem;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.text.LogText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A GitLab Code Quality report (the CodeClimate issue format GitLab reads from {@code artifacts:reports:codequality}):
 * one issue per finding, so a merge request shows each problem and downgrade on its line.
 */
public final class GitLabCodeQuality {

    private GitLabCodeQuality() {
    }

    /** @param projectDir {@code CI_PROJECT_DIR}, the checkout the paths are relative to */
    public static String json(RunReport report, Path projectDir) {
        List<Finding> findings = report.findings();
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < findings.size(); i++) {
            Finding finding = findings.get(i);
            Problem problem = finding.problem();
            String path = CiPaths.relative(report, problem.location(), projectDir);
            String description = LogText.escape(problem.message() + " — " + problem.fix());
            json.append(i == 0 ? "\n" : ",\n")
                    .append("  {\"type\": \"issue\", \"check_name\": ").append(quote("release-channels/"
                            + finding.check()))
                    .append(", \"description\": ").append(quote(description))
                    .append(", \"categories\": [\"Bug Risk\"]")
                    .append(", \"severity\": ").append(quote(finding.severity() == Severity.ERROR ? "major" : "minor"))
                    .append(", \"fingerprint\": ").append(quote(fingerprint(finding.check(), path, problem.message())))
                    .append(", \"location\": {\"path\": ").append(quote(path))
                    .append(", \"lines\": {\"begin\": ").append(Math.max(1, problem.location().line())).append("}}}");
        }
        return json.append(findings.isEmpty() ? "]\n" : "\n]\n").toString();
    }

    /**
     * Stable across runs and line moves, so GitLab tells a problem the merge request adds from one it keeps: the
     * check, the file and the message, not the line.
     */
    static String fingerprint(String check, String path, String message) {
        return SiteFile.sha256((check + "\n" + path + "\n" + message).getBytes(StandardCharsets.UTF_8));
    }
}
