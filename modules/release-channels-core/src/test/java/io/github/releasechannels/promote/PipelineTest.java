// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.PipelineState;
import io.github.releasechannels.model.PipelineState.Stage;
import io.github.releasechannels.model.PipelineState.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where each stage stands as the history shows it, on real repositories: since when from the commit that gave the
 * source its version, the due time moved past a freeze, static waits, and a history that cannot be read.
 */
class PipelineTest {

    private static final String FILE = """
            channels:
              canary:
                version: %s
              current:
                version: %s
                promote: {from: canary, after: 48h}
              stable/v17:
                version: %s
                promote: {from: current, after: 7d}
              edge: {version: 18.0.0, hold: "arm64 crash, INC-4711"}
              beta: {version: 17.2.0, promote: {from: edge, after: 1d}}
            freezes:
              - {from: 2026-12-18, until: 2027-01-04, reason: year-end change freeze}
            """;

    @TempDir
    Path temp;

    private GitHistory git;

    @BeforeEach
    void repository() throws Exception {
        git = GitHistory.init(temp.resolve("repo"));
    }

    @AfterEach
    void close() {
        git.close();
    }

    private static ChannelsConfig config(String content) throws Exception {
        return new ChannelsFileParser().parse(content.getBytes(StandardCharsets.UTF_8), "channels.yaml");
    }

    private static Stage stage(PipelineState state, String channel) {
        return state.stages().stream()
                .filter(stage -> stage.channel().equals(channel))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void eachStageHasItsSourceSinceWhenWhatItWaitsForAndWhenItIsDue() throws Exception {
        ObjectId first =
                git.commit(Instant.parse("2026-12-01T10:00:00Z"), FILE.formatted("17.2.1", "17.2.1", "17.2.1"));
        String canaryMoved = FILE.formatted("17.3.0", "17.2.1", "17.2.1");
        ObjectId moved = git.commit(Instant.parse("2026-12-07T10:00:00Z"), canaryMoved, first);
        git.head(moved);

        PipelineState state = Pipeline.read(config(canaryMoved), new ChannelHistory(git.repository(), GitHistory.FILE))
                .state();

        assertEquals(
                List.of("beta", "current", "stable/v17"),
                state.stages().stream().map(Stage::channel).toList());
        Stage current = stage(state, "current");
        assertEquals(Status.SOAKS, current.status());
        assertEquals(moved.name(), current.since().orElseThrow().commit());
        assertEquals(
                Instant.parse("2026-12-07T10:00:00Z"),
                current.since().orElseThrow().at());
        assertEquals(Optional.of(Instant.parse("2026-12-09T10:00:00Z")), current.due());
        assertEquals(
                "canary has served 17.3.0 since 2026-12-07 10:00 UTC (commit "
                        + moved.name().substring(0, 12) + "), soak 48 h; due 2026-12-09 10:00 UTC",
                current.why());
        Stage stable = stage(state, "stable/v17");
        assertEquals(Status.HAS_SOURCE_VERSION, stable.status());
        assertEquals("has current's 17.2.1", stable.why());
        assertEquals(Optional.empty(), stable.since());
        Stage beta = stage(state, "beta");
        assertEquals(Status.HELD, beta.status());
        assertEquals("edge is held: arm64 crash, INC-4711 (channels.yaml:10)", beta.why());
        assertEquals(Optional.empty(), beta.due(), "a hold waits for a person");
        assertEquals(Optional.empty(), state.historyUnavailable());
    }

    @Test
    void aSoakEndingInAFreezeIsDueWhenTheFreezeEnds() throws Exception {
        ObjectId first =
                git.commit(Instant.parse("2026-12-01T10:00:00Z"), FILE.formatted("17.3.0", "17.2.1", "17.2.1"));
        String promoted = FILE.formatted("17.3.0", "17.3.0", "17.2.1");
        ObjectId current = git.commit(Instant.parse("2026-12-12T10:00:00Z"), promoted, first);
        git.head(current);

        Stage stable = stage(
                Pipeline.read(config(promoted), new ChannelHistory(git.repository(), GitHistory.FILE))
                        .state(),
                "stable/v17");

        assertEquals(Status.SOAKS, stable.status());
        assertEquals(
                Instant.parse("2026-12-12T10:00:00Z"),
                stable.since().orElseThrow().at());
        assertEquals(Optional.of(Instant.parse("2027-01-04T00:00:00Z")), stable.due());
        assertTrue(
                stable.why()
                        .endsWith("soak 7 d; due 2027-01-04 00:00 UTC, after 'year-end change freeze' "
                                + "(channels.yaml:13)"),
                stable.why());
    }

    /** The state has no instant in it: the same history gives the same state, whenever it is read. */
    @Test
    void theStateDependsOnTheHistoryNotOnTheClock() throws Exception {
        String canaryMoved = FILE.formatted("17.3.0", "17.2.1", "17.2.1");
        git.head(git.commit(Instant.parse("2026-12-07T10:00:00Z"), canaryMoved));
        ChannelsConfig config = config(canaryMoved);

        Pipeline once = Pipeline.read(config, new ChannelHistory(git.repository(), GitHistory.FILE));
        Pipeline again = Pipeline.read(config, new ChannelHistory(git.repository(), GitHistory.FILE));

        assertEquals(once.state(), again.state());
        assertNotEquals(
                once.planAt(config, Instant.parse("2026-12-08T17:00:00Z")).steps(),
                once.planAt(config, Instant.parse("2026-12-09T11:00:00Z")).steps(),
                "the plan is the part that depends on the clock");
    }

    @Test
    void outsideAGitRepositoryThePipelineSaysWhyInsteadOfFailing() throws Exception {
        Path file = Files.writeString(
                Files.createDirectories(temp.resolve("plain")).resolve("channels.yaml"),
                FILE.formatted("17.3.0", "17.2.1", "17.2.1"));

        PipelineState state = Pipeline.ofWorkTree(config(Files.readString(file)), file, "channels.yaml")
                .state();

        assertEquals(
                Optional.of("channels.yaml is not in the work tree of a git repository"), state.historyUnavailable());
        Stage current = stage(state, "current");
        assertEquals(Status.UNPROVEN, current.status());
        assertEquals(
                "since when canary has served 17.3.0 is not known: channels.yaml is not in the work tree of a git "
                        + "repository",
                current.why());
        assertEquals(Status.HELD, stage(state, "beta").status(), "what the file alone says is still shown");
    }

    @Test
    void inAWorkTreeItReadsTheHistoryOfTheFile() throws Exception {
        String canaryMoved = FILE.formatted("17.3.0", "17.2.1", "17.2.1");
        ObjectId moved = git.commit(Instant.parse("2026-12-07T10:00:00Z"), canaryMoved);
        git.head(moved).checkout();
        Path file = temp.resolve("repo").resolve(GitHistory.FILE);

        PipelineState state =
                Pipeline.ofWorkTree(config(canaryMoved), file, "channels.yaml").state();

        assertEquals(Optional.empty(), state.historyUnavailable());
        assertEquals(moved.name(), stage(state, "current").since().orElseThrow().commit());
    }
}
