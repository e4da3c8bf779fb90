// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.guard;

import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ChannelChange;
import io.github.releasechannels.model.ChannelState;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Freeze;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.promote.FreezeCheck;
import io.github.releasechannels.promote.FreezeCheck.FrozenChange;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.source.ChannelsSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Freezes for hand changes in {@code check} and {@code deploy}: a channel whose version changes (or that is removed)
 * from what it holds now while a freeze of the new file applies is refused with the freeze's name and line, unless
 * the channel is {@code critical: true} or the run sets {@value #IGNORE_PROPERTY}; both are let through with a
 * warning. What a channel holds now is what the downgrade guard compares against (the target's manifest or the live
 * site), or, for {@code check} without a site, the previous commit.
 */
public final class FreezeGuard {

    /** The property that lets every change through a freeze for one run. */
    public static final String IGNORE_PROPERTY = "releaseChannels.ignoreFreeze";

    private final boolean ignore;
    private final Clock clock;
    private final PublishLog log;

    /**
     * @param ignore whether {@value #IGNORE_PROPERTY} is set for this run
     * @param clock  the time the freezes are checked at
     * @param log    where changes let through are warned of
     */
    public FreezeGuard(boolean ignore, Clock clock, PublishLog log) {
        this.ignore = ignore;
        this.clock = clock;
        this.log = log;
    }

    /** Whether a freeze of {@code config} applies now: only then is anything compared (and git history read). */
    public boolean frozenNow(ChannelsConfig config) {
        return !Freeze.covering(config.freezes(), clock.instant()).isEmpty();
    }

    /**
     * Warns of the frozen changes let through and returns the refused ones, one line each with its place, what is
     * frozen and how to get the change through; empty when nothing is refused.
     */
    public List<String> refusals(List<ChannelChange> changes, ChannelsConfig after) {
        List<String> refused = new ArrayList<>();
        for (FrozenChange frozen : FreezeCheck.check(changes, after, clock.instant())) {
            String line = frozen.location() + ": " + frozen.describe();
            if (frozen.critical()) {
                log.warn(line);
            } else if (ignore) {
                log.warn(line + "; allowed by -D" + IGNORE_PROPERTY + "=true");
            } else {
                refused.add(line + " — " + frozen.fix() + " (or, for this run, -D" + IGNORE_PROPERTY + "=true)");
            }
        }
        return refused;
    }

    /**
     * What each channel held at the commit before {@code source}'s content: {@code HEAD} when the working tree
     * changes the file, else {@code HEAD}'s first parent (on a merge or squash commit, the branch before it). Empty
     * when there is no such commit or its file cannot be read or is not valid: then nothing is known to change.
     *
     * @param baseDirectory the project directory, as the file was read from
     */
    public static Optional<Map<String, ChannelState>> previousCommit(Path baseDirectory, Path file, Source source)
            throws IOException {
        if (source.commit().isEmpty() || source.rollback().isPresent()) {
            return Optional.empty();
        }
        String previous = source.uncommittedChanges()
                ? source.commit().get()
                : source.commit().get() + "^1";
        ChannelsConfig config;
        try {
            ChannelsSource.Content content = new ChannelsSource(baseDirectory).readAtRef(file, previous);
            config = new ChannelsFileParser()
                    .parse(content.bytes(), content.source().file());
        } catch (ChannelsFileException e) {
            return Optional.empty(); // no parent, no file there, or a file the build refused: nothing was published
        }
        Map<String, ChannelState> states = new LinkedHashMap<>();
        for (Channel channel : config.channels()) {
            states.put(channel.name(), ChannelState.of(channel));
        }
        return Optional.of(states);
    }
}
