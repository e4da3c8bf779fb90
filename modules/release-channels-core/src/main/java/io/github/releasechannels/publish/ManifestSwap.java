// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteLayout;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The manifest's compare-and-swap, the last write of a publish: it lands only if the target still holds the manifest
 * the plan was made from. On a target whose writes are visible at once a refusal is a
 * {@link ConcurrentPublishException} (unless the target now holds exactly this manifest: an attempt whose answer was
 * lost wrote it); on an atomic one it is a conflict the pipeline plans again.
 */
final class ManifestSwap {

    private ManifestSwap() {}

    /**
     * @param manifest the manifest step, empty when the plan leaves the manifest as it is
     * @param expected the manifest version the snapshot read, empty for none
     * @return false when an atomic target reported a conflict (nothing became visible)
     */
    static boolean finish(
            String target,
            Site site,
            PublishTarget.Session session,
            Optional<PlannedChange> manifest,
            Optional<String> expected,
            Optional<PublishLock.Lease> lease)
            throws IOException {
        if (session.finish(manifest, expected)) {
            if (manifest.isPresent()) {
                lease.ifPresent(PublishLock.Lease::manifestWritten);
            }
            return true;
        }
        if (session.capabilities().atomic()) {
            return false;
        }
        Optional<VersionedContent> now = session.readManifest();
        byte[] ours = manifest.orElseThrow().file().orElseThrow().content();
        if (now.filter(content -> Arrays.equals(content.content(), ours)).isPresent()) {
            // An attempt whose answer was lost wrote it; the retry then found its own manifest.
            lease.ifPresent(PublishLock.Lease::manifestWritten);
            return true;
        }
        String other = now.map(content -> {
                    try {
                        return "it now describes commit "
                                + Manifest.parse(content.content()).commit().orElse("(unknown)");
                    } catch (Manifest.InvalidManifestException e) {
                        return "it is now unreadable";
                    }
                })
                .orElse("it is now gone");
        throw new ConcurrentPublishException("Another publish changed " + SiteLayout.MANIFEST_FILE + " on "
                + target + " while this one ran (" + other + "). This publish (commit "
                + site.source().commit().orElse("(uncommitted)") + ") stopped before writing its manifest; "
                + "channel files it wrote may be served beside the other publish's. Run the publish again from the "
                + "newest commit: it plans from what the target holds and the downgrade guard checks it.");
    }
}
