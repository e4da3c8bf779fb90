// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import static io.github.releasechannels.site.JsonOutput.Layout.INLINE;
import static io.github.releasechannels.site.JsonOutput.Layout.LINES;

import io.github.releasechannels.config.Problem;
import io.github.releasechannels.site.JsonOutput;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.text.LogText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A GitLab Code Quality report (the CodeClimate issue format GitLab reads from {@code artifacts:reports:codequality}):
 * one issue per finding, so a merge request shows each problem and downgrade on its line.
 */
public final class GitLabCodeQuality {

    private GitLabCodeQuality() {}

    /** @param projectDir {@code CI_PROJECT_DIR}, the checkout the paths are relative to */
    public static String json(RunReport report, Path projectDir) {
        JsonOutput json = new JsonOutput().beginArray(LINES);
        for (Finding finding : report.findings()) {
            Problem problem = finding.problem();
            String path = CiPaths.relative(report, problem.location(), projectDir);
            String description = LogText.escape(problem.message() + " — " + problem.fix());
            json.beginObject(INLINE)
                    .name("type")
                    .string("issue")
                    .name("check_name")
                    .string("release-channels/" + finding.check())
                    .name("description")
                    .string(description)
                    .name("categories")
                    .beginArray(INLINE)
                    .string("Bug Risk")
                    .endArray()
                    .name("severity")
                    .string(finding.severity() == Severity.ERROR ? "major" : "minor")
                    .name("fingerprint")
                    .string(fingerprint(finding.check(), path, problem.message()))
                    .name("location")
                    .beginObject(INLINE)
                    .name("path")
                    .string(path)
                    .name("lines")
                    .beginObject(INLINE)
                    .name("begin")
                    .number(Math.max(1, problem.location().line()))
                    .endObject()
                    .endObject()
                    .endObject();
        }
        return json.endArray().text();
    }

    /**
     * Stable across runs and line moves, so GitLab tells a problem the merge request adds from one it keeps: the
     * check, the file and the message, not the line.
     */
    static String fingerprint(String check, String path, String message) {
        return SiteFile.sha256((check + "\n" + path + "\n" + message).getBytes(StandardCharsets.UTF_8));
    }
}
