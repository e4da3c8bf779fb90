// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.site.Site;
import java.io.IOException;
import java.util.Optional;

/**
 * Plans from a snapshot taken without the lock. When the plan changes nothing and no publish holds the lock, the
 * publish is complete, having written nothing: like a dry run it neither takes nor waits for the lock, and what it
 * compared was on the target, so it is as if it ran before any other. Otherwise the lock is taken, and the
 * snapshot's info and debug lines are held back until it is known whether it is planned from again or a new one is
 * read (and logged) under the lock.
 */
final class LockShortcut {

    /**
     * The snapshot taken without the lock, with the lines its reading logged, held back; and the report when its
     * plan changes nothing and the lock is free.
     */
    record Outcome(TargetState state, HeldLog log, Optional<PublishReport> report) {}

    private LockShortcut() {}

    static Outcome tryWithoutLock(
            PublishTarget target, PublishPlanner planner, Site site, PublishRequest request, PublishLock lock)
            throws IOException, PublishRefusedException {
        long started = System.nanoTime();
        HeldLog held = new HeldLog(request.log());
        try (PublishTarget.Session session = target.open(held, WriteFence.NONE)) {
            TargetState state = session.snapshot(site, request.headers());
            PublishPlan plan;
            try {
                plan = ManifestContent.plan(
                        planner,
                        site,
                        state,
                        request.headers(),
                        session.capabilities().comparesHeaders());
            } catch (PublishRefusedException e) {
                // Decided under the lock, after the guard, as for any publish that would write.
                return new Outcome(state, held, Optional.empty());
            }
            if (!plan.changesNothing()) {
                request.log().debug("The plan writes to " + target.describe() + ": taking the publish lock.");
                return new Outcome(state, held, Optional.empty());
            }
            if (!lock.isFree(state)) {
                // Another publish is running or left its lock: wait for it, or take the expired lock over and
                // release it, and compare again with what it left.
                request.log()
                        .debug(PublishLock.LOCK_FILE + " on " + target.describe() + " is held: going through "
                                + "the publish lock.");
                return new Outcome(state, held, Optional.empty());
            }
            held.replay();
            request.guard().check(site, state);
            plan.steps().forEach(step -> request.log().debug("  " + step));
            session.nothingChanged();
            return new Outcome(
                    state,
                    held,
                    Optional.of(PublishReport.endingNow(target.describe(), plan, 0, started, request.dryRun())));
        } catch (IOException | RuntimeException e) {
            held.replay();
            throw e;
        }
    }
}
