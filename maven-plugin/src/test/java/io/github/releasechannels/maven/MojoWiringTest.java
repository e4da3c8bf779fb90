// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import static org.apache.maven.api.plugin.testing.MojoExtension.setVariableValueToObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/** The Mojos as Maven wires them: parameters from the pom, the error mapping, the skip switch, the summary. */
@MojoTest
class MojoWiringTest {

    private static final String POM = "src/test/resources/unit/project/pom.xml";

    @TempDir
    Path temp;

    /** Maven's log, recorded. */
    private final CapturingLog recordingLog = new CapturingLog();

    private final List<String> log = recordingLog.lines;

    private Path invalidChannels() throws Exception {
        return Files.writeString(
                temp.resolve("channels.yaml"), "channels:\n  current:\n    version: 14.2\n    critcal: true\n");
    }

    /** A deploy to {@code target} with a scratch site and work directory and an empty settings.xml. */
    private void deploying(DeployMojo mojo, String target) throws Exception {
        setVariableValueToObject(mojo, "outputDirectory", temp.resolve("site").toFile());
        setVariableValueToObject(mojo, "settings", new Settings());
        setVariableValueToObject(mojo, "workDirectory", temp.resolve("work").toFile());
        setVariableValueToObject(mojo, "target", target);
    }

    @Test
    @InjectMojo(goal = "generate", pom = POM)
    void generateRendersTheConfiguredFileIntoTheOutputDirectory(GenerateMojo mojo) throws Exception {
        Path out = temp.resolve("site");
        setVariableValueToObject(mojo, "outputDirectory", out.toFile());
        mojo.setLog(recordingLog);
        mojo.execute();
        assertEquals("14.2.1", Files.readString(out.resolve("current/version")));
        assertEquals("yes", Files.readString(out.resolve("stable/cloud/critical")));
        assertTrue(Files.exists(out.resolve("cmc.yaml")));
        assertTrue(
                log.stream()
                        .anyMatch(line -> line.matches("\\[INFO\\] Wrote 7 files \\(\\d+ bytes\\) to "
                                + java.util.regex.Pattern.quote(out.toString()))),
                log::toString);
        assertTrue(
                log.contains("[INFO]   maintenance window: Monday, Wednesday, Friday, 02:00-03:00 UTC"), log::toString);
    }

    @Test
    @InjectMojo(goal = "generate", pom = POM)
    void invalidInputFailsTheBuildWithEveryProblemAndWritesNothing(GenerateMojo mojo) throws Exception {
        Path out = temp.resolve("site");
        setVariableValueToObject(mojo, "file", invalidChannels().toFile());
        setVariableValueToObject(mojo, "basedir", temp.toFile());
        setVariableValueToObject(mojo, "outputDirectory", out.toFile());
        mojo.setLog(recordingLog);
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(
                e.getMessage().contains("3:14: the version of channel 'current' is the number 14.2"), e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("4:5: unknown key 'critcal' in channel 'current' — did you mean " + "'critical'?"),
                e.getMessage());
        assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    @InjectMojo(goal = "check", pom = POM)
    void everyProblemIsPrintedOnceInFileOrderByTheFailureMavenPrints(CheckMojo mojo) throws Exception {
        Files.writeString(
                temp.resolve("channels.yaml"),
                "channels:\n  current:\n    version: 14.2\n    critcal: "
                        + "true\n  Stable: {version: 1.0.0}\nmaintenance:\n  utc_start_hr: 2\n");
        setVariableValueToObject(mojo, "file", temp.resolve("channels.yaml").toFile());
        setVariableValueToObject(mojo, "basedir", temp.toFile());
        mojo.setLog(recordingLog);

        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

        // Maven prints the failure's message: the log does not repeat a problem of it.
        assertTrue(log.stream().noneMatch(line -> line.contains("critcal") || line.contains("14.2,")), log::toString);
        List<String> lines = List.of(e.getMessage().split("\n"));
        assertEquals(
                List.of(
                        "channels.yaml is not valid; nothing was written. 4 problems:",
                        "  channels.yaml:3:14: the version of channel 'current' is the number 14.2, not a full version — "
                                + "write the full version MAJOR.MINOR.PATCH in quotes, e.g. \"14.2.0\"",
                        "  channels.yaml:4:5: unknown key 'critcal' in channel 'current' — did you mean 'critical'?"),
                lines.subList(0, 3));
        assertTrue(lines.get(3).startsWith("  channels.yaml:5:3: channel name 'Stable'"), lines.get(3));
        assertEquals(
                "  channels.yaml:7:3: unknown key 'utc_start_hr' in 'maintenance' — did you mean "
                        + "'utc_start_hour'?",
                lines.get(4));
        assertEquals(5, lines.size(), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "generate", pom = POM)
    void anOperatorResourceNameTeleportRefusesIsAConfigurationErrorAndNothingIsWritten(GenerateMojo mojo)
            throws Exception {
        Path out = temp.resolve("site");
        setVariableValueToObject(mojo, "outputDirectory", out.toFile());
        setVariableValueToObject(
                mojo, "resourcesDirectory", temp.resolve("resources").toFile());
        setVariableValueToObject(mojo, "kubernetesConfigName", "fleet-rollout");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(
                e.getMessage()
                        .startsWith("releaseChannels.kubernetes.configName is 'fleet-rollout', but the "
                                + "Teleport operator copies metadata.name"),
                e.getMessage());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(temp.resolve("resources")));
    }

    @Test
    @InjectMojo(goal = "generate", pom = POM)
    void theStatusPageCanBeTurnedOff(GenerateMojo mojo) throws Exception {
        Path out = temp.resolve("site");
        setVariableValueToObject(mojo, "outputDirectory", out.toFile());
        setVariableValueToObject(mojo, "statusPage", false);
        mojo.execute();
        assertTrue(Files.exists(out.resolve("current/version")));
        assertFalse(Files.exists(out.resolve("index.html")));
        assertFalse(Files.readString(out.resolve("release-channels.json")).contains("index.html"));
    }

    @Test
    @InjectMojo(goal = "generate", pom = POM)
    void skipSaysWhyAndWritesNothing(GenerateMojo mojo) throws Exception {
        Path out = temp.resolve("site");
        setVariableValueToObject(mojo, "outputDirectory", out.toFile());
        setVariableValueToObject(mojo, "skip", true);
        mojo.setLog(recordingLog);
        mojo.execute();
        assertEquals(List.of("[INFO] Skipping release-channels:generate because releaseChannels.skip is true."), log);
        assertFalse(Files.exists(out));
    }

    @Test
    @InjectMojo(goal = "generate", pom = POM)
    void anOutputDirectoryThatIsNotASiteIsAConfigurationError(GenerateMojo mojo) throws Exception {
        Files.writeString(temp.resolve("pom.xml"), "<project/>");
        setVariableValueToObject(mojo, "outputDirectory", temp.toFile());
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("refusing to replace it"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "check", pom = POM)
    void theContainerGivesTheMojoADecrypterForEncryptedProxyPasswords(CheckMojo mojo) throws Exception {
        String master = "PLANTED-master-password";
        Path security = SettingsSecurity.write(temp, master);
        Proxy proxy = new Proxy();
        proxy.setId("corp");
        proxy.setHost("proxy.example");
        proxy.setPort(3128);
        proxy.setUsername("me");
        proxy.setPassword(new DefaultPlexusCipher().encryptAndDecorate("PLANTED-proxy-password", master));
        setVariableValueToObject(mojo, "proxies", List.of(proxy));
        String before = System.getProperty(DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION);
        System.setProperty(DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION, security.toString());
        try {
            mojo.setLog(recordingLog);
            assertEquals(
                    java.util.Optional.of("PLANTED-proxy-password"),
                    mojo.proxySettings()
                            .forTarget(java.net.URI.create("https://updates.example.com/"))
                            .orElseThrow()
                            .password());
        } finally {
            if (before == null) {
                System.clearProperty(DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION);
            } else {
                System.setProperty(DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION, before);
            }
        }
        assertFalse(String.join("\n", log).contains("PLANTED"), log::toString);
    }

    @Test
    @InjectMojo(goal = "check", pom = POM)
    void checkValidatesWithoutWriting(CheckMojo mojo) throws Exception {
        mojo.setLog(recordingLog);
        mojo.execute();
        assertTrue(log.contains("[INFO] channels.yaml is valid."), log::toString);
        setVariableValueToObject(mojo, "file", invalidChannels().toFile());
        setVariableValueToObject(mojo, "basedir", temp.toFile());
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("unknown key 'critcal'"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "check", pom = POM)
    void checkNamesTheTargetWithoutItsToken(CheckMojo mojo) throws Exception {
        setVariableValueToObject(mojo, "target", "git+https://PLANTED-token@github.com/org/pages.git#gh-pages");
        mojo.setLog(recordingLog);
        mojo.execute();
        assertTrue(
                log.stream()
                        .anyMatch(line -> line.startsWith("[INFO] Downgrades are checked by deploy against "
                                + "git+https://***@github.com/org/pages.git#gh-pages")),
                log::toString);
        assertFalse(String.join("\n", log).contains("PLANTED"), log::toString);
    }

    @Test
    @InjectMojo(goal = "check", pom = POM)
    void aMissingFileIsAFailureNamingIt(CheckMojo mojo) throws Exception {
        setVariableValueToObject(mojo, "file", temp.resolve("nope.yaml").toFile());
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("nope.yaml: the file does not exist"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "generate", pom = POM)
    void generatePrintsTheAgentSettingsOfTheBaseUrlOnTheStatusPage(GenerateMojo mojo) throws Exception {
        Path out = temp.resolve("site");
        setVariableValueToObject(mojo, "outputDirectory", out.toFile());
        setVariableValueToObject(mojo, "baseUrl", "https://updates.example.com/teleport/");
        mojo.setLog(recordingLog);
        mojo.execute();
        String page = Files.readString(out.resolve("index.html"));
        assertTrue(page.contains("<pre>updates.example.com/teleport/stable/cloud</pre>"), page);
        assertTrue(
                page.contains("--set updater.versionServer=https://updates.example.com/teleport --set "
                        + "updater.releaseChannel=current"),
                page);
    }

    @Test
    @InjectMojo(goal = "generate", pom = POM)
    void generateRefusesABaseUrlAgentsCannotRead(GenerateMojo mojo) throws Exception {
        Path out = temp.resolve("site");
        setVariableValueToObject(mojo, "outputDirectory", out.toFile());
        setVariableValueToObject(mojo, "baseUrl", "http://updates.example.com/teleport");
        mojo.setLog(recordingLog);
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("'http://updates.example.com/teleport' uses plain http"), e.getMessage());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    @InjectMojo(goal = "deploy", pom = POM)
    void deployPublishesToTheTargetAndSummarises(DeployMojo mojo) throws Exception {
        Path www = temp.resolve("www");
        setVariableValueToObject(mojo, "outputDirectory", temp.resolve("site").toFile());
        setVariableValueToObject(mojo, "target", www.toUri().toString());
        setVariableValueToObject(mojo, "settings", new Settings());
        setVariableValueToObject(mojo, "workDirectory", temp.resolve("work").toFile());
        mojo.setLog(recordingLog);
        mojo.execute();
        assertEquals("14.2.1", Files.readString(www.resolve("current/version")));
        assertTrue(
                log.stream()
                        .anyMatch(line -> line.matches("\\[INFO\\] Published to directory .*www: 7 added, "
                                + "0 updated, 0 deleted, 0 unchanged, \\d+ bytes, .*")),
                log::toString);
    }

    @Test
    @InjectMojo(goal = "deploy", pom = POM)
    void deployWithoutALocalCopyPublishesFromMemoryAndWritesNothingLocally(DeployMojo mojo) throws Exception {
        Path www = temp.resolve("www");
        Path local = temp.resolve("site");
        setVariableValueToObject(mojo, "outputDirectory", local.toFile());
        setVariableValueToObject(mojo, "writeLocalSite", false);
        setVariableValueToObject(mojo, "target", www.toUri().toString());
        setVariableValueToObject(mojo, "settings", new Settings());
        setVariableValueToObject(mojo, "workDirectory", temp.resolve("work").toFile());
        mojo.setLog(recordingLog);
        mojo.execute();
        assertEquals("14.2.1", Files.readString(www.resolve("current/version")));
        assertEquals("yes", Files.readString(www.resolve("stable/cloud/critical")));
        assertFalse(Files.exists(local), "the local copy is not written");
        assertTrue(log.stream().noneMatch(line -> line.contains("Wrote ")), log::toString);
    }

    @Test
    @InjectMojo(goal = "deploy", pom = POM)
    void deployUpdatesTheLocalCopyOfADirectoryTargetWritingOnlyWhatDiffers(DeployMojo mojo) throws Exception {
        Path www = temp.resolve("www");
        Path local = temp.resolve("site");
        deploying(mojo, www.toUri().toString());
        mojo.setLog(recordingLog);
        mojo.execute();
        assertEquals("14.2.1", Files.readString(local.resolve("current/version")));
        log.clear();
        mojo.execute();
        assertTrue(
                log.contains("[INFO] Wrote 0 files (0 bytes) to " + local + "; 7 already held the site's bytes"),
                log::toString);
    }

    @Test
    @InjectMojo(goal = "deploy", pom = POM)
    void deployToARemoteTargetWritesNoLocalCopyUnlessAsked(DeployMojo mojo) throws Exception {
        Path local = temp.resolve("site");
        Settings offline = new Settings();
        offline.setOffline(true);
        deploying(mojo, "s3://bucket/prefix");
        // Offline, the remote target is refused after rendering, before anything is sent.
        setVariableValueToObject(mojo, "settings", offline);
        mojo.setLog(recordingLog);
        assertThrows(MojoFailureException.class, mojo::execute);
        assertFalse(Files.exists(local), "a remote target's deploy publishes from memory");

        setVariableValueToObject(mojo, "writeLocalSite", true);
        assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("14.2.1", Files.readString(local.resolve("current/version")), "asked for, it is written");
    }

    @Test
    @InjectMojo(goal = "deploy", pom = POM)
    void offlineDeployRefusesRemoteTargetsWithoutConnecting(DeployMojo mojo) throws Exception {
        Settings offline = new Settings();
        offline.setOffline(true);
        setVariableValueToObject(mojo, "outputDirectory", temp.resolve("site").toFile());
        setVariableValueToObject(mojo, "settings", offline);
        setVariableValueToObject(mojo, "workDirectory", temp.resolve("work").toFile());
        mojo.setLog(recordingLog);
        // A listening port that counts connections: offline, the deploy must not even connect.
        try (ServerSocket remote = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            remote.setSoTimeout(300);
            for (String target : List.of(
                    "git+http://127.0.0.1:" + remote.getLocalPort() + "/pages.git",
                    "sftp://deploy@127.0.0.1:" + remote.getLocalPort() + "/srv/www",
                    "s3://bucket/prefix")) {
                setVariableValueToObject(mojo, "target", target);
                MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute, target);
                assertEquals(
                        "Cannot deploy to " + target + " in offline mode (-o): it is a remote target and "
                                + "offline mode sends nothing over the network. Run without -o to publish, or use "
                                + "-DreleaseChannels.dryRun=true without -o to see the plan; file: targets deploy offline.",
                        e.getMessage());
            }
            assertThrows(SocketTimeoutException.class, () -> remote.accept().close(), "nothing connected");
        }
    }

    @Test
    @InjectMojo(goal = "deploy", pom = POM)
    void offlineDeployToADirectoryProceeds(DeployMojo mojo) throws Exception {
        Settings offline = new Settings();
        offline.setOffline(true);
        Path www = temp.resolve("www");
        setVariableValueToObject(mojo, "outputDirectory", temp.resolve("site").toFile());
        setVariableValueToObject(mojo, "target", www.toUri().toString());
        setVariableValueToObject(mojo, "settings", offline);
        setVariableValueToObject(mojo, "workDirectory", temp.resolve("work").toFile());
        mojo.setLog(recordingLog);
        mojo.execute();
        assertEquals("14.2.1", Files.readString(www.resolve("current/version")));
    }

    @Test
    @InjectMojo(goal = "deploy", pom = POM)
    void deployNamesTheCredentialSourceNeverTheSecret(DeployMojo mojo) throws Exception {
        Server server = new Server();
        server.setId("version-server");
        server.setUsername("deployer");
        server.setPassword("FAKE-SECRET-5f0d1c");
        Settings settings = new Settings();
        settings.addServer(server);
        setVariableValueToObject(mojo, "outputDirectory", temp.resolve("site").toFile());
        setVariableValueToObject(mojo, "target", temp.resolve("www").toString());
        setVariableValueToObject(mojo, "serverId", "version-server");
        setVariableValueToObject(mojo, "settings", settings);
        setVariableValueToObject(mojo, "workDirectory", temp.resolve("work").toFile());
        mojo.setLog(recordingLog);
        mojo.execute();
        assertTrue(log.stream().noneMatch(line -> line.contains("FAKE-SECRET")), log::toString);
        try (var files = Files.walk(temp)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(file).contains("FAKE-SECRET"), file::toString);
            }
        }
    }

    @Test
    @InjectMojo(goal = "deploy", pom = POM)
    void deployWithoutATargetOrWithAnUnknownSchemeIsAConfigurationError(DeployMojo mojo) throws Exception {
        deploying(mojo, null);
        MojoFailureException none = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(none.getMessage().startsWith("No target to publish to"), none.getMessage());
        setVariableValueToObject(mojo, "target", "ftp://example.com/x");
        MojoFailureException unknown = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(unknown.getMessage().contains("Supported: file"), unknown.getMessage());
    }

    @Test
    @InjectMojo(goal = "deploy", pom = POM)
    void aTargetThatCannotBeWrittenIsAnExecutionError(DeployMojo mojo) throws Exception {
        Path blocker = Files.writeString(temp.resolve("blocker"), "a file where a directory must be");
        deploying(mojo, blocker.resolve("www").toString());
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("run the deploy again"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "deploy", pom = POM)
    void aRefusalOnTheTargetIsNotRetriedAndSaysWhatToFix(DeployMojo mojo) throws Exception {
        Path www = Files.createDirectories(temp.resolve("www"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createSymbolicLink(www.resolve("current"), outside);
        deploying(mojo, www.toString());
        mojo.setLog(recordingLog);

        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);

        assertTrue(e.getMessage().startsWith("Publishing to " + www + " stopped: current/"), e.getMessage());
        assertTrue(e.getMessage().contains("outside the target's real path"), e.getMessage());
        assertTrue(e.getMessage().contains("This was not retried"), e.getMessage());
        assertFalse(e.getMessage().contains("credentials"), e.getMessage());
        assertTrue(log.stream().noneMatch(line -> line.contains("retrying")), log::toString);
        try (var written = Files.list(outside)) {
            assertEquals(0, written.count(), "nothing written through the link");
        }
    }

    @Test
    @InjectMojo(goal = "deploy", pom = POM)
    void aTimeoutThatIsNotAWholeNumberOfSecondsFrom1To600IsAConfigurationErrorNamingIt(DeployMojo mojo)
            throws Exception {
        deploying(mojo, "git+file://" + temp.resolve("pages.git") + "#gh-pages");
        for (String bad : List.of("0", "601", "1.5", "ten", "-3")) {
            setVariableValueToObject(mojo, "timeoutSeconds", bad);
            MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute, bad);
            assertTrue(
                    e.getMessage()
                            .contains("releaseChannels.timeoutSeconds '" + bad + "' is not a whole number "
                                    + "of seconds from 1 to 600"),
                    e.getMessage());
        }
    }

    @Test
    @InjectMojo(goal = "deploy", pom = POM)
    void aLockWaitThatIsNotAWholeNumberOfSecondsIsAConfigurationErrorNamingIt(DeployMojo mojo) throws Exception {
        deploying(mojo, temp.resolve("docroot").toString());
        setVariableValueToObject(mojo, "lockWaitSeconds", "soon");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(
                e.getMessage()
                        .contains("releaseChannels.lock.waitSeconds 'soon' is not a whole number of " + "seconds"),
                e.getMessage());
    }

    @Test
    @InjectMojo(goal = "deploy", pom = POM)
    void everyWrongTargetParameterIsNamedAtOnceAndNothingIsWritten(DeployMojo mojo) throws Exception {
        deploying(mojo, temp.resolve("docroot").toString());
        setVariableValueToObject(mojo, "timeoutSeconds", "ten");
        setVariableValueToObject(mojo, "parallelism", "1000");
        setVariableValueToObject(mojo, "s3Region", "Frankfurt am Main");
        setVariableValueToObject(mojo, "s3VerifyHeaders", "always");
        setVariableValueToObject(mojo, "gitDirectory", "a/../b");

        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

        for (String parameter : List.of(
                "releaseChannels.timeoutSeconds 'ten'",
                "releaseChannels.parallelism '1000'",
                "releaseChannels.s3.region 'Frankfurt am Main'",
                "releaseChannels.s3.verifyHeaders 'always'",
                "releaseChannels.git.directory 'a/../b'")) {
            assertTrue(e.getMessage().contains(parameter), parameter + " in " + e.getMessage());
        }
        assertFalse(Files.exists(temp.resolve("site")), "the local site was written");
        assertFalse(Files.exists(temp.resolve("docroot")), "the target was written");
    }

    @Test
    @InjectMojo(goal = "deploy", pom = POM)
    void parametersComeFromThePom(DeployMojo mojo) throws Exception {
        assertEquals("30", mojo.timeoutSeconds);
        assertEquals("max-age=30", mojo.cacheControl);
        assertEquals(new File(mojo.basedir, "channels.yaml").getCanonicalFile(), mojo.file.getCanonicalFile());
    }
}
