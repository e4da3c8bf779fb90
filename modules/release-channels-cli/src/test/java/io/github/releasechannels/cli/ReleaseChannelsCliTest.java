// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.failure.ExitCode;
import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.testing.RecordingHttpProxy;
import io.github.releasechannels.testing.TestHttpsServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every goal through the command line's entry on a copy of sample-repo, with the exit code it returns. */
@RealServer
class ReleaseChannelsCliTest {

    @TempDir
    Path directory;

    @Test
    void checkAcceptsTheSample() throws IOException {
        Sample.Result result = Sample.run(Sample.copy(directory), "check");

        assertEquals(ExitCode.SUCCESS, result.exitCode(), result::toString);
        assertTrue(Files.isRegularFile(directory.resolve("target/release-channels-report.json")), result::toString);
    }

    @Test
    void checkNamesTheBadLineAndExitsWithOne() throws IOException {
        Sample.Result result = Sample.run(Sample.bad(directory), "check");

        assertEquals(ExitCode.USER, result.exitCode(), result::toString);
        assertTrue(result.err().contains("channels.yaml:3:"), result::toString);
    }

    @Test
    void aWrongOptionValueIsAUserProblemNamingEveryOne() throws IOException {
        Sample.Result result =
                Sample.run(Sample.copy(directory), "serve", "--serve-port=eighty", "--status-page=maybe");

        assertEquals(ExitCode.USER, result.exitCode(), result::toString);
        assertTrue(result.err().contains("--serve-port (releaseChannels.serve.port) 'eighty'"), result::toString);
        assertTrue(result.err().contains("--status-page (releaseChannels.statusPage) 'maybe'"), result::toString);
    }

    @Test
    void anUnknownOptionIsAUserProblem() throws IOException {
        Sample.Result result = Sample.run(Sample.copy(directory), "check", "--no-such-option");

        assertEquals(ExitCode.USER, result.exitCode(), result::toString);
        assertTrue(result.err().contains("--no-such-option"), result::toString);
    }

    @Test
    void generateRendersTheSiteUnderTarget() throws IOException {
        Sample.Result result = Sample.run(Sample.copy(directory), "generate");

        assertEquals(ExitCode.SUCCESS, result.exitCode(), result::toString);
        assertEquals(
                "14.2.1",
                Files.readString(directory.resolve("target/release-channels/current/version"))
                        .trim());
        assertTrue(Files.isDirectory(directory.resolve("target/release-channels-resources")), result::toString);
    }

    @Test
    void optionsAsSystemPropertiesAndLongNamesAndALongNameWins() throws IOException {
        Sample.copy(directory);

        Sample.Result byProperty = Sample.run(
                directory,
                "generate",
                "-DreleaseChannels.outputDirectory=site-a",
                "-DreleaseChannels.statusPage=false");
        Sample.Result both = Sample.run(
                directory, "generate", "-DreleaseChannels.outputDirectory=ignored", "--output-directory", "site-b");

        assertEquals(ExitCode.SUCCESS, byProperty.exitCode(), byProperty::toString);
        assertTrue(Files.isRegularFile(directory.resolve("site-a/current/version")));
        assertFalse(Files.exists(directory.resolve("site-a/index.html")));
        assertEquals(ExitCode.SUCCESS, both.exitCode(), both::toString);
        assertTrue(Files.isRegularFile(directory.resolve("site-b/index.html")));
        assertFalse(Files.exists(directory.resolve("ignored")));
    }

    @Test
    void skipSaysWhyAndDoesNothing() throws IOException {
        Sample.Result result = Sample.run(Sample.bad(directory), "generate", "--skip");

        assertEquals(ExitCode.SUCCESS, result.exitCode(), result::toString);
        assertTrue(result.err().contains("releaseChannels.skip is true"), result::toString);
        assertFalse(Files.exists(directory.resolve("target/release-channels")));
    }

    @Test
    void deployPublishesToADirectory(@TempDir Path www) throws IOException {
        Sample.Result result = Sample.run(
                Sample.copy(directory), "deploy", "--target", www.toUri().toString());

        assertEquals(ExitCode.SUCCESS, result.exitCode(), result::toString);
        assertEquals(
                "14.3.0", Files.readString(www.resolve("stable/v14/version")).trim());
        assertEquals("no", Files.readString(www.resolve("current/critical")).trim());
    }

    @Test
    void deployWithAWrongTargetOptionPublishesNothing(@TempDir Path www) throws IOException {
        Sample.Result result = Sample.run(
                Sample.copy(directory),
                "deploy",
                "--target",
                www.toString(),
                "--parallelism",
                "many",
                "--lock-wait-seconds=-3");

        assertEquals(ExitCode.USER, result.exitCode(), result::toString);
        assertTrue(result.err().contains("parallelism"), result::toString);
        assertTrue(result.err().contains("lockWaitSeconds") || result.err().contains("lock"), result::toString);
        try (var files = Files.list(www)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void verifyAgainstServeThenServeStops() throws Exception {
        Sample.copy(directory);
        int port = Sample.freePort();
        AtomicReference<Sample.Result> served = new AtomicReference<>();
        int servePort = port;
        Thread serve = new Thread(() -> served.set(Sample.run(directory, "serve", "--serve-port=" + servePort)));
        serve.start();
        Path pem = directory.resolve("target/release-channels-localhost.pem");
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
        while (!listening(port) && served.get() == null && Instant.now().isBefore(giveUp)) {
            Thread.sleep(100);
        }
        try {
            assertTrue(listening(port), () -> "serve did not listen: " + served.get());

            Sample.Result verified = Sample.run(
                    directory,
                    "verify",
                    "--base-url",
                    "https://localhost:" + port,
                    "--trusted-certificates",
                    pem.toString());

            assertEquals(ExitCode.SUCCESS, verified.exitCode(), verified::toString);
            assertTrue(verified.err().contains("in sync"), verified::toString);
        } finally {
            serve.interrupt();
            serve.join(Duration.ofMinutes(1).toMillis());
        }
        assertFalse(serve.isAlive());
        assertEquals(
                ExitCode.SUCCESS, served.get().exitCode(), () -> served.get().toString());
        assertFalse(listening(port), "serve stopped listening");
    }

    @Test
    void verifyGoesThroughTheSettingsProxyWithThePasswordMavenEncrypted() throws Exception {
        Sample.copy(directory);
        assertEquals(ExitCode.SUCCESS, Sample.run(directory, "generate").exitCode());
        // Made with Maven 3.9.11 (SettingsXmlTest): the master password, and proxy-s3cret encrypted with it.
        Path security = Files.writeString(
                directory.resolve("settings-security.xml"),
                "<settingsSecurity><master>{TOZzoslXf+YHWOHKp5DZDcGVtesydi61OjEYUNkJZpE=}</master></settingsSecurity>");
        String previous = System.getProperty("settings.security");
        // The proxy's Basic challenge on plain HTTP (loopback): the JDK sends Basic in an HTTPS CONNECT tunnel only
        // with
        // -Djdk.http.auth.tunneling.disabledSchemes= (docs/cli.md), which this shared test JVM does not set.
        try (TestHttpsServer server =
                        TestHttpsServer.plainHttp().serveDirectory(directory.resolve("target/release-channels"));
                RecordingHttpProxy proxy = RecordingHttpProxy.start().requireBasic("ops", "proxy-s3cret")) {
            Path settings = Files.writeString(
                    directory.resolve("settings.xml"), """
                    <settings><proxies><proxy>
                      <id>corp</id><protocol>http</protocol><host>127.0.0.1</host><port>@PORT@</port>
                      <username>ops</username><password>{DFzHG0Md4WcHlEPD81I7nMpC1h8Z3YpMrSNA4pgI3Gc=}</password>
                      <nonProxyHosts>*.internal.example.com</nonProxyHosts>
                    </proxy></proxies></settings>
                    """.replace("@PORT@", String.valueOf(proxy.port())));
            // Where Maven's -Dsettings.security points the master password, as the library reads it.
            System.setProperty("settings.security", security.toString());

            Sample.Result verified = Sample.run(
                    directory,
                    "verify",
                    "--settings",
                    settings.toString(),
                    "--base-url",
                    server.baseUrl(),
                    "--verify-allow-http");

            assertEquals(ExitCode.SUCCESS, verified.exitCode(), verified::toString);
            assertTrue(verified.err().contains("in sync"), verified::toString);
            assertTrue(
                    verified.err().contains("proxy 'corp' at 127.0.0.1:" + proxy.port() + " as ops"),
                    verified::toString);
            assertTrue(proxy.targets().contains("GET 127.0.0.1:" + server.port()), proxy.targets()::toString);
            assertTrue(
                    proxy.targets().stream().anyMatch(target -> target.startsWith("407 ")),
                    "challenged, then answered: " + proxy.targets());
            assertFalse(verified.toString().contains("proxy-s3cret"), verified::toString);
        } finally {
            if (previous == null) {
                System.clearProperty("settings.security");
            } else {
                System.setProperty("settings.security", previous);
            }
        }
    }

    @Test
    void deployToAnUnreachableTargetIsAnEnvironmentProblem() throws IOException {
        int port = Sample.freePort();
        Sample.Result result = Sample.run(
                Sample.copy(directory),
                "deploy",
                "--target",
                "sftp://deployer@localhost:" + port + "/srv/www",
                "--timeout-seconds=5",
                "--server-id=www",
                "--settings",
                Sample.settings(directory).toString(),
                "--known-hosts",
                Files.createFile(directory.resolve("known_hosts")).toString());

        assertEquals(ExitCode.ENVIRONMENT, result.exitCode(), result::toString);
        assertTrue(result.err().contains("localhost:" + port), result::toString);
    }

    @Test
    void helpListsTheGoals() {
        Sample.Result result = Sample.run(directory, "--help");

        assertEquals(ExitCode.SUCCESS, result.exitCode(), result::toString);
        for (String goal : new String[] {"check", "generate", "deploy", "verify", "serve"}) {
            assertTrue(result.out().contains(goal), result::toString);
        }
    }

    @Test
    void aGoalsHelpShowsTheDefaultsAsTheCommandLineTakesThem() {
        Sample.Result result = Sample.run(directory, "generate", "--help");

        assertEquals(ExitCode.SUCCESS, result.exitCode(), result::toString);
        // Without the line breaks, which picocli puts after a dot too.
        String help = result.out().replaceAll("\\s+", "");
        assertTrue(help.contains("Default:channels.yaml."), result::toString);
        assertTrue(help.contains("Default:target/release-channels."), result::toString);
        assertTrue(help.contains("`${basedir}`istheproject'sdirectory"), result::toString);
        assertFalse(help.contains("${picocli") || help.contains("null"), result::toString);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
