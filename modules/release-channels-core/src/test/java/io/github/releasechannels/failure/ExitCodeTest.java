// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.config.Problem;
import io.github.releasechannels.model.SourceLocation;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.TargetException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exit status a command line returns: 1 when the input is wrong, 2 when the surroundings failed. */
class ExitCodeTest {

    @Test
    void aUserProblemExitsWith1() {
        assertEquals(1, ExitCode.of(new UserProblemException("bad")));
        assertEquals(1, ExitCode.of(new InvalidTargetException("ftp://x", "unsupported")));
        assertEquals(
                1,
                ExitCode.of(new ChannelsFileException(
                        List.of(new Problem(new SourceLocation("channels.yaml", 3, 14), "bad version", "quote it")))));
    }

    @Test
    void anEnvironmentProblemOrAnyOtherFailureExitsWith2() {
        assertEquals(2, ExitCode.of(new EnvironmentProblemException("disk full")));
        assertEquals(2, ExitCode.of(new TargetException("access denied")));
        assertEquals(2, ExitCode.of(new IOException("reset")));
        assertEquals(2, ExitCode.of(new IllegalStateException("bug")));
    }
}
