// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.failure.ExitCode;
import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.proxy.ProxySettings;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.PublishRefusedException;
import io.github.releasechannels.publish.PublishReport;
import io.github.releasechannels.publish.PublishRequest;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.PublisherFactory;
import io.github.releasechannels.publish.Publishers;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.TargetOptions;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.publish.file.DirectoryPublisherFactory;
import io.github.releasechannels.report.ReportWriter;
import io.github.releasechannels.report.RunReport;
import io.github.releasechannels.resources.ClusterResources;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.testing.RecordingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    /** Opens a target the way a test needs: waits, fails, or records the thread it ran on. */
    @FunctionalInterface
    private interface Opener {
        Publisher open(String target, TargetSettings settings) throws InvalidTargetException, IOException;
    }

    private static Publishers publishers(Opener opener) {
        return new Publishers(List.of(new PublisherFactory() {
            @Override
            public List<String> schemes() {
                return List.of("file");
            }

            @Override
            public String example() {
                return "file:///srv/www";
            }

            @Override
            public Publisher create(String target, TargetSettings settings) throws InvalidTargetException, IOException {
                return opener.open(target, settings);
            }
        }));
    }

    /** A directory publisher that counts down {@code closed} when it is closed. */
    private static Publisher closingInto(String target, TargetSettings settings, CountDownLatch closed)
            throws InvalidTargetException {
        Publisher directory = new DirectoryPublisherFactory().create(target, settings);
        return new Publisher() {
            @Override
            public String describe() {
                return directory.describe();
            }

            @Override
            public PublishReport publish(Site site, PublishRequest request)
                    throws IOException, PublishRefusedException {
                return directory.publish(site, request);
            }

            @Override
            public void close() throws IOException {
                directory.close();
                closed.countDown();
            }
        };
    }

    private Path invalidChannels() throws Exception {
        return channels("channels:\n  current:\n    version: 14.2\n");
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(30, TimeUnit.SECONDS), what);
    }

    @Test
    void deployOpensTheTargetOnAThreadOfItsOwnWhileReadingTheChannelsFile() throws Exception {
        Path www = project.resolve("www");
        List<String> openedOn = new CopyOnWriteArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);

        RunReport report = Deploy.run(
                deploy(validChannels(), Optional.of(www.toString()), Optional.of("www"), false),
                environment,
                publishers((target, settings) -> {
                    openedOn.add(Thread.currentThread().getName());
                    return closingInto(target, settings, closed);
                }));

        assertTrue(report.publish().isPresent(), report::toString);
        assertEquals("14.2.1", Files.readString(www.resolve("current/version")));
        assertEquals(List.of("release-channels-open-target"), openedOn);
        assertEquals(0, closed.getCount(), "the publisher is closed when the deploy ends");
        assertEquals(List.of("www"), askedServers, "the server's credentials are asked for once");
    }

    @Test
    void aBadChannelsFileFailsAsAUserProblemWithoutWaitingForTheTargetAndTheTargetIsClosed() throws Exception {
        CountDownLatch opening = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Path www = project.resolve("www");

        UserProblemException e = assertThrows(
                UserProblemException.class,
                () -> Deploy.run(
                        deploy(invalidChannels(), Optional.of(www.toString()), Optional.empty(), false),
                        environment,
                        publishers((target, settings) -> {
                            opening.countDown();
                            try {
                                release.await();
                            } catch (InterruptedException interrupted) {
                                Thread.currentThread().interrupt();
                            }
                            return closingInto(target, settings, closed);
                        })));

        assertTrue(e.getMessage().startsWith("channels.yaml is not valid; nothing was written."), e.getMessage());
        assertEquals(ExitCode.USER, ExitCode.of(e));
        // The open started beside the load and was still running when the bad file was reported.
        await(opening, "the target was being opened while channels.yaml was read");
        assertEquals(1, closed.getCount(), "the deploy did not wait for the target");
        release.countDown();
        await(closed, "the publisher opened for nothing is closed once its opening ends");
        assertFalse(Files.exists(www), "nothing was written");
    }

    @Test
    void aBadChannelsFileIsReportedAfterTheTargetFailedToOpen() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        Publishers unreachable = publishers((target, settings) -> {
            failed.countDown();
            throw new TargetException("the store is unreachable");
        });
        TargetSettings settings =
                new TargetSettings(Optional.empty(), TargetOptions.defaults(), Map.of(), project, Retry.defaults());

        // The open fails first, then the channels file is read and found bad: the file's problem is what is reported.
        UserProblemException e = assertThrows(
                UserProblemException.class,
                () -> GoalRun.run(
                        Goal.DEPLOY,
                        run(invalidChannels()),
                        environment,
                        goalRun -> {
                            TargetOpening opening = TargetOpening.start(
                                    unreachable,
                                    Optional.of(project.resolve("www").toString()),
                                    false,
                                    () -> settings);
                            try {
                                await(failed, "the open failed");
                            } catch (InterruptedException interrupted) {
                                throw new AssertionError(interrupted);
                            }
                            return opening;
                        },
                        (loaded, goalRun, opening) -> fail("a bad channels.yaml must stop the run")));

        assertTrue(e.getMessage().startsWith("channels.yaml is not valid; nothing was written."), e.getMessage());
        assertEquals(ExitCode.USER, ExitCode.of(e));
    }

    @Test
    void aBadChannelsFileIsReportedWhenTheTargetFailsToOpenAfterIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch failed = new CountDownLatch(1);

        UserProblemException e = assertThrows(
                UserProblemException.class,
                () -> Deploy.run(
                        deploy(
                                invalidChannels(),
                                Optional.of(project.resolve("www").toString()),
                                Optional.empty(),
                                false),
                        environment,
                        publishers((target, settings) -> {
                            try {
                                release.await();
                            } catch (InterruptedException interrupted) {
                                Thread.currentThread().interrupt();
                            }
                            failed.countDown();
                            throw new TargetException("the store is unreachable");
                        })));

        assertTrue(e.getMessage().startsWith("channels.yaml is not valid; nothing was written."), e.getMessage());
        release.countDown();
        await(failed, "the open failed after the run had ended, and nothing reported it");
    }

    @Test
    void aTargetThatFailsToOpenBesideAValidFileIsAnEnvironmentProblem() throws Exception {
        Path www = project.resolve("www");

        EnvironmentProblemException e = assertThrows(
                EnvironmentProblemException.class,
                () -> Deploy.run(
                        deploy(validChannels(), Optional.of(www.toString()), Optional.empty(), false),
                        environment,
                        publishers((target, settings) -> {
                            throw new TargetException("the store is unreachable");
                        })));

        assertTrue(e.getMessage().contains("stopped: the store is unreachable"), e.getMessage());
        assertEquals(ExitCode.ENVIRONMENT, ExitCode.of(e));
        assertFalse(Files.exists(www), "nothing was written");
    }
}
