// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a session's target can do, as the pipeline plans by it: a store's, a git branch's, and what is refused. */
class PublishTargetCapabilitiesTest {

    @Test
    void aStoresWritesAreVisibleAsTheyHappenSoItsSessionIsNeverAtomic() {
        FileStore.Capabilities s3Like =
                new FileStore.Capabilities(FileStore.ConditionalWrites.ATOMIC, true, 32, Optional.empty());

        assertEquals(new PublishTarget.Capabilities(true, false, 32), PublishTarget.Capabilities.of(s3Like));
        assertEquals(
                new PublishTarget.Capabilities(false, false, 4),
                PublishTarget.Capabilities.of(
                        FileStore.Capabilities.plainFiles(FileStore.ConditionalWrites.EXCLUSIVE_CREATE, 4)));
    }

    @Test
    void aGitBranchCommitsEverythingAtOnceOneStepAtATimeWithoutHeaders() {
        assertEquals(new PublishTarget.Capabilities(false, true, 1), PublishTarget.Capabilities.ATOMIC_COMMIT);
    }

    @Test
    void noWriteAtATimeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PublishTarget.Capabilities(false, false, 0));
    }
}
