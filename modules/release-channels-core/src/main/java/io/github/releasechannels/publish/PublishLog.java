// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

/** The few ways the core reports progress; the Mojo adapts Maven's log to it. Never pass a secret. */
public interface PublishLog {

    void info(String message);

    void warn(String message);

    void debug(String message);

    PublishLog SILENT = new PublishLog() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void debug(String message) {}
    };
}
