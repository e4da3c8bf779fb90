// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.testing;

import io.github.releasechannels.publish.PublishLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every line a publish logs, with its level, to check what users see (and that no secret is in it). */
public final class RecordingLog implements PublishLog {

    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
        lines.add("INFO " + message);
    }

    @Override
    public void warn(String message) {
        lines.add("WARN " + message);
    }

    @Override
    public void debug(String message) {
        lines.add("DEBUG " + message);
    }

    /** A copy of the lines logged so far. */
    public List<String> lines() {
        return new ArrayList<>(lines);
    }

    public boolean contains(String text) {
        return lines.stream().anyMatch(line -> line.contains(text));
    }

    public void clear() {
        lines.clear();
    }

    @Override
    public String toString() {
        return lines.toString();
    }
}
