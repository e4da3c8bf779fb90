// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.site.Site;

/** A check of the change against what the target holds now, run before anything is written. */
@FunctionalInterface
public interface PublishGuard {

    PublishGuard NONE = (site, target) -> {};

    /**
     * @param site     what is about to be published
     * @param target   what the target holds now: its manifest and what each channel serves
     * @throws PublishRefusedException to stop the publish
     */
    void check(Site site, TargetState target) throws PublishRefusedException;
}
