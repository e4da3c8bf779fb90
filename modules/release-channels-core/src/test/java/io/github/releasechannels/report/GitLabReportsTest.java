// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class GitLabReportsTest {

    @Test
    void codeQualityHasOneIssuePerProblemOnItsLineRelativeToTheProject() {
        assertEquals("""
                [
                  {"type": "issue", "check_name": "release-channels/channels-file", "description": "unknown key 'critcal' in channel 'current' — did you mean 'critical'?", "categories": ["Bug Risk"], "severity": "major", "fingerprint": "c25b83c7c6c7f24bee347ee27b0880bb5c31d015250f41c3b10c63ec53904330", "location": {"path": "ops/teleport/channels.yaml", "lines": {"begin": 4}}},
                  {"type": "issue", "check_name": "release-channels/channels-file", "description": "100% wrong: a, b — write it\\\\u000Aon one line", "categories": ["Bug Risk"], "severity": "major", "fingerprint": "188a9531354298d9a93d221cd180d5f5c2b51c3a5315ab04917ad675602ec4cb", "location": {"path": "ops/teleport/channels.yaml", "lines": {"begin": 7}}}
                ]
                """, GitLabCodeQuality.json(Reports.invalid(), Reports.WORKSPACE));
    }

    @Test
    void noProblemIsAnEmptyReportSoGitLabSeesThemFixed() throws Exception {
        RunReport valid = new RunReport.Builder("check", "channels.yaml", Reports.CHANNELS_FILE)
                .loaded(Reports.config(), io.github.releasechannels.model.Source.untracked("channels.yaml"))
                .build();
        assertEquals("[]\n", GitLabCodeQuality.json(valid, Reports.WORKSPACE));
    }

    @Test
    void theFingerprintIgnoresTheLineButNotTheMessage() {
        String fingerprint = GitLabCodeQuality.fingerprint("downgrade", "channels.yaml", "goes down");
        assertEquals(fingerprint, GitLabCodeQuality.fingerprint("downgrade", "channels.yaml", "goes down"));
        assertNotEquals(fingerprint, GitLabCodeQuality.fingerprint("downgrade", "channels.yaml", "goes up"));
    }

    @Test
    void junitHasOneTestCasePerChannelDriftFailsAndUnreadableErrs() throws Exception {
        assertEquals("""
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites>
                  <testsuite name="release-channels verify https://updates.example.com/teleport" tests="3" failures="1" errors="1">
                    <testcase classname="release-channels.verify" name="canary"/>
                    <testcase classname="release-channels.verify" name="current">
                      <failure type="drift" message="serves 14.2.1 &lt;old&gt;, channels.yaml says 14.2.2"/>
                    </testcase>
                    <testcase classname="release-channels.verify" name="stable/v14">
                      <error type="error" message="no answer &amp; &quot;timeout&quot;"/>
                    </testcase>
                  </testsuite>
                </testsuites>
                """, JUnitReport.xml(Reports.verified().verify().orElseThrow()));
    }
}
