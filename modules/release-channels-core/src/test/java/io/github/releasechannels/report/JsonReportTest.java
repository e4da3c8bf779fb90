// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
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
                  "promotions": null,
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
                  "promotions": null,
                  "failure": null
                }
                """, JsonReport.json(Reports.invalid()));
    }

    /**
     * Each stage with its source, since when and its due time whatever the clock, and where it stands at the run's
     * instant; every hold and every freeze, one of them in force then.
     */
    @Test
    void thePipelineWithEachStageItsHoldsAndFreezes() throws Exception {
        String json = JsonReport.json(Reports.promoted("deploy"));
        String promotions = json.substring(json.indexOf("  \"promotions\": "), json.indexOf("  \"failure\""));
        assertEquals("""
                  "promotions": {
                    "at": "2026-12-08T17:00:00Z",
                    "history_unavailable": null,
                    "source_serving_checked": false,
                    "stages": [
                      STAGES
                    ],
                    "holds": [
                      {"channel": "edge", "reason": "<img src=x> ::error::forged | cell", "line": 5}
                    ],
                    "freezes": [
                      {"reason": "year-end change freeze", "from": "2026-12-18T00:00:00Z", "until": "2027-01-04T00:00:00Z", "weekdays": null, "line": 8, "in_force": false},
                      {"reason": "no Tuesday <b>changes</b>", "from": null, "until": null, "weekdays": ["Tuesday"], "line": 9, "in_force": true}
                    ]
                  },
                """.replace("STAGES", String.join(",\n      ", STAGES)), promotions);
    }

    private static final List<String> STAGES = List.of(
            "{\"channel\": \"beta\", \"version\": \"17.2.0\", \"source\": \"edge\", \"source_version\": \"18.0.0\", "
                    + "\"after_seconds\": 86400, \"within\": \"major\", \"prereleases\": false, \"since\": null, "
                    + "\"since_commit\": null, \"status\": \"held\", \"why\": \"edge is held: <img src=x> ::error::forged | "
                    + "cell (channels.yaml:5)\", \"due\": null, \"now\": {\"step\": \"waiting\", \"waits_for\": \"held\", "
                    + "\"due\": null, \"message\": \"beta waits: edge is held: <img src=x> ::error::forged | cell "
                    + "(channels.yaml:5)\"}}",
            "{\"channel\": \"current\", \"version\": \"17.2.1\", \"source\": \"canary\", \"source_version\": "
                    + "\"17.3.0\", \"after_seconds\": 172800, \"within\": \"major\", \"prereleases\": false, \"since\": "
                    + "\"2026-12-07T10:00:00Z\", \"since_commit\": \"0123456789abcdef0123456789abcdef01234567\", "
                    + "\"status\": \"soaks\", \"why\": \"canary has served 17.3.0 since 2026-12-07 10:00 UTC (commit "
                    + "0123456789ab), soak 48 h; due 2026-12-09 10:00 UTC\", \"due\": \"2026-12-09T10:00:00Z\", \"now\": "
                    + "{\"step\": \"waiting\", \"waits_for\": \"soaking\", \"due\": \"2026-12-09T10:00:00Z\", "
                    + "\"message\": \"current waits: canary has served 17.3.0 for 31 h of 48 h; due 2026-12-09 10:00 UTC\"}}",
            "{\"channel\": \"stable/v17\", \"version\": \"17.2.1\", \"source\": \"current\", \"source_version\": "
                    + "\"17.2.1\", \"after_seconds\": 604800, \"within\": \"major\", \"prereleases\": false, \"since\": "
                    + "null, \"since_commit\": null, \"status\": \"has_source_version\", \"why\": \"has current's 17.2.1\", "
                    + "\"due\": null, \"now\": {\"step\": \"up_to_date\", \"waits_for\": null, \"due\": null, "
                    + "\"message\": \"stable/v17: has current's 17.2.1\"}}");
}
