// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTextTest {

    @Test
    void eachChannelOldToNewThenTheUnchangedCount() throws Exception {
        assertEquals(
                List.of(
                        "What agents get, compared with what is served now at https://updates.example.com:",
                        "  canary: added (14.3.0)",
                        "  current: version 14.2.1 → 14.2.2, critical no → yes",
                        "  stable/v14: version 14.3.0 → 14.1.0",
                        "  edge: removed (was 16.0.0)"),
                PlanText.lines(Reports.plannedCheck().plan().orElseThrow()));
    }
}
