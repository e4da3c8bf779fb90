// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.model.PipelineState;
import io.github.releasechannels.promote.PromotionPlan;
import io.github.releasechannels.proxy.ProxySettings;
import io.github.releasechannels.publish.TargetOptions;
import io.github.releasechannels.report.PromotionsReport;
import io.github.releasechannels.report.ReportWriter;
import io.github.releasechannels.report.RunReport;
import io.github.releasechannels.resources.ClusterResources;
import io.github.releasechannels.testing.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline as the goals show it: the status page from the commit and its history alone, the report and the log
 * at the run's instant, and a history that cannot be read said instead of failing the goal.
 */
class PromotionsShownTest {

    private static final String CHANNELS = """
            channels:
              canary:
                version: %s
              current:
                version: 17.2.1
                promote: {from: canary, after: 48h}
            """;

    private static final DateTimeFormatter PAGE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    @TempDir
    Path project;

    private final RecordingLog log = new RecordingLog();
    private final RunEnvironment environment =
            new RunEnvironment(log, Map.of(), line -> {}, () -> ProxySettings.NONE, id -> Optional.empty());

    private RunSettings run() {
        return new RunSettings(
                project.resolve("channels.yaml"),
                Optional.empty(),
                project,
                project.resolve("target"),
                Optional.of("none"),
                Optional.empty(),
                Optional.empty(),
                false);
    }

    private SiteSettings site() {
        return new SiteSettings(
                project.resolve("target/site"),
                true,
                project.resolve("target/resources"),
                ClusterResources.CONFIG_NAME,
                ClusterResources.VERSION_NAME,
                Optional.empty());
    }

    /** Commits channels.yaml with {@code canary} at {@code version}, at {@code time}. */
    private void commit(Git git, String version, Instant time) throws Exception {
        Files.writeString(project.resolve("channels.yaml"), CHANNELS.formatted(version));
        git.add().addFilepattern("channels.yaml").call();
        PersonIdent ident = new PersonIdent("Release Engineer", "release@example.invalid", time, ZoneOffset.UTC);
        git.commit()
                .setMessage("canary " + version)
                .setAuthor(ident)
                .setCommitter(ident)
                .setSign(false)
                .call();
    }

    private String page() throws Exception {
        return Files.readString(project.resolve("target/site/index.html"));
    }

    /**
     * Two generates of one commit, at two instants, write the same page byte for byte, and that page has since when
     * and when due; only the report, which is of its instant, differs.
     */
    @Test
    void oneCommitRendersTheSamePageWithSinceAndDueAtAnyInstant() throws Exception {
        Instant moved = Instant.now().minus(10, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        try (Git git = Git.init()
                .setDirectory(project.toFile())
                .setInitialBranch("main")
                .call()) {
            commit(git, "17.2.1", moved.minus(30, ChronoUnit.DAYS));
            commit(git, "17.3.0", moved);
        }

        RunReport first = Generate.run(new GenerateSettings(run(), site()), environment);
        byte[] firstPage = Files.readAllBytes(project.resolve("target/site/index.html"));
        String firstJson = Files.readString(project.resolve("target").resolve(ReportWriter.JSON_REPORT));
        RunReport second = Generate.run(new GenerateSettings(run(), site()), environment);

        assertArrayEquals(firstPage, Files.readAllBytes(project.resolve("target/site/index.html")));
        String page = page();
        assertTrue(page.contains("<time datetime=\"" + moved + "\">" + PAGE_TIME.format(moved) + "</time>"), page);
        Instant due = moved.plus(48, ChronoUnit.HOURS);
        assertTrue(page.contains("<time datetime=\"" + due + "\">" + PAGE_TIME.format(due) + "</time>"), page);
        PromotionsReport promotions = first.promotions().orElseThrow();
        assertTrue(
                second.promotions()
                        .orElseThrow()
                        .plan()
                        .at()
                        .isAfter(promotions.plan().at()),
                "each run's plan is of its own instant");
        assertEquals(
                PromotionPlan.Reason.SOAKING,
                ((PromotionPlan.Waiting) promotions.plan().steps().get(0)).reason());
        assertTrue(firstJson.contains("\"status\": \"soaks\""), firstJson);
        assertTrue(firstJson.contains("\"step\": \"waiting\", \"waits_for\": \"soaking\""), firstJson);
        assertTrue(log.contains("current waits: canary has served 17.3.0 for 10 h of 48 h"), log::toString);
    }

    /** A deploy outside git publishes: the page and the report say why since when is not known. */
    @Test
    void aDeployOutsideGitPublishesAndSaysTheHistoryIsNotKnown() throws Exception {
        Files.writeString(project.resolve("channels.yaml"), CHANNELS.formatted("17.3.0"));
        Path www = project.resolve("www");

        RunReport report = Deploy.run(
                new DeploySettings(
                        run(),
                        site(),
                        Optional.of(www.toString()),
                        Optional.empty(),
                        false,
                        "max-age=60",
                        TargetOptions.defaults(),
                        0,
                        false,
                        false,
                        false,
                        Optional.empty(),
                        false,
                        project.resolve("target/work")),
                environment);

        assertTrue(report.succeeded(), report::toString);
        assertEquals("17.3.0", Files.readString(www.resolve("canary/version")));
        String page = Files.readString(www.resolve("index.html"));
        assertTrue(
                page.contains("<p class=\"warning\">Since when and when due are not shown: channels.yaml is not in the "
                        + "work tree of a git repository.</p>"),
                page);
        PipelineState state = report.promotions().orElseThrow().pipeline();
        assertEquals(
                Optional.of("channels.yaml is not in the work tree of a git repository"), state.historyUnavailable());
        assertEquals(PipelineState.Status.UNPROVEN, state.stages().get(0).status());
        assertTrue(Files.readString(project.resolve("target").resolve(ReportWriter.JSON_REPORT))
                .contains(
                        "\"history_unavailable\": \"channels.yaml is not in the work tree of a git " + "repository\""));
    }

    /** A file without promotions reads no history and reports none. */
    @Test
    void withoutPromotionsNothingIsReadOrReported() throws Exception {
        Files.writeString(project.resolve("channels.yaml"), "channels:\n  current: {version: 17.2.1}\n");

        RunReport report = Generate.run(new GenerateSettings(run(), site()), environment);

        assertEquals(Optional.empty(), report.promotions());
        assertFalse(page().contains("Promotions"));
        assertTrue(Files.readString(project.resolve("target").resolve(ReportWriter.JSON_REPORT))
                .contains("\"promotions\": null"));
    }

    /** Promote reports the plan it made and the pipeline it read, with the instant it was asked for. */
    @Test
    void promoteReportsThePlanItMadeAndThePipeline() throws Exception {
        Instant moved = Instant.parse("2026-12-07T10:00:00Z");
        try (Git git = Git.init()
                .setDirectory(project.toFile())
                .setInitialBranch("main")
                .call()) {
            commit(git, "17.2.1", moved.minus(30, ChronoUnit.DAYS));
            commit(git, "17.3.0", moved);
        }

        RunReport report =
                Promote.run(new PromoteSettings(run(), false, false, Optional.of("2026-12-09T11:00:00Z")), environment);

        PromotionsReport promotions = report.promotions().orElseThrow();
        assertEquals(Instant.parse("2026-12-09T11:00:00Z"), promotions.plan().at());
        assertEquals(1, promotions.plan().due().size());
        assertEquals(
                moved,
                promotions.pipeline().stages().get(0).since().orElseThrow().at());
        assertFalse(promotions.servingChecked());
        String json = Files.readString(project.resolve("target").resolve(ReportWriter.JSON_REPORT));
        assertTrue(json.contains("\"at\": \"2026-12-09T11:00:00Z\""), json);
        assertTrue(json.contains("\"now\": {\"step\": \"due\""), json);
    }
}
