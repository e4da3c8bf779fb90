// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import io.github.releasechannels.model.ChannelChange;
import io.github.releasechannels.model.Rollback;
import io.github.releasechannels.publish.PlannedChange;
import io.github.releasechannels.publish.PublishPlan;
import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The message of a publish commit: the source commit in the subject, then one line per channel that changed, e.g.
 * {@code current: version 14.2.1 → 14.2.2}, so the branch history reads as a release log. A rollback says so in the
 * subject and names the {@code HEAD} it rolled back from in a {@code Rollback-From} trailer.
 */
final class PublishCommitMessage {

    private static final int SHORT_ID = 7;

    private PublishCommitMessage() {}

    static String of(Site site, Optional<Manifest> previous, PublishPlan plan) {
        Optional<Rollback> rollback = site.source().rollback();
        StringBuilder message = new StringBuilder(
                rollback.isPresent() ? "Roll back release channels to" : "Publish release channels from");
        site.source().commit().ifPresent(commit -> message.append(' ').append(shortId(commit)));
        rollback.ifPresent(
                r -> message.append(" (from ").append(shortId(r.fromCommit())).append(')'));
        if (site.source().uncommittedChanges()) {
            message.append(site.source().commit().isPresent() ? " with uncommitted changes" : " (not committed)");
        }
        List<String> lines = channelChanges(site, previous);
        if (lines.isEmpty()) {
            lines.add("No channel changed; "
                    + plan.steps().stream()
                            .filter(step -> step.action().writes())
                            .map(PlannedChange::toString)
                            .collect(Collectors.collectingAndThen(
                                    Collectors.joining(", "), writes -> writes.isEmpty() ? "nothing" : writes))
                    + ".");
        }
        message.append("\n\n").append(String.join("\n", lines)).append('\n');
        rollback.ifPresent(r -> message.append("\nA rollback: channels.yaml as of ref '")
                .append(r.ref())
                .append("', not of HEAD ")
                .append(r.fromCommit())
                .append(".\n"));
        site.source()
                .commit()
                .ifPresent(commit ->
                        message.append("\nSource-Commit: ").append(commit).append('\n'));
        rollback.ifPresent(
                r -> message.append("Rollback-From: ").append(r.fromCommit()).append('\n'));
        return message.toString();
    }

    private static String shortId(String commit) {
        return commit.length() > SHORT_ID ? commit.substring(0, SHORT_ID) : commit;
    }

    private static List<String> channelChanges(Site site, Optional<Manifest> previous) {
        return ChannelChange.between(previous.map(Manifest::states).orElse(Map.of()), site.config()).stream()
                .filter(change -> change.kind() != ChannelChange.Kind.UNCHANGED)
                .map(ChannelChange::describe)
                .collect(Collectors.toCollection(ArrayList::new));
    }
}
