// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.site.Site;
import java.io.IOException;

/**
 * Publishes a rendered site to one kind of target (one URI scheme). Implementations change only files the site
 * owns, write each channel in an order agents can never misread, and write the manifest last.
 */
public interface Publisher extends AutoCloseable {

    /** Where this publisher writes and with which credential source, safe to log (never a secret). */
    String describe();

    /**
     * Publishes {@code site}, or with {@link PublishRequest#dryRun()} only plans and reports.
     *
     * @throws PublishRefusedException when a guard refuses the change (user input; nothing was written)
     * @throws IOException             when the target fails after retries; every channel is in its old or new state
     */
    PublishReport publish(Site site, PublishRequest request) throws IOException, PublishRefusedException;

    /**
     * Reads now what the first {@link #publish} reads before anything else (see {@link FileStore#prefetchSnapshot}),
     * so a deploy can do it while channels.yaml is read and rendered; a publisher without such reads does nothing.
     */
    default void prefetchSnapshot() {}

    @Override
    void close() throws IOException;
}
