// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

/**
 * Another publish holds the target or changed it while this one ran. Not retried: running again re-plans from
 * what the target then holds, and the downgrade guard checks that state.
 */
public class ConcurrentPublishException extends TargetException {

    public ConcurrentPublishException(String message) {
        super(message);
    }
}
