// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.ExitCode;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.proxy.ProxySettings;
import io.github.releasechannels.publish.TargetOptions;
import io.github.releasechannels.report.ReportWriter;
import io.github.releasechannels.report.RunReport;
import io.github.releasechannels.resources.ClusterResources;
import io.github.releasechannels.testing.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The use cases run without Maven, as a command line would run them: typed settings in, the run's report out. */
class WorkflowTest {

    @TempDir
    Path project;

    private final RecordingLog log = new RecordingLog();
    private final List<String> askedServers = new ArrayList<>();

    private final RunEnvironment environment =
            new RunEnvironment(log, Map.of(), line -> {}, () -> ProxySettings.NONE, id -> {
                askedServers.add(id);
                return Optional.empty();
            });

    private Path channels(String yaml) throws Exception {
        return Files.writeString(project.resolve("channels.yaml"), yaml);
    }

    private Path validChannels() throws Exception {
        return channels("channels:\n  current:\n    version: 14.2.1\n  stable/cloud:\n    version: 14.3.0\n"
                + "    critical: true\n");
    }

    private RunSettings run(Path file) {
        return new RunSettings(
                file,
                Optional.of("  "),
                project,
                project.resolve("target"),
                Optional.of("none"),
                Optional.of(" "),
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
                Optional.of(" "));
    }

    private DeploySettings deploy(Path file, Optional<String> target, Optional<String> serverId, boolean offline) {
        return new DeploySettings(
                run(file),
                site(),
                target,
                serverId,
                false,
                "max-age=60",
                TargetOptions.defaults(),
                0,
                false,
                false,
                false,
                Optional.empty(),
                offline,
                project.resolve("target/work"));
    }

    @Test
    void generateRendersTheSiteAndReturnsTheReportItWrote() throws Exception {
        RunReport report = Generate.run(new GenerateSettings(run(validChannels()), site()), environment);

        assertTrue(report.succeeded(), report::toString);
        assertEquals("generate", report.goal());
        assertEquals(2, report.config().orElseThrow().channels().size());
        assertEquals("14.2.1", Files.readString(project.resolve("target/site/current/version")));
        assertTrue(Files.isRegularFile(project.resolve("target").resolve(ReportWriter.JSON_REPORT)));
        assertTrue(log.lines().contains("INFO   stable/cloud  14.3.0  CRITICAL"), log.lines()::toString);
    }

    @Test
    void invalidInputIsAUserProblemWithEveryProblemAndOnlyTheReportIsWritten() throws Exception {
        Path file = channels("channels:\n  current:\n    version: 14.2\n    critcal: true\n");

        UserProblemException e = assertThrows(
                UserProblemException.class, () -> Generate.run(new GenerateSettings(run(file), site()), environment));

        assertTrue(
                e.getMessage().startsWith("channels.yaml is not valid; nothing was written. 2 problems:"),
                e.getMessage());
        assertEquals(2, ((ChannelsFileException) e.getCause()).problems().size());
        assertEquals(ExitCode.USER, ExitCode.of(e));
        assertFalse(Files.exists(project.resolve("target/site")), "the site was written");
        assertTrue(Files.readString(project.resolve("target").resolve(ReportWriter.JSON_REPORT))
                .contains("\"line\": 3"));
    }

    @Test
    void deployPublishesToADirectoryAndReportsWhatItPublished() throws Exception {
        Path www = project.resolve("www");

        RunReport report =
                Deploy.run(deploy(validChannels(), Optional.of(www.toString()), Optional.empty(), false), environment);

        assertTrue(report.publish().isPresent(), report::toString);
        assertEquals("yes", Files.readString(www.resolve("stable/cloud/critical")));
        assertTrue(askedServers.isEmpty(), "no server id, no credentials asked for");
    }

    @Test
    void deployAsksTheFrontEndForTheServersCredentialsById() throws Exception {
        Deploy.run(
                deploy(validChannels(), Optional.of(project.resolve("www").toString()), Optional.of(" www "), false),
                environment);
        assertEquals(List.of("www"), askedServers);
    }

    @Test
    void offlineARemoteTargetIsRefusedBeforeAnythingIsSent() throws Exception {
        UserProblemException e = assertThrows(
                UserProblemException.class,
                () -> Deploy.run(
                        deploy(validChannels(), Optional.of("s3://bucket/teleport"), Optional.empty(), true),
                        environment));
        assertTrue(e.getMessage().startsWith("Cannot deploy to s3://bucket/teleport in offline mode"), e.getMessage());
        assertTrue(askedServers.isEmpty());
    }

    @Test
    void aSiteThatCannotBeWrittenIsAnEnvironmentProblemNamingWhatToCheck() throws Exception {
        Path blocker = Files.writeString(project.resolve("blocker"), "a file where a directory must be");
        SiteSettings blocked = new SiteSettings(
                blocker.resolve("site"),
                true,
                project.resolve("target/resources"),
                ClusterResources.CONFIG_NAME,
                ClusterResources.VERSION_NAME,
                Optional.empty());

        EnvironmentProblemException e = assertThrows(
                EnvironmentProblemException.class,
                () -> Generate.run(new GenerateSettings(run(validChannels()), blocked), environment));

        assertTrue(e.getMessage().contains("Check free space and permissions"), e.getMessage());
        assertEquals(ExitCode.ENVIRONMENT, ExitCode.of(e));
        assertTrue(
                Files.readString(project.resolve("target").resolve(ReportWriter.JSON_REPORT))
                        .contains("Cannot write the site to"),
                "the failure is in the report");
    }

    @Test
    void verifyWithoutABaseUrlSaysWhichParameterToSet() throws Exception {
        UserProblemException e = assertThrows(
                UserProblemException.class,
                () -> Verify.run(new VerifySettings(run(validChannels()), Optional.empty(), 0), environment));
        assertTrue(e.getMessage().startsWith("Set releaseChannels.baseUrl"), e.getMessage());
    }
}
