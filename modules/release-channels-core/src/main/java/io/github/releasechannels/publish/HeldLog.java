// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A log that keeps its info and debug lines until they are replayed, or drops them when the work is done again
 * under the lock; warnings (a retry, a timeout) go out at once, where they happened.
 */
final class HeldLog implements PublishLog {

    private final PublishLog log;
    private final List<Consumer<PublishLog>> lines = new ArrayList<>();

    HeldLog(PublishLog log) {
        this.log = log;
    }

    @Override
    public synchronized void info(String message) {
        lines.add(target -> target.info(message));
    }

    @Override
    public void warn(String message) {
        log.warn(message);
    }

    @Override
    public synchronized void debug(String message) {
        lines.add(target -> target.debug(message));
    }

    synchronized void replay() {
        lines.forEach(line -> line.accept(log));
        lines.clear();
    }
}
