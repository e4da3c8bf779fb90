// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import io.github.releasechannels.agent.BaseUrl;
import io.github.releasechannels.config.Problem;
import io.github.releasechannels.guard.ChannelPlan;
import io.github.releasechannels.guard.Downgrade;
import io.github.releasechannels.model.ChannelChange;
import io.github.releasechannels.model.ChannelState;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.model.SourceLocation;
import io.github.releasechannels.model.Version;
import io.github.releasechannels.promote.Pipeline;
import io.github.releasechannels.testing.Sites;
import io.github.releasechannels.testing.TestSites;
import io.github.releasechannels.verify.ChannelResult;
import io.github.releasechannels.verify.ChannelResult.Status;
import io.github.releasechannels.verify.VerifyReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Run reports as the renderer tests need them: a project in /ws/ops with channels.yaml in a sub-folder. */
final class Reports {

    static final Path WORKSPACE = Path.of("/ws");
    static final Path CHANNELS_FILE = Path.of("/ws/ops/teleport/channels.yaml");
    static final String SHOWN = "teleport/channels.yaml";
    static final String YAML = """
            channels:
              current:
                version: 14.2.2
                critical: true
              canary:
                version: 14.3.0
              stable/v14:
                version: 14.1.0
            """;

    private Reports() {}

    static ChannelsConfig config() throws Exception {
        return TestSites.config(YAML);
    }

    /** Invalid: two problems, one with characters a workflow command must escape. */
    static RunReport invalid() {
        return new RunReport.Builder("check", SHOWN, CHANNELS_FILE)
                .problems(List.of(
                        new Problem(
                                new SourceLocation(SHOWN, 4, 5),
                                "unknown key 'critcal' in channel 'current'",
                                "did you mean 'critical'?"),
                        new Problem(new SourceLocation(SHOWN, 7, 14), "100% wrong: a, b", "write it\non one line")))
                .build();
    }

    /**
     * Valid, compared with the live site: current goes up and becomes critical, canary is new, stable/v14 goes down
     * (refused), edge is removed.
     */
    static RunReport plannedCheck() throws Exception {
        ChannelsConfig config = config();
        Map<String, ChannelState> before = Map.of(
                "current", new ChannelState("14.2.1", false),
                "stable/v14", new ChannelState("14.3.0", false),
                "edge", new ChannelState("16.0.0", false));
        String origin = "served now at https://updates.example.com";
        Downgrade downgrade = Downgrade.ofChannel(
                "stable/v14",
                Version.parse("14.3.0").orElseThrow(),
                Version.parse("14.1.0").orElseThrow(),
                origin,
                new SourceLocation(SHOWN, 7, 3),
                Optional.empty());
        ChannelPlan plan = new ChannelPlan(origin, ChannelChange.between(before, config), List.of(downgrade));
        return new RunReport.Builder("check", SHOWN, CHANNELS_FILE)
                .loaded(
                        config,
                        new Source(
                                SHOWN,
                                Optional.of("0123456789abcdef0123456789abcdef01234567"),
                                Optional.empty(),
                                false))
                .plan(plan)
                .build();
    }

    static RunReport verified() throws Exception {
        VerifyReport verify = new VerifyReport(
                BaseUrl.parse("https://updates.example.com/teleport", false),
                List.of(
                        new ChannelResult(
                                "canary",
                                Status.IN_SYNC,
                                "14.3.0, critical no",
                                Optional.empty(),
                                Optional.empty(),
                                List.of()),
                        new ChannelResult(
                                "current",
                                Status.DRIFT,
                                "serves 14.2.1 <old>, channels.yaml says 14.2.2",
                                Optional.empty(),
                                Optional.empty(),
                                List.of()),
                        new ChannelResult(
                                "stable/v14",
                                Status.ERROR,
                                "no answer & \"timeout\"",
                                Optional.empty(),
                                Optional.empty(),
                                List.of())));
        return new RunReport.Builder("verify", "channels.yaml", CHANNELS_FILE)
                .loaded(config(), Source.untracked("channels.yaml"))
                .verify(verify)
                .build();
    }

    /** A pipeline with a hold whose reason is hostile: canary → current → stable/v17, edge (held) → beta. */
    static final String PROMOTIONS_YAML = """
            channels:
              canary: {version: 17.3.0}
              current: {version: 17.2.1, promote: {from: canary, after: 48h}}
              stable/v17: {version: 17.2.1, promote: {from: current, after: 7d}}
              edge: {version: 18.0.0, hold: "<img src=x> ::error::forged | cell"}
              beta: {version: 17.2.0, promote: {from: edge, after: 1d}}
            freezes:
              - {from: 2026-12-18, until: 2027-01-04, reason: year-end change freeze}
              - {weekdays: [Tue], reason: "no Tuesday <b>changes</b>"}
            """;

    /** Canary got 17.3.0 on 2026-12-07 10:00 UTC; the run is on Tuesday 2026-12-08 17:00 UTC, in a weekly freeze. */
    static RunReport promoted(String goal) throws Exception {
        ChannelsConfig config = TestSites.config(PROMOTIONS_YAML);
        Pipeline pipeline = Sites.canaryServedSince(config, Instant.parse("2026-12-07T10:00:00Z"));
        return new RunReport.Builder(goal, SHOWN, CHANNELS_FILE)
                .loaded(
                        config,
                        new Source(
                                SHOWN,
                                Optional.of("89abcdef0123456789abcdef0123456789abcdef"),
                                Optional.empty(),
                                false))
                .promotions(new PromotionsReport(
                        pipeline.state(), pipeline.planAt(config, Instant.parse("2026-12-08T17:00:00Z")), false))
                .build();
    }
}
