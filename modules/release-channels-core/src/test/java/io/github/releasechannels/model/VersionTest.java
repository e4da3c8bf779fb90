// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VersionTest {

    private static Version v(String text) {
        return Version.parse(text).orElseThrow(() -> new AssertionError("not a version: " + text));
    }

    @Test
    void dropsTheLeadingV() {
        assertEquals("14.2.1", v("v14.2.1").toString());
        assertEquals(v("14.2.1"), v("v14.2.1"));
    }

    @Test
    void followsSemverPrecedence() {
        // The ordering example of semver.org, item 11, plus numeric fields compared as numbers.
        List<String> ordered = List.of(
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-alpha.beta",
                "1.0.0-beta",
                "1.0.0-beta.2",
                "1.0.0-beta.11",
                "1.0.0-rc.1",
                "1.0.0",
                "1.0.1",
                "1.2.0",
                "1.10.0",
                "2.0.0",
                "99999999999999999999.0.0");
        for (int i = 0; i + 1 < ordered.size(); i++) {
            assertTrue(
                    v(ordered.get(i)).compareTo(v(ordered.get(i + 1))) < 0,
                    ordered.get(i) + " < " + ordered.get(i + 1));
            assertTrue(v(ordered.get(i + 1)).compareTo(v(ordered.get(i))) > 0);
        }
        assertEquals(0, v("v1.2.3").compareTo(v("1.2.3")));
    }

    @Test
    void rejectsBuildMetadataLeadingZerosAndPartialVersions() {
        for (String bad : List.of("1.2.3+build", "01.2.3", "1.2", "1", "1.2.3-", "1.2.3-01", "", "v", "1.2.3 ")) {
            assertEquals(Optional.empty(), Version.parse(bad), bad);
        }
    }
}
