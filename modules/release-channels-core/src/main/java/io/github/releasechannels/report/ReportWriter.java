// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Writes a run's reports where CI systems look for them: always {@value #JSON_REPORT} in the build directory; on
 * GitHub Actions the workflow commands on standard output and the job summary appended to
 * {@code $GITHUB_STEP_SUMMARY}; on GitLab CI {@value #CODE_QUALITY_REPORT} and, for verify, {@value #JUNIT_REPORT}.
 */
public final class ReportWriter {

    public static final String JSON_REPORT = "release-channels-report.json";
    public static final String CODE_QUALITY_REPORT = "gl-code-quality-report.json";
    public static final String JUNIT_REPORT = "release-channels-junit.xml";

    private final Path buildDirectory;
    private final Map<String, String> environment;
    private final Consumer<String> stdout;

    /**
     * @param buildDirectory where report files go ({@code target})
     * @param environment    the process environment, for {@code GITHUB_STEP_SUMMARY}, {@code GITHUB_WORKSPACE} and
     *                       {@code CI_PROJECT_DIR}
     * @param stdout         where workflow commands go: standard output, not a log with a level prefix
     */
    public ReportWriter(Path buildDirectory, Map<String, String> environment, Consumer<String> stdout) {
        this.buildDirectory = buildDirectory;
        this.environment = Map.copyOf(environment);
        this.stdout = stdout;
    }

    /** @return the files written or appended to */
    public List<Path> write(RunReport report, CiSystem ci) throws IOException {
        List<Path> written = new ArrayList<>();
        written.add(replace(buildDirectory.resolve(JSON_REPORT), JsonReport.json(report)));
        switch (ci) {
            case GITHUB -> {
                GitHubAnnotations.lines(report, root("GITHUB_WORKSPACE")).forEach(stdout);
                Optional<Path> summary = variable("GITHUB_STEP_SUMMARY").map(Path::of);
                if (summary.isPresent()) {
                    Files.writeString(
                            summary.get(),
                            GitHubSummary.markdown(report),
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                    written.add(summary.get());
                }
            }
            case GITLAB -> {
                written.add(replace(
                        buildDirectory.resolve(CODE_QUALITY_REPORT),
                        GitLabCodeQuality.json(report, root("CI_PROJECT_DIR"))));
                if (report.verify().isPresent()) {
                    written.add(replace(
                            buildDirectory.resolve(JUNIT_REPORT),
                            JUnitReport.xml(report.verify().get())));
                }
            }
            case NONE -> {}
        }
        return written;
    }

    private Optional<String> variable(String name) {
        return Optional.ofNullable(environment.get(name)).filter(value -> !value.isBlank());
    }

    /** The CI's checkout, that paths are shown relative to; the working directory when the CI does not say. */
    private Path root(String variable) {
        return variable(variable).map(Path::of).orElse(Path.of("").toAbsolutePath());
    }

    /** Written beside, then moved over the old one: a reader never sees half a report. */
    private static Path replace(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
