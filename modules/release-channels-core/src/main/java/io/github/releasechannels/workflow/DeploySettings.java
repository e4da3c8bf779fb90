// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import io.github.releasechannels.publish.TargetOptions;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The deploy goal's settings.
 *
 * @param run               what every goal reads
 * @param site              where the site and the cluster resources are rendered
 * @param target            where to publish, as given; empty when not set
 * @param serverId          the id of the front end's server entry holding the target's credentials
 * @param dryRun            plan only, change nothing
 * @param cacheControl      Cache-Control of {@code version} and {@code critical} where the target serves headers
 * @param targetOptions     the target options, typed and checked
 * @param verifyWaitSeconds after publishing, ask again until in sync or this many seconds have passed
 * @param allowDowngrade    publish even when a channel's version goes down
 * @param ignoreFreeze      publish a version change inside a freeze of channels.yaml anyway, with a warning
 * @param allowUncommitted  in CI, publish a channels file that differs from its commit anyway
 * @param writeLocalSite    also write the site into the output directory; empty: only for a target on this machine
 * @param offline           the front end runs offline: nothing is sent over the network
 * @param workDirectory     scratch space of the targets (git clones)
 */
public record DeploySettings(
        RunSettings run,
        SiteSettings site,
        Optional<String> target,
        Optional<String> serverId,
        boolean dryRun,
        String cacheControl,
        TargetOptions targetOptions,
        int verifyWaitSeconds,
        boolean allowDowngrade,
        boolean ignoreFreeze,
        boolean allowUncommitted,
        Optional<Boolean> writeLocalSite,
        boolean offline,
        Path workDirectory) {

    /** Blank text counts as unset; a server id is trimmed. */
    public DeploySettings {
        Objects.requireNonNull(targetOptions, "targetOptions");
        Objects.requireNonNull(workDirectory, "workDirectory");
        target = target.filter(t -> !t.isBlank());
        serverId = serverId.map(String::trim).filter(id -> !id.isEmpty());
    }
}
