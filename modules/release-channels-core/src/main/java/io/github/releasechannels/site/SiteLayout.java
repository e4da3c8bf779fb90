// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.site;

import java.util.Set;

/** File names at the root of a rendered site. Channels may not use them as their first path segment. */
public final class SiteLayout {

    /** The cluster_maintenance_config resource for {@code tctl create}. */
    public static final String CMC_FILE = "cmc.yaml";
    /** What was published, from which commit, and which files the site owns. */
    public static final String MANIFEST_FILE = "release-channels.json";
    /** The status page for people: every channel, the maintenance window, the source and how to use them. */
    public static final String INDEX_FILE = "index.html";

    public static final Set<String> ROOT_FILES = Set.of(CMC_FILE, MANIFEST_FILE, INDEX_FILE);

    private SiteLayout() {}
}
