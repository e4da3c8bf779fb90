// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Freezes stop hand changes: {@code check} refuses a version changed from the previous commit, {@code deploy} one
 * changed from what the target has published, naming the channel's line and the freeze's; a critical channel or
 * {@code -DreleaseChannels.ignoreFreeze=true} goes through with a warning.
 */
class FreezeGoalsTest {

    private static final String FROZEN = """
            channels:
              current:
                version: %s
                critical: %s
              canary:
                version: 17.3.0
            freezes:
              - {from: 2020-01-01, until: 2999-01-01, reason: the long freeze}
            """;

    @TempDir
    Path workspace;

    private Path project;
    private ChannelsRepository repository;
    private final CapturingLog log = new CapturingLog();

    @BeforeEach
    void repository() throws Exception {
        project = workspace.resolve("ops");
        repository = ChannelsRepository.init(project);
        commit(FROZEN.formatted("17.2.1", false));
    }

    @AfterEach
    void close() {
        repository.close();
    }

    private void commit(String channels) throws Exception {
        repository.commit(channels, "channels");
    }

    private CheckMojo check(boolean ignoreFreeze) {
        CheckMojo mojo = ChannelsRepository.wired(new CheckMojo(), project, log);
        mojo.ignoreFreeze = ignoreFreeze;
        return mojo;
    }

    @Test
    void checkRefusesAVersionChangedFromThePreviousCommitNamingItsLineAndTheFreeze() throws Exception {
        commit(FROZEN.formatted("17.2.2", false));
        MojoFailureException refused = assertThrows(MojoFailureException.class, check(false)::execute);
        assertTrue(
                refused.getMessage()
                        .startsWith("channels.yaml changes versions during a freeze:\n"
                                + "channels.yaml:2:3: current: version 17.2.1 → 17.2.2 during the freeze 'the long freeze' "
                                + "(channels.yaml:8); changes are allowed again from 2999-01-01 00:00 UTC — wait until the freeze "
                                + "ends, or set 'critical: true'"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("-DreleaseChannels.ignoreFreeze=true"), refused.getMessage());
        assertFalse(refused.getMessage().contains("canary"), "an unchanged channel is not refused");
    }

    @Test
    void checkRefusesAnUncommittedHandChangeAgainstHead() throws Exception {
        Files.writeString(project.resolve("channels.yaml"), FROZEN.formatted("17.2.3", false));
        MojoFailureException refused = assertThrows(MojoFailureException.class, check(false)::execute);
        assertTrue(
                refused.getMessage().contains("current: version 17.2.1 → 17.2.3 during the freeze"),
                refused.getMessage());
    }

    @Test
    void aCriticalChannelOrIgnoreFreezeGoesThroughWithAWarning() throws Exception {
        commit(FROZEN.formatted("17.2.2", true));
        check(false).execute();
        assertTrue(
                log.lines.stream()
                        .anyMatch(line -> line.startsWith(
                                        "[WARNING] channels.yaml:2:3: current: "
                                                + "version 17.2.1 → 17.2.2, critical no → yes during the freeze 'the long freeze' (channels.yaml:8)")
                                && line.endsWith("; allowed, as the channel is critical")),
                log.text());

        log.lines.clear();
        commit(FROZEN.formatted("17.2.3", false));
        check(true).execute();
        assertTrue(
                log.lines.stream()
                        .anyMatch(line -> line.startsWith("[WARNING] channels.yaml:2:3: current: ")
                                && line.endsWith("; allowed by -DreleaseChannels.ignoreFreeze=true")),
                log.text());
    }

    @Test
    void checkLetsAnUnchangedVersionThroughDuringAFreeze() throws Exception {
        commit(FROZEN.formatted("17.2.1", false).replace("the long freeze", "renamed freeze"));
        check(false).execute();
        assertTrue(log.text().contains("channels.yaml is valid."), log.text());
    }

    @Test
    void deployRefusesAVersionChangedFromWhatTheTargetPublishedAndPublishesNothing() throws Exception {
        Path www = workspace.resolve("www");
        deploy(www).execute();
        assertEquals("17.2.1", Files.readString(www.resolve("current/version")));

        commit(FROZEN.formatted("17.2.2", false));
        MojoFailureException refused = assertThrows(MojoFailureException.class, deploy(www)::execute);
        assertTrue(refused.getMessage().startsWith("Nothing was published:\n"), refused.getMessage());
        assertTrue(
                refused.getMessage()
                        .contains("channels.yaml:2:3: current: version 17.2.1 → 17.2.2 during the "
                                + "freeze 'the long freeze' (channels.yaml:8)"),
                refused.getMessage());
        assertEquals("17.2.1", Files.readString(www.resolve("current/version")), "nothing published");
    }

    private DeployMojo deploy(Path www) {
        List<String> stdout = new ArrayList<>();
        DeployMojo mojo = ProjectDeploy.toDirectory(project, www, Map.of(), stdout::add, log);
        mojo.resourcesDirectory =
                project.resolve("target/release-channels-resources").toFile();
        mojo.settings = new Settings();
        mojo.ci = "none";
        return mojo;
    }
}
