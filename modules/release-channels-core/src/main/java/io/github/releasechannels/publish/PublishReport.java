// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.time.Duration;
import java.util.Locale;

/**
 * What a publish did (or, in a dry run, would do).
 *
 * @param target       the target's description
 * @param plan         the executed plan
 * @param bytesWritten bytes of file content written
 * @param elapsed      wall time
 * @param dryRun       whether nothing was changed on purpose
 */
public record PublishReport(String target, PublishPlan plan, long bytesWritten, Duration elapsed, boolean dryRun) {

    /** The report of a publish that started at {@code startedNanos} ({@link System#nanoTime}) and ends now. */
    static PublishReport endingNow(
            String target, PublishPlan plan, long bytesWritten, long startedNanos, boolean dryRun) {
        return new PublishReport(
                target, plan, bytesWritten, Duration.ofNanos(System.nanoTime() - startedNanos), dryRun);
    }

    /** One line: added / updated / deleted / unchanged, bytes, time. */
    public String summary() {
        long headersOnly = plan.count(PlannedChange.Action.UPDATE_HEADERS);
        return String.format(
                Locale.ROOT,
                "%s%s: %d added, %d updated, %d deleted, %d unchanged%s, %d bytes, %.1f s",
                dryRun ? "Dry run, nothing changed on " : "Published to ",
                target,
                plan.count(PlannedChange.Action.ADD),
                plan.count(PlannedChange.Action.UPDATE),
                plan.count(PlannedChange.Action.DELETE),
                plan.count(PlannedChange.Action.UNCHANGED),
                headersOnly > 0 ? " (" + headersOnly + " with new headers)" : "",
                bytesWritten,
                elapsed.toMillis() / 1000.0);
    }
}
