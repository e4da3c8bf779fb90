// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

/**
 * The serve goal's settings.
 *
 * @param run          what every goal reads
 * @param site         where the site is rendered before it is served
 * @param port         the port on 127.0.0.1; 0 picks a free one
 * @param cacheControl Cache-Control of {@code version} and {@code critical}, as deploy sets it
 */
public record ServeSettings(RunSettings run, SiteSettings site, int port, String cacheControl) {}
