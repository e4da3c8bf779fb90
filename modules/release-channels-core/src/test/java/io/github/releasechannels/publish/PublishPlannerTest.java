// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteLayout;
import io.github.releasechannels.testing.Sites;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plan's waves: the one place the write order is decided. */
class PublishPlannerTest {

    private static final String V1 = """
            channels:
              current: {version: 14.2.1}
              stable/cloud: {version: 14.3.0, critical: true}
              old: {version: 13.0.0}
            maintenance: {utc_start_hour: 2, weekdays: [Mon]}
            """;

    /** {@code current} becomes critical, {@code stable/cloud} stops being critical, {@code old} is gone. */
    private static final String V2 = """
            channels:
              current: {version: 14.2.2, critical: true}
              stable/cloud: {version: 14.3.1}
            maintenance: {utc_start_hour: 2, weekdays: [Mon]}
            """;

    private final PublishPlanner planner = new PublishPlanner();

    @Test
    void aFirstPublishWritesSiteFilesThenEachChannelCriticalFirstThenTheStatusPageThenTheManifest() throws Exception {
        PublishPlan plan = planner.plan(Sites.render(V1), Optional.empty(), Map.of(), HeaderPolicy.defaults(), false);

        assertEquals(
                List.of(Wave.Kind.SITE_FILES, Wave.Kind.CHANNELS, Wave.Kind.STATUS_PAGE, Wave.Kind.MANIFEST),
                plan.waves().stream().map(Wave::kind).toList());
        assertEquals(
                List.of(
                        List.of("add current/critical", "add current/version"),
                        List.of("add old/critical", "add old/version"),
                        List.of("add stable/cloud/critical", "add stable/cloud/version")),
                chains(plan, Wave.Kind.CHANNELS),
                "a channel the target does not serve yet gets its flag first, whatever the flag");
        assertEquals(List.of(List.of("add " + SiteLayout.INDEX_FILE)), chains(plan, Wave.Kind.STATUS_PAGE));
        assertEquals(List.of(List.of("add " + SiteLayout.MANIFEST_FILE)), chains(plan, Wave.Kind.MANIFEST));
        chains(plan, Wave.Kind.SITE_FILES).forEach(chain -> assertEquals(1, chain.size(), "each on its own"));
    }

    @Test
    void aChangeOrdersEachChannelByItsNewFlagAndDeletesVersionBeforeCriticalAfterEveryWrite() throws Exception {
        Site before = Sites.render(V1);
        Map<String, StoredFile> existing = new HashMap<>();
        for (SiteFile file : before.files()) {
            existing.put(file.path(), new StoredFile(file.path(), Optional.of(file.sha256()), Optional.empty()));
        }
        Manifest previous = Manifest.parse(
                before.file(SiteLayout.MANIFEST_FILE).orElseThrow().content());

        PublishPlan plan =
                planner.plan(Sites.render(V2), Optional.of(previous), existing, HeaderPolicy.defaults(), false);

        assertEquals(
                List.of(
                        Wave.Kind.SITE_FILES,
                        Wave.Kind.CHANNELS,
                        Wave.Kind.DELETIONS,
                        Wave.Kind.STATUS_PAGE,
                        Wave.Kind.MANIFEST),
                plan.waves().stream().map(Wave::kind).toList());
        assertEquals(
                List.of(
                        List.of("update current/version", "update current/critical"),
                        List.of("update stable/cloud/critical", "update stable/cloud/version")),
                chains(plan, Wave.Kind.CHANNELS),
                "version first when it becomes critical, critical first when it stops being critical");
        assertEquals(List.of(List.of("delete old/version", "delete old/critical")), chains(plan, Wave.Kind.DELETIONS));
        assertEquals(
                plan.waves().stream().flatMap(wave -> wave.steps().stream()).toList(),
                plan.steps(),
                "the steps are the waves' in order");
    }

    private static List<List<String>> chains(PublishPlan plan, Wave.Kind kind) {
        return plan.waves().stream()
                .filter(wave -> wave.kind() == kind)
                .flatMap(wave -> wave.chains().stream())
                .map(chain -> chain.stream().map(PlannedChange::toString).toList())
                .toList();
    }
}
