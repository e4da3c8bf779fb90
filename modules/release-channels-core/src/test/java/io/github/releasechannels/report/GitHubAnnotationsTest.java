// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GitHubAnnotationsTest {

    @Test
    void everyProblemOnItsLineRelativeToTheWorkspaceEscapedAsTheRunnerUnescapes() {
        assertEquals(
                List.of(
                        "::error file=ops/teleport/channels.yaml,line=4,col=5,title=Invalid channels.yaml::unknown key "
                                + "'critcal' in channel 'current' — did you mean 'critical'?",
                        "::error file=ops/teleport/channels.yaml,line=7,col=14,title=Invalid channels.yaml::100%25 wrong: "
                                + "a, b — write it\\u000Aon one line"),
                GitHubAnnotations.lines(Reports.invalid(), Reports.WORKSPACE));
    }

    @Test
    void aRefusedDowngradeIsAnErrorOnTheChannelsLine() throws Exception {
        assertEquals(
                List.of("::error file=ops/teleport/channels.yaml,line=7,col=3,title=Downgrade refused::channel "
                        + "'stable/v14' goes down from 14.3.0 (served now at https://updates.example.com) to 14.1.0 — "
                        + "every agent on it would downgrade. If that is intended, add 'allow_downgrade: true' to "
                        + "channel 'stable/v14' in channels.yaml, or allow it for this run only with "
                        + "-DreleaseChannels.allowDowngrade=true."),
                GitHubAnnotations.lines(Reports.plannedCheck(), Reports.WORKSPACE));
    }

    @Test
    void aFileOutsideTheWorkspaceKeepsItsShownName() {
        assertEquals(
                "::error file=teleport/channels.yaml,line=4,col=5,title=Invalid channels.yaml::unknown key "
                        + "'critcal' in channel 'current' — did you mean 'critical'?",
                GitHubAnnotations.lines(Reports.invalid(), Path.of("/elsewhere"))
                        .get(0));
    }

    @Test
    void aFailureWithoutALineIsAnErrorOfTheGoal() {
        RunReport failed = new RunReport.Builder("deploy", "channels.yaml", Reports.CHANNELS_FILE)
                .failure("Publishing to s3://b failed: 50% of\nthe requests timed out")
                .build();
        assertEquals(
                List.of("::error title=release-channels%3Adeploy failed::Publishing to s3://b failed: 50%25 of"
                        + "%0Athe requests timed out"),
                GitHubAnnotations.lines(failed, Reports.WORKSPACE));
    }

    @Test
    void propertiesEscapeColonsAndCommasTooAndStayOnOneLine() {
        assertEquals("a%3Ab%2Cc%25d\\u000Ae\\u000Df", GitHubAnnotations.property("a:b,c%d\ne\rf"));
    }

    @Test
    void dataKeepsItsLinesAndEscapesEachLikeALogLine() {
        assertEquals(
                "a:b,c%25d%0Ae%0Af%0A\\u003A:error::x ##\\u005Bgroup]",
                GitHubAnnotations.data("a:b,c%d\ne\rf\n::error::x ##[group]"));
    }
}
