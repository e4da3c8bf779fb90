// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonReportTest {

    @Test
    void aPlannedCheckWithEveryChannelOldToNewAndTheDowngrade() throws Exception {
        assertEquals("""
                {
                  "format": 1,
                  "generator": "release-channels-maven-plugin",
                  "goal": "check",
                  "succeeded": false,
                  "valid": true,
                  "file": "teleport/channels.yaml",
                  "source": {"file": "teleport/channels.yaml", "commit": "0123456789abcdef0123456789abcdef01234567", "uncommitted_changes": false, "rollback": null},
                  "problems": [
                    {"severity": "error", "check": "downgrade", "file": "teleport/channels.yaml", "line": 7, "column": 3, "message": "channel 'stable/v14' goes down from 14.3.0 (served now at https://updates.example.com) to 14.1.0", "fix": "every agent on it would downgrade. If that is intended, add 'allow_downgrade: true' to channel 'stable/v14' in channels.yaml, or allow it for this run only with -DreleaseChannels.allowDowngrade=true."}
                  ],
                  "plan": {
                    "compared_with": "served now at https://updates.example.com",
                    "channels": [
                      {"name": "canary", "change": "added", "before": null, "after": {"version": "14.3.0", "critical": false}, "line": 5},
                      {"name": "current", "change": "changed", "before": {"version": "14.2.1", "critical": false}, "after": {"version": "14.2.2", "critical": true}, "line": 2},
                      {"name": "stable/v14", "change": "changed", "before": {"version": "14.3.0", "critical": false}, "after": {"version": "14.1.0", "critical": false}, "line": 7},
                      {"name": "edge", "change": "removed", "before": {"version": "16.0.0", "critical": false}, "after": null, "line": null}
                    ],
                    "managed_updates": [],
                    "downgrades": [
                      {"channel": "stable/v14", "setting": "version", "from": "14.3.0", "to": "14.1.0", "allowed_by": null, "line": 7, "column": 3}
                    ]
                  },
                  "rollout": null,
                  "publish": null,
                  "verify": null,
                  "failure": null
                }
                """, JsonReport.json(Reports.plannedCheck()));
    }

    @Test
    void anInvalidFileWithEveryProblem() {
        assertEquals("""
                {
                  "format": 1,
                  "generator": "release-channels-maven-plugin",
                  "goal": "check",
                  "succeeded": false,
                  "valid": false,
                  "file": "teleport/channels.yaml",
                  "source": null,
                  "problems": [
                    {"severity": "error", "check": "channels-file", "file": "teleport/channels.yaml", "line": 4, "column": 5, "message": "unknown key 'critcal' in channel 'current'", "fix": "did you mean 'critical'?"},
                    {"severity": "error", "check": "channels-file", "file": "teleport/channels.yaml", "line": 7, "column": 14, "message": "100% wrong: a, b", "fix": "write it\\\\u000Aon one line"}
                  ],
                  "plan": null,
                  "rollout": null,
                  "publish": null,
                  "verify": null,
                  "failure": null
                }
                """, JsonReport.json(Reports.invalid()));
    }
}
