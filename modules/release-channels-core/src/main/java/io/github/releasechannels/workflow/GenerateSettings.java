// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

/**
 * The generate goal's settings.
 *
 * @param run  what every goal reads
 * @param site where the site and the cluster resources are rendered
 */
public record GenerateSettings(RunSettings run, SiteSettings site) {}
