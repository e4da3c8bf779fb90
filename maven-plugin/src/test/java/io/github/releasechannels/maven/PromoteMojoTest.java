// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The promote goal's front end: parameters to settings, the plan in Maven's log, user errors as failures. */
class PromoteMojoTest {

    private static final String FILE = """
            channels:
              canary:
                version: 17.3.0
              current:
                version: 17.2.1
                promote: {from: canary, after: 48h}
            """;

    @TempDir
    Path project;

    private final CapturingLog log = new CapturingLog();

    @BeforeEach
    void repository() throws Exception {
        try (ChannelsRepository repository = ChannelsRepository.init(project)) {
            repository.commit(FILE, "canary 17.3.0");
        }
    }

    private PromoteMojo promote(String at) {
        PromoteMojo mojo = ChannelsRepository.wired(new PromoteMojo(), project, log);
        mojo.at = at;
        return mojo;
    }

    @Test
    void thePlanIsLoggedAndAWaitingStageWritesNothing() throws Exception {
        promote(null).execute(); // now: the commit was made a moment ago
        assertTrue(
                log.lines.stream()
                        .anyMatch(
                                line -> line.startsWith("[INFO]   current waits: canary has served " + "17.3.0 for ")),
                log.text());
        assertTrue(log.text().contains("[INFO] Nothing is due: channels.yaml is left as it is."), log.text());
        assertEquals(FILE, Files.readString(project.resolve("channels.yaml")));
        assertTrue(
                Files.readString(project.resolve("target/release-channels-report.json"))
                        .contains("\"goal\": \"promote\""),
                "the report is written");
    }

    @Test
    void anInstantWithoutOffsetOrARefIsAFailureAndNothingIsWritten() throws Exception {
        MojoFailureException at = assertThrows(MojoFailureException.class, promote("2999-01-01T00:00:00")::execute);
        assertTrue(
                at.getMessage()
                        .startsWith(
                                "releaseChannels.promote.at is '2999-01-01T00:00:00', not an RFC 3339 " + "instant"),
                at.getMessage());
        PromoteMojo withRef = promote("2999-01-01T00:00:00Z");
        withRef.ref = "HEAD";
        MojoFailureException ref = assertThrows(MojoFailureException.class, withRef::execute);
        assertTrue(ref.getMessage().contains("releaseChannels.ref is not used by it"), ref.getMessage());
        assertEquals(FILE, Files.readString(project.resolve("channels.yaml")));
    }

    @Test
    void aDuePromotionIsEditedInPlace() throws Exception {
        promote("2999-01-01T00:00:00Z").execute();
        assertEquals(
                FILE.replace("version: 17.2.1", "version: 17.3.0"), Files.readString(project.resolve("channels.yaml")));
        assertTrue(log.text().contains("[INFO] Edited channels.yaml: current 17.2.1 → 17.3.0."), log.text());
    }
}
