// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.testing;

import io.github.releasechannels.site.Site;

/**
 * The change the fault-injection tests publish: site A, then site B, which makes a channel critical, makes another
 * one not critical, adds a critical channel, removes a critical one, keeps one as it is and moves the maintenance
 * window. Every order the publisher must get right is in it.
 */
public final class FaultScenario {

    public static final String A = """
            channels:
              current:
                version: 14.2.1
              stable/v14:
                version: 14.3.0
                critical: true
              old/v13:
                version: 13.0.0
                critical: true
              edge:
                version: 16.0.0-rc.1
            maintenance:
              utc_start_hour: 2
              weekdays: [Mon]
            """;

    public static final String B = """
            channels:
              current:
                version: 14.2.2
                critical: true
              stable/v14:
                version: 14.3.1
              next/v15:
                version: 15.0.0
                critical: true
              edge:
                version: 16.0.0-rc.1
            maintenance:
              utc_start_hour: 3
              weekdays: [Tue]
            """;

    private FaultScenario() {}

    public static Site siteA() {
        return Sites.render(A);
    }

    public static Site siteB() {
        return Sites.render(B);
    }
}
