// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CiSystemTest {

    @Test
    void detectedFromTheRunnersVariables() {
        assertEquals(CiSystem.GITHUB, CiSystem.resolve(Optional.empty(), Map.of("GITHUB_ACTIONS", "true")));
        assertEquals(CiSystem.GITLAB, CiSystem.resolve(Optional.empty(), Map.of("GITLAB_CI", "true")));
        assertEquals(CiSystem.NONE, CiSystem.resolve(Optional.empty(), Map.of("GITHUB_ACTIONS", "false")));
    }

    @Test
    void theSettingWinsOverDetection() {
        assertEquals(CiSystem.NONE, CiSystem.resolve(Optional.of("none"), Map.of("GITHUB_ACTIONS", "true")));
        assertEquals(CiSystem.GITLAB, CiSystem.resolve(Optional.of(" GitLab "), Map.of("GITHUB_ACTIONS", "true")));
        assertEquals(CiSystem.GITHUB, CiSystem.resolve(Optional.of(""), Map.of("GITHUB_ACTIONS", "true")));
    }

    @Test
    void anUnknownSettingSaysWhatIsAllowed() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> CiSystem.resolve(Optional.of("jenkins"), Map.of()));
        assertTrue(
                e.getMessage().contains("releaseChannels.ci is 'jenkins'; use github, gitlab or none"), e.getMessage());
    }
}
