// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.agent.AgentInstructions;
import io.github.releasechannels.agent.BaseUrl;
import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Rollback;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.promote.Pipeline;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.Headers;
import io.github.releasechannels.testing.Sites;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The status page's text; {@link StatusPageBrowserTest} reads it in a browser. */
class StatusPageTest {

    private static final String CHANNELS = """
            channels:
              current: {version: 14.2.1}
              stable/cloud: {version: 14.3.0, critical: true}
            maintenance: {utc_start_hour: 23, weekdays: [Sat, sun]}
            """;

    private static ChannelsConfig config(String yaml) throws Exception {
        return new ChannelsFileParser().parse(yaml.getBytes(StandardCharsets.UTF_8), "channels.yaml");
    }

    private static String page(String yaml, Source source, Optional<BaseUrl> baseUrl) throws Exception {
        Site site = new SiteRenderer().render(config(yaml), source, baseUrl);
        return new String(site.file(SiteLayout.INDEX_FILE).orElseThrow().content(), StandardCharsets.UTF_8);
    }

    private static Source committed() {
        return new Source("channels.yaml", Optional.of(Sites.COMMIT), Optional.of(Sites.COMMIT_TIME), false);
    }

    @Test
    void printsTheAgentInstructionsForTheBaseUrl() throws Exception {
        BaseUrl baseUrl = BaseUrl.parse("https://updates.example.com:8443/teleport", false);
        String html = page(CHANNELS, committed(), Optional.of(baseUrl));

        for (String channel : List.of("current", "stable/cloud")) {
            AgentInstructions.ForChannel expected = AgentInstructions.forChannel(baseUrl, channel, Optional.empty());
            for (String line : List.of(expected.check(), expected.endpoint(), expected.systemd(), expected.helm())) {
                assertTrue(html.contains("<pre>" + StatusPage.escape(line) + "</pre>"), line);
            }
        }
        assertTrue(html.contains("<pre>updates.example.com:8443/teleport/stable/cloud</pre>"), html);
        assertFalse(html.contains(AgentInstructions.PLACEHOLDER_HOST.substring(1)), "no placeholder with a base URL");
    }

    @Test
    void withoutABaseUrlSaysHowToSetIt() throws Exception {
        String html = page(CHANNELS, committed(), Optional.empty());

        assertTrue(html.contains("<pre>&lt;your-version-server&gt;/current</pre>"), html);
        assertTrue(html.contains("set <code>releaseChannels.baseUrl</code>"), html);
    }

    @Test
    void marksCriticalChannelsInWordsAndShowsTheWindowInUtc() throws Exception {
        String html = page(CHANNELS, committed(), Optional.empty());

        assertTrue(
                html.contains("<tr class=\"critical\"><td><code>stable/cloud</code></td><td><a class=\"version\" "
                        + "href=\"stable/cloud/version\">14.3.0</a></td><td><span class=\"marker\">CRITICAL</span>"),
                html);
        assertTrue(
                html.contains("<tr><td><code>current</code></td><td><a class=\"version\" "
                        + "href=\"current/version\">14.2.1</a></td><td>no</td></tr>"),
                html);
        assertTrue(html.contains("<p class=\"window\">Saturday, Sunday 23:00\u201300:00 UTC</p>"), html);
        assertTrue(page(
                        "channels: {a: {version: 1.0.0}}\nmaintenance: {utc_start_hour: 0}\n",
                        committed(),
                        Optional.empty())
                .contains("<p class=\"window\">Every day 00:00\u201301:00 UTC</p>"));
        String none = page("channels: {a: {version: 1.0.0}}\n", committed(), Optional.empty());
        assertTrue(none.contains("None declared in channels.yaml"), none);
        assertFalse(none.contains("href=\"cmc.yaml\""), "no link to a file the site does not have");
    }

    @Test
    void namesTheCommitAndItsTimeOrSaysThereIsNone() throws Exception {
        String html = page(CHANNELS, committed(), Optional.empty());
        assertTrue(html.contains("<code>" + Sites.COMMIT + "</code></dd>"), html);
        assertTrue(html.contains("<dt>Commit time</dt><dd>2024-05-14 09:30:00 UTC "), html);

        String dirty = page(
                CHANNELS,
                new Source("channels.yaml", Optional.of(Sites.COMMIT), Optional.of(Sites.COMMIT_TIME), true),
                Optional.empty());
        assertTrue(dirty.contains("PLUS UNCOMMITTED CHANGES"), dirty);

        String untracked = page(CHANNELS, Source.untracked("channels.yaml"), Optional.empty());
        assertTrue(untracked.contains("<dt>Commit</dt><dd>not from a git commit"), untracked);
        assertFalse(untracked.contains("Commit time"), untracked);
    }

    @Test
    void aRollbackSaysSoAtTheTopAndNamesHeadAndTheRef() throws Exception {
        String head = "b".repeat(40);
        String html = page(
                CHANNELS,
                new Source(
                        "channels.yaml",
                        Optional.of(Sites.COMMIT),
                        Optional.of(Sites.COMMIT_TIME),
                        false,
                        Optional.of(new Rollback("v1<", head, Sites.COMMIT))),
                Optional.empty());

        int notice = html.indexOf("<span class=\"marker\">ROLLBACK</span>");
        assertTrue(notice > 0 && notice < html.indexOf("<h2>"), html);
        assertTrue(
                html.contains("serves the channels of commit <code>" + Sites.COMMIT + "</code> (ref <code>v1&lt;"
                        + "</code>), not those of <code>HEAD</code> <code>" + head + "</code>"),
                html);
        assertTrue(html.contains("<dt>Rollback</dt><dd>from <code>HEAD</code> <code>" + head + "</code>"), html);
        assertFalse(page(CHANNELS, committed(), Optional.empty()).contains("ROLLBACK"));
    }

    @Test
    void escapesEveryValue() throws Exception {
        String html = page(CHANNELS, Source.untracked("ops/<b>&\"'/channels.yaml"), Optional.empty());

        assertTrue(html.contains("ops/&lt;b&gt;&amp;&quot;&#39;/channels.yaml"), html);
        assertFalse(html.contains("<b>"), html);
    }

    /**
     * The pipeline from the declarations alone: each stage with its source, soak and boundary, the hold with its
     * escaped reason, the freezes; the page says it cannot show since when or when due without the history.
     */
    @Test
    void showsThePipelineHoldsAndFreezesFromTheDeclarationsAndSaysWhatItCannotKnow() throws Exception {
        String html = page("""
                channels:
                  canary: {version: 17.3.0, hold: "crash <script> & arm64, INC-4711"}
                  current: {version: 17.2.1, promote: {from: canary, after: 48h}}
                  stable/v17: {version: 17.2.1, promote: {from: current, after: 7d, within: minor}}
                  other: {version: 16.0.0}
                freezes:
                  - {from: 2026-12-18, until: 2027-01-04, reason: year-end change freeze}
                  - {weekdays: [Sat, Sun], reason: no weekend changes}
                """, committed(), Optional.empty());

        assertTrue(html.contains("<h2>Promotions</h2>"), html);
        assertTrue(
                html.contains(
                        "does not show since when each source has served its version nor when a stage is " + "due"),
                html);
        assertTrue(
                html.contains("<tr><td data-label=\"Channel\"><code>canary</code></td><td data-label=\"Version\">17.3.0"
                        + "</td><td data-label=\"Takes the version of\">moved by hand or by Renovate</td><td></td><td>"
                        + "</td><td data-label=\"Hold\"><span class=\"marker\">HELD</span> crash &lt;script&gt; "
                        + "&amp; arm64, INC-4711</td></tr>"),
                html);
        assertTrue(
                html.contains(
                        "<tr><td data-label=\"Channel\"><code>current</code></td><td data-label=\"Version\">17.2.1"
                                + "</td><td data-label=\"Takes the version of\"><code>canary</code></td><td data-label="
                                + "\"After\">48h</td><td data-label=\"Within\">major</td><td></td></tr>"),
                html);
        assertTrue(
                html.contains("<tr><td data-label=\"Channel\"><code>stable/v17</code></td><td data-label=\"Version\">"
                        + "17.2.1</td><td data-label=\"Takes the version of\"><code>current</code></td><td "
                        + "data-label=\"After\">7d</td><td data-label=\"Within\">minor</td><td></td></tr>"),
                html);
        assertFalse(html.contains("<code>other</code></td><td data-label="), "not part of a pipeline");
        assertTrue(
                html.contains("<li>year-end change freeze: from 2026-12-18 00:00:00 UTC until 2027-01-04 00:00:00 UTC "
                        + "(line 7)</li>"),
                html);
        assertTrue(
                html.contains("<li>no weekend changes: every Saturday, Sunday (whole UTC days) (line 8)</li>"), html);
        assertFalse(html.contains("<script>"), html);
        assertFalse(page(CHANNELS, committed(), Optional.empty()).contains("Promotions"), "only when declared");
    }

    private static final String PIPELINE = """
            channels:
              canary: {version: 17.3.0}
              current: {version: 17.2.1, promote: {from: canary, after: 48h}}
              stable/v17: {version: 17.2.1, promote: {from: current, after: 7d}}
              edge: {version: 18.0.0, hold: "::error::forged <img src=x> & arm64"}
              beta: {version: 17.2.0, promote: {from: edge, after: 1d}}
            freezes:
              - {from: 2026-12-18, until: 2027-01-04, reason: year-end change freeze}
            """;

    private static String pipelinePage(Pipeline pipeline) throws Exception {
        Site site = new SiteRenderer()
                .render(config(PIPELINE), committed(), Optional.empty(), true, Optional.of(pipeline.state()));
        return new String(site.file(SiteLayout.INDEX_FILE).orElseThrow().content(), StandardCharsets.UTF_8);
    }

    /**
     * With the history: since when each source has had its version (the commit and its time), what each stage waits
     * for and when it is due; every value escaped, the hostile hold reason too.
     */
    @Test
    void showsWhereEachStageStandsFromTheHistory() throws Exception {
        ChannelsConfig config = config(PIPELINE);
        String html = pipelinePage(Sites.canaryServedSince(config, Instant.parse("2026-12-07T10:00:00Z")));

        assertTrue(html.contains("<h3>Where each stage stands</h3>"), html);
        assertFalse(html.contains("From the declarations alone"), html);
        assertTrue(
                html.contains(
                        "<tr><td data-label=\"Stage\"><code>beta</code></td><td data-label=\"Version\">17.2.0</td><td "
                                + "data-label=\"Source has\"><code>edge</code> 18.0.0</td><td data-label=\"Since\"></td><td "
                                + "data-label=\"Waits for\"><span class=\"marker\">HELD</span> edge is held: ::error::forged &lt;img "
                                + "src=x&gt; &amp; arm64 (channels.yaml:5)</td><td data-label=\"Due\">when a person acts</td></tr>"),
                html);
        assertTrue(
                html.contains(
                        "<tr><td data-label=\"Stage\"><code>current</code></td><td data-label=\"Version\">17.2.1</td><td "
                                + "data-label=\"Source has\"><code>canary</code> 17.3.0</td><td data-label=\"Since\"><time datetime=\"2026-12-07T10:00:00Z\">2026-12-07 10:00:00 UTC</time> <code>"
                                + Sites.COMMIT.substring(0, 12)
                                + "</code></td><td data-label=\"Waits for\">the soak: canary has served 17.3.0 since "
                                + "2026-12-07 10:00 UTC (commit " + Sites.COMMIT.substring(0, 12) + "), soak 48 h; due "
                                + "2026-12-09 10:00 UTC</td><td data-label=\"Due\"><time datetime=\"2026-12-09T10:00:00Z\">2026-12-09 10:00:00 "
                                + "UTC</time></td></tr>"),
                html);
        assertTrue(
                html.contains(
                        "<tr><td data-label=\"Stage\"><code>stable/v17</code></td><td data-label=\"Version\">17.2.1</td><td "
                                + "data-label=\"Source has\"><code>current</code> 17.2.1</td><td data-label=\"Since\"></td><td "
                                + "data-label=\"Waits for\">nothing: it has current&#39;s 17.2.1</td><td data-label=\"Due\"></td></tr>"),
                html);
        assertFalse(html.contains("<img"), html);
    }

    @Test
    void aHistoryThatCannotBeReadIsSaidAndTheStagesStillShowWhatTheFileSays() throws Exception {
        String html = pipelinePage(
                Pipeline.withoutHistory(config(PIPELINE), "channels.yaml is not in the work tree of a git repository"));

        assertTrue(
                html.contains("<p class=\"warning\">Since when and when due are not shown: channels.yaml is not in "
                        + "the work tree of a git repository.</p>"),
                html);
        assertTrue(
                html.contains(
                        "<td data-label=\"Waits for\">since when canary has served 17.3.0 is not known: channels.yaml is not in the "
                                + "work tree of a git repository</td><td data-label=\"Due\">not known</td></tr>"),
                html);
        assertTrue(html.contains("<span class=\"marker\">HELD</span> edge is held"), html);
    }

    @Test
    void hasNoScriptAndReferencesNothingOutsideTheSite() throws Exception {
        String html = page(CHANNELS, committed(), Optional.of(BaseUrl.parse("https://updates.example.com", false)));

        assertFalse(html.toLowerCase().contains("<script"), "no script");
        Matcher references = Pattern.compile("(?:href|src)=\"([^\"]*)\"").matcher(html);
        int count = 0;
        while (references.find()) {
            count++;
            String reference = references.group(1);
            assertTrue(!reference.contains(":") || reference.equals("data:,"), reference);
        }
        assertEquals(5, count, "the icon, two versions, the manifest and cmc.yaml");
        assertTrue(html.contains("content=\"default-src 'none'; style-src 'sha256-"), "the browser enforces it");
    }

    @Test
    void isOwnedHashedAndServedAsHtmlThatMayNotBeCached() throws Exception {
        Site site = Sites.render(CHANNELS);
        SiteFile index = site.file(SiteLayout.INDEX_FILE).orElseThrow();

        assertEquals(
                new Headers("text/html; charset=utf-8", "no-cache"),
                HeaderPolicy.defaults().headersFor(index));
        Manifest manifest =
                Manifest.parse(site.file(SiteLayout.MANIFEST_FILE).orElseThrow().content());
        assertTrue(manifest.files().contains(new Manifest.OwnedFile(SiteLayout.INDEX_FILE, index.sha256())));
        assertEquals(index, Sites.render(CHANNELS).file(SiteLayout.INDEX_FILE).orElseThrow(), "deterministic");
    }

    @Test
    void aSiteOfAHundredThousandChannelsListsTheFirstAndSumsUpTheRest() throws Exception {
        int count = 100_000;
        BaseUrl baseUrl = BaseUrl.parse("https://updates.example.com/teleport", false);
        String html = page(Sites.manyChannels(count), committed(), Optional.of(baseUrl));

        assertTrue(html.length() < 1_000_000, "a page a browser opens at once, not " + html.length() + " characters");
        assertEquals(StatusPage.MAX_LISTED_CHANNELS, count(html, "<td><code>fleet-"), "table rows");
        assertEquals(StatusPage.MAX_LISTED_CHANNELS, count(html, "<section class=\"agent\">"), "agent sections");
        assertTrue(html.contains("<td><code>fleet-000499</code>"), "the first channels by name");
        assertFalse(html.contains("fleet-000500"), "the rest only summed up");
        // Every 13th channel is critical: 7,693 in all, 39 of them among the first 500.
        assertTrue(
                html.contains("100,000 channels, 7,693 of them critical. This page lists the first 500 by name; "
                        + "the other 99,500 (7,654 critical) are in <a href=\"release-channels.json\">release-channels.json"
                        + "</a>"),
                html.substring(0, 6000));
    }

    @Test
    void aSiteOfAtMostTheLimitListsEveryChannelWithoutASummary() throws Exception {
        String html = page(Sites.manyChannels(StatusPage.MAX_LISTED_CHANNELS), committed(), Optional.empty());

        assertEquals(StatusPage.MAX_LISTED_CHANNELS, count(html, "<td><code>fleet-"));
        assertFalse(html.contains("class=\"summary\""), "nothing left out, nothing summed up");
    }

    private static int count(String text, String part) {
        int found = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            found++;
        }
        return found;
    }
}
