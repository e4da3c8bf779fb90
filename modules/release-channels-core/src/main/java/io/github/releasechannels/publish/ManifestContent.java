// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the manifest a publish writes says: the site's, with the store's record (entity tag and headers) of each
 * file, the proof of the store's conditional writes and the lease it is written under.
 */
final class ManifestContent {

    private ManifestContent() {}

    /** The plan, its manifest step decided against the manifest this publish would write (see {@link #of}). */
    static PublishPlan plan(
            PublishPlanner planner, Site site, TargetState state, HeaderPolicy policy, boolean comparesHeaders)
            throws PublishRefusedException {
        PublishPlan plan = planner.plan(site, state.manifest(), state.files(), policy, comparesHeaders);
        Optional<SiteFile> manifest = of(
                site,
                plan,
                state,
                Map.of(),
                recordedProof(state),
                state.manifest().flatMap(Manifest::lease));
        if (manifest.isEmpty()) {
            return plan;
        }
        PlannedChange decided = PublishPlanner.compare(manifest.get(), state.files(), policy, comparesHeaders);
        return plan.map(
                step -> step.path().equals(SiteLayout.MANIFEST_FILE) && step.action() != PlannedChange.Action.DELETE
                        ? decided
                        : step);
    }

    /** The target's proof that it honours conditional writes, which a plan keeps as it is. */
    static Optional<Manifest.ConditionalWritesProof> recordedProof(TargetState state) {
        return state.manifest().flatMap(Manifest::conditionalWrites);
    }

    /**
     * The manifest step once the writes are done, with the entity tags the target gave them; empty when the target
     * already holds exactly this manifest (files rewritten to what it records) or the site has none.
     */
    static Optional<PlannedChange> afterWrites(
            Site site,
            PublishPlan plan,
            TargetState state,
            List<PlannedChange> written,
            HeaderPolicy policy,
            PublishTarget.Session session,
            Optional<Manifest.ConditionalWritesProof> proof,
            Optional<Manifest.LeaseRecord> lease,
            PublishLog log) {
        Map<String, Manifest.Stored> records = new HashMap<>();
        for (PlannedChange step : written) {
            Optional<Headers> headers = step.headers();
            session.writtenEntityTag(step.path())
                    .filter(tag -> headers.isPresent())
                    .ifPresent(tag -> records.put(
                            step.path(),
                            new Manifest.Stored(
                                    tag,
                                    headers.get().contentType(),
                                    headers.get().cacheControl())));
        }
        Optional<SiteFile> manifest = of(site, plan, state, records, proof, lease);
        if (manifest.isEmpty()) {
            return Optional.empty();
        }
        PlannedChange step = PublishPlanner.compare(
                manifest.get(), state.files(), policy, session.capabilities().comparesHeaders());
        if (!isWrite(step)) {
            log.debug("  " + SiteLayout.MANIFEST_FILE + " on the target already records this publish");
            return Optional.empty();
        }
        return Optional.of(step);
    }

    /** Whether {@code step} writes the manifest's content, which only the finish does. */
    static boolean isWrite(PlannedChange step) {
        return step.path().equals(SiteLayout.MANIFEST_FILE)
                && (step.action() == PlannedChange.Action.ADD || step.action() == PlannedChange.Action.UPDATE);
    }

    /**
     * The manifest to write: the site's, with the store's record (entity tag and headers) of each file this plan
     * leaves as it is and, from {@code written}, of each file it wrote, the proof of the store's conditional writes
     * and the lease it is written under. On a target without entity tags it is the site's manifest as rendered.
     * Empty when the site has none.
     */
    private static Optional<SiteFile> of(
            Site site,
            PublishPlan plan,
            TargetState state,
            Map<String, Manifest.Stored> written,
            Optional<Manifest.ConditionalWritesProof> proof,
            Optional<Manifest.LeaseRecord> lease) {
        Map<String, Manifest.Stored> records = new HashMap<>();
        for (PlannedChange step : plan.steps()) {
            StoredFile stored = state.files().get(step.path());
            if (step.action() == PlannedChange.Action.UNCHANGED
                    && stored != null
                    && stored.entityTag().isPresent()
                    && stored.headers().isPresent()) {
                Headers headers = stored.headers().get();
                records.put(
                        step.path(),
                        new Manifest.Stored(stored.entityTag().get(), headers.contentType(), headers.cacheControl()));
            }
        }
        records.putAll(written);
        return site.manifest(records, proof, lease);
    }
}
