// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.io.IOException;

/**
 * Asked before every write a publish issues to a target, retries included: the {@link PublishLock}'s lease, which
 * lets a write through only while no other publish can have taken the lock over.
 */
@FunctionalInterface
public interface WriteFence {

    /** For targets that need no lock (a git push is itself a compare-and-swap) and for runs that write nothing. */
    WriteFence NONE = what -> {};

    /**
     * Returns when {@code what} may be written now, after waiting for a renewal in flight if need be.
     *
     * @throws ConcurrentPublishException when this publish may no longer write: stop before {@code what}
     */
    void check(String what) throws IOException;
}
