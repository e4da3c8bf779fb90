package io.github.releasechannels.publish;

import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import java.util.Optional;

/** A check of the change against what the target holds now, run before anything is written. */
@FunctionalInterface
public interface PublishGuard {

    PublishGuard NONE = (site, previous) -> { };

    /**
     * @param site     what is about to be published
     * @param previous the manifest on the target, empty on a first publish
     * @throws PublishRefusedException to stop the publish
     */
    void check(Site site, Optional<Manifest> previous) throws PublishRefusedException;
}
