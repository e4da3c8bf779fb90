// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

/**
 * How to publish.
 *
 * @param dryRun  plan and report only, change nothing
 * @param headers the Content-Type and Cache-Control of each file
 * @param guard   checks the previously published state before anything is written
 * @param log     where progress goes
 */
public record PublishRequest(boolean dryRun, HeaderPolicy headers, PublishGuard guard, PublishLog log) {}
