// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.releasechannels.model.Rollback;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.publish.PublishPlan;
import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteLayout;
import io.github.releasechannels.testing.Sites;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The publish commit's message reads as a release log, and says when a publish was a rollback. */
class PublishCommitMessageTest {

    private static final String HEAD = "fedcba9876543210fedcba9876543210fedcba98";

    @Test
    void aPublishNamesItsSourceCommitAndEachChangedChannel() throws Exception {
        Site previous = Sites.render("channels: {current: {version: 14.2.1}}\n");
        Site site = Sites.render("channels: {current: {version: 14.2.2}}\n");
        String message = PublishCommitMessage.of(site, Optional.of(manifest(previous)), plan());
        assertEquals(
                "Publish release channels from 0123456\n\ncurrent: version 14.2.1 → 14.2.2\n\n" + "Source-Commit: "
                        + Sites.COMMIT + "\n",
                message);
        assertFalse(message.contains("Rollback"), message);
    }

    @Test
    void aRollbackSaysSoInTheSubjectAndNamesTheHeadItRolledBackFrom() throws Exception {
        Site previous = Sites.render("channels: {current: {version: 14.2.2}}\n");
        Site rolledBack = Sites.render(
                "channels: {current: {version: 14.2.1}}\n",
                new Source(
                        "channels.yaml",
                        Optional.of(Sites.COMMIT),
                        Optional.of(Sites.COMMIT_TIME),
                        false,
                        Optional.of(new Rollback("v14.2.1", HEAD, Sites.COMMIT))));
        String message = PublishCommitMessage.of(rolledBack, Optional.of(manifest(previous)), plan());
        assertEquals(
                "Roll back release channels to 0123456 (from fedcba9)\n\ncurrent: version 14.2.2 → 14.2.1\n\n"
                        + "A rollback: channels.yaml as of ref 'v14.2.1', not of HEAD " + HEAD + ".\n\n"
                        + "Source-Commit: " + Sites.COMMIT + "\nRollback-From: " + HEAD + "\n",
                message);
    }

    private static Manifest manifest(Site site) throws Manifest.InvalidManifestException {
        return Manifest.parse(site.file(SiteLayout.MANIFEST_FILE).orElseThrow().content());
    }

    private static PublishPlan plan() {
        return new PublishPlan(List.of(), Optional.empty());
    }
}
