package io.github.releasechannels.publish.git;

import io.github.releasechannels.model.Channel;
import io.github.releasechannels.publish.PlannedChange;
import io.github.releasechannels.publish.PublishPlan;
import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The message of a publish commit: the source commit in the subject, then one line per channel that changed, e.g.
 * {@code current: 14.2.1 -> 14.2.2}, so the branch history reads as a release log.
 */
final class PublishCommitMessage {

    private static final int SHORT_ID = 7;

    private PublishCommitMessage() {
    }

    static String of(Site site, Optional<Manifest> previous, PublishPlan plan) {
        StringBuilder message = new StringBuilder("Publish release channels");
        site.source().commit().ifPresent(commit -> message.append(" from ")
                .append(commit.length() > SHORT_ID ? commit.substring(0, SHORT_ID) : commit));
        if (site.source().uncommittedChanges()) {
            message.append(site.source().commit().isPresent() ? " with uncommitted changes" : " (not committed)");
        }
        List<String> lines = channelChanges(site, previous);
        if (lines.isEmpty()) {
            lines.add("No channel changed; " + plan.steps().stream().filter(step -> step.action().writes())
                    .map(PlannedChange::toString).collect(Collectors.collectingAndThen(Collectors.joining(", "),
                            writes -> writes.isEmpty() ? "nothing" : writes)) + ".");
        }
        message.append("\n\n").append(String.join("\n", lines)).append('\n');
        site.source().commit().ifPresent(commit -> message.append("\nSource-Commit: ").append(commit).append('\n'));
        return message.toString();
    }

    private static List<String> channelChanges(Site site, Optional<Manifest> previous) {
        Map<String, Manifest.PublishedChannel> before = new LinkedHashMap<>();
        previous.ifPresent(manifest -> manifest.channels().forEach(channel -> before.put(channel.name(), channel)));
        List<String> lines = new ArrayList<>();
        for (Channel channel : site.config().channels()) {
            Manifest.PublishedChannel old = before.remove(channel.name());
            String version = channel.version().toString();
            if (old == null) {
                lines.add(channel.name() + ": new, " + version + critical(channel.critical()));
            } else if (!old.version().equals(version) || old.critical() != channel.critical()) {
                lines.add(channel.name() + ": " + old.version() + critical(old.critical()) + " -> " + version
                        + critical(channel.critical()));
            }
        }
        before.values().forEach(old -> lines.add(old.name() + ": removed (was " + old.version() + ")"));
        return lines;
    }

    private static String critical(boolean critical) {
        return critical ? " (critical)" : "";
    }
}
