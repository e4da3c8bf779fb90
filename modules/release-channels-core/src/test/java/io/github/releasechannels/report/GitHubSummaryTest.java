// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.testing.TestSites;
import java.util.List;
import org.junit.jupiter.api.Test;

class GitHubSummaryTest {

    @Test
    void aPlanShowsEveryChannelOldToNewWithTheCriticalMarkerAndTheDowngradeOnItsLine() throws Exception {
        assertEquals("""
                ### ❌ `teleport/channels.yaml` is valid but cannot be published: agents would downgrade

                From commit `0123456789abcdef0123456789abcdef01234567`, by `release-channels:check`.

                | | Where | What | How to fix |
                |---|---|---|---|
                | ❌ | `teleport/channels.yaml:7:3` | channel 'stable/v14' goes down from 14.3.0 (served now at https://updates.example.com) to 14.1.0 | every agent on it would downgrade. If that is intended, add 'allow\\_downgrade: true' to channel 'stable/v14' in channels.yaml, or allow it for this run only with -DreleaseChannels.allowDowngrade=true. |

                **Channels**, compared with what is served now at https://updates.example.com:

                | Channel | Version | Critical | Change |
                |---|---|---|---|
                | `canary` | 14.3.0 | no | added |
                | `current` | 14.2.1 → **14.2.2** | no → **🚨 yes** | **changed** |
                | `stable/v14` | 14.3.0 → **14.1.0** | no | **changed** |
                | `edge` | ~~16.0.0~~ | ~~no~~ | removed |

                """, GitHubSummary.markdown(Reports.plannedCheck()));
    }

    @Test
    void anInvalidFileListsEveryProblem() {
        assertEquals("""
                ### ❌ `teleport/channels.yaml` is not valid

                | | Where | What | How to fix |
                |---|---|---|---|
                | ❌ | `teleport/channels.yaml:4:5` | unknown key 'critcal' in channel 'current' | did you mean 'critical'? |
                | ❌ | `teleport/channels.yaml:7:14` | 100% wrong: a, b | write it\\\\u000Aon one line |

                """, GitHubSummary.markdown(Reports.invalid()));
    }

    @Test
    void verifyShowsEachChannelsResultWithServedTextEscaped() throws Exception {
        assertEquals("""
                ### ❌ `channels.yaml` is valid, but release-channels:verify failed

                **Channels**:

                | Channel | Version | Critical |
                |---|---|---|
                | `canary` | 14.3.0 | no |
                | `current` | 14.2.2 | 🚨 yes |
                | `stable/v14` | 14.1.0 | no |

                **Verify** https://updates.example.com/teleport: 1 of 3 in sync, 1 drift, 0 missing, 1 error:

                | Channel | Result | Served |
                |---|---|---|
                | `canary` | ✅ in sync | 14.3.0, critical no |
                | `current` | ❌ drift | serves 14.2.1 &lt;old&gt;, channels.yaml says 14.2.2 |
                | `stable/v14` | ❌ error | no answer &amp; "timeout" |

                """, GitHubSummary.markdown(Reports.verified()));
    }

    @Test
    void aManagedUpdatesSectionInChannelsYamlIsTheReportsRollout() throws Exception {
        RunReport report = new RunReport.Builder("check", "channels.yaml", Reports.CHANNELS_FILE)
                .loaded(TestSites.config("""
                        channels:
                          current:
                            version: 17.2.1
                        managed_updates:
                          mode: enabled
                          start_version: 17.2.0
                          follows: current
                          groups:
                            - name: dev
                              days: [Mon, tue]
                              start_hour: 4
                              canary_count: 2
                            - name: prod
                              days: ["*"]
                              start_hour: 14
                              wait_hours: 24
                        """), io.github.releasechannels.model.Source.untracked("channels.yaml"))
                .build();
        String markdown = GitHubSummary.markdown(report);
        assertTrue(markdown.contains("""
                **Rollout** (Managed Updates v2): enabled, halt-on-error, 17.2.0 → 17.2.1

                | Group | Days | Start (UTC) | Wait | Canaries |
                |---|---|---|---|---|
                | `dev` | Mon, Tue | 04:00 | 0 h | 2 |
                | `prod` | \\* | 14:00 | 24 h | 0 |
                """), markdown);
    }

    @Test
    void textFromOutsideOpensNoTagHeadingCodeSpanLinkOrCell() {
        for (String hostile : List.of(
                "<img src=x>",
                "### Verified",
                "`14.2.1` ok",
                "a|b",
                "a\rb",
                "a\nb",
                "[x](https://e.example)",
                "**b**",
                "&lt;",
                "x ##[stop-commands]y",
                "::error::z")) {
            String shown = GitHubSummary.text(hostile);
            assertFalse(shown.contains("<") || shown.contains("\r") || shown.contains("\n"), shown);
            assertFalse(shown.startsWith("#"), shown);
            assertFalse(shown.contains("##["), shown);
            for (int i = 0; i < shown.length(); i++) {
                if ("|`*[]".indexOf(shown.charAt(i)) >= 0) {
                    assertEquals('\\', shown.charAt(i - 1), shown);
                }
            }
        }
        assertEquals("`stable/v14`", GitHubSummary.code("stable/v14"));
        assertEquals("edge&lt;img src=x&gt;\\`", GitHubSummary.code("edge<img src=x>`"));
    }

    @Test
    void markdownAndHtmlInServedTextAreShownLiterally() {
        assertEquals(
                "\\*\\*bold\\*\\* &lt;img src=x&gt; a\\|b \\[link\\]",
                GitHubSummary.text("**bold** <img src=x> a|b [link]"));
    }

    /** Each stage where it stands at the run's instant, then holds and freezes; the hold's reason stays text. */
    @Test
    void promotionsShowEachStageSinceWhenWhatItWaitsForAndWhenDueWithHoldsAndFreezes() throws Exception {
        String markdown = GitHubSummary.markdown(Reports.promoted("deploy"));

        assertTrue(markdown.contains("""
                **Promotions** at 2026-12-08 17:00 UTC (what a promote run would do, without checking what the site \
                serves):

                | Stage | Version | Source | Since | Now | Due |
                |---|---|---|---|---|---|
                | `beta` | 17.2.0 | `edge` 18.0.0 | — | ⏳ edge is held: &lt;img src=x&gt; ::error::forged \\| cell \
                (channels.yaml:5) | — |
                | `current` | 17.2.1 | `canary` 17.3.0 | 2026-12-07 10:00 UTC `0123456789ab` | ⏳ canary has served \
                17.3.0 for 31 h of 48 h; due 2026-12-09 10:00 UTC | 2026-12-09 10:00 UTC |
                | `stable/v17` | 17.2.1 | `current` 17.2.1 | — | ✅ has `current`'s 17.2.1 | — |

                - ✋ `edge` is held: &lt;img src=x&gt; ::error::forged \\| cell (line 5)
                - 🧊 freeze year-end change freeze: from 2026-12-18 00:00:00 UTC until 2027-01-04 00:00:00 UTC (line 8)
                - 🧊 freeze no Tuesday &lt;b&gt;changes&lt;/b&gt;: every Tuesday (whole UTC days) (line 9), **in force now**

                """), markdown);
        assertFalse(markdown.contains("<img") || markdown.contains("<b>"), markdown);
    }
}
