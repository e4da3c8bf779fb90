// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.testing;

import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.model.Version;
import io.github.releasechannels.promote.Pipeline;
import io.github.releasechannels.promote.SourceRun;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteRenderer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Sites for tests, rendered from channels.yaml text through the real parser and renderer. */
public final class Sites {

    public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    public static final Instant COMMIT_TIME = Instant.parse("2024-05-14T09:30:00Z");

    private Sites() {}

    public static Site render(String channelsYaml) {
        return render(channelsYaml, new Source("channels.yaml", Optional.of(COMMIT), Optional.of(COMMIT_TIME), false));
    }

    /**
     * The pipeline of {@code config} as a history shows it where commit {@link #COMMIT} gave {@code canary} 17.3.0 at
     * {@code since}.
     */
    public static Pipeline canaryServedSince(ChannelsConfig config, Instant since) {
        return Pipeline.ofRuns(
                config,
                Map.of(
                        "canary",
                        SourceRun.since(
                                "canary",
                                Version.parse("17.3.0").orElseThrow(),
                                new SourceRun.Start(COMMIT, since),
                                "")));
    }

    /**
     * A channels.yaml of {@code count} channels {@code fleet-000000}, {@code fleet-000001}, ..., at versions
     * {@code 14.<i mod 10>.1}, every 13th critical (the first included).
     */
    public static String manyChannels(int count) {
        StringBuilder yaml = new StringBuilder("channels:\n");
        for (int i = 0; i < count; i++) {
            yaml.append(String.format(
                    Locale.ROOT, "  fleet-%06d:\n    version: 14.%d.1\n    critical: %s\n", i, i % 10, i % 13 == 0));
        }
        return yaml.append("maintenance: {utc_start_hour: 2}\n").toString();
    }

    public static Site render(String channelsYaml, Source source) {
        try {
            var config = new ChannelsFileParser().parse(channelsYaml.getBytes(StandardCharsets.UTF_8), source.file());
            return new SiteRenderer().render(config, source);
        } catch (ChannelsFileException e) {
            throw new IllegalArgumentException("test channels.yaml is invalid: " + e.getMessage(), e);
        }
    }
}
