// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.testing;

import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteRenderer;
import java.nio.charset.StandardCharsets;

/** Sites rendered from channels.yaml text, as the goals render them. */
public final class TestSites {

    /** Three channels like the sample repository, without a maintenance window. */
    public static final String THREE_CHANNELS = """
            channels:
              current:
                version: 14.2.1
              canary:
                version: 14.3.0
              stable/v14:
                version: 14.3.0
                critical: true
            """;

    private TestSites() {}

    public static ChannelsConfig config(String yaml) throws Exception {
        return new ChannelsFileParser().parse(yaml.getBytes(StandardCharsets.UTF_8), "channels.yaml");
    }

    public static Site render(String yaml) throws Exception {
        return new SiteRenderer().render(config(yaml), Source.untracked("channels.yaml"));
    }
}
