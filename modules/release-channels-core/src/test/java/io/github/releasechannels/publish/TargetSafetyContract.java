// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.guard.CurrentVersions;
import io.github.releasechannels.guard.DowngradeGuard;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteLayout;
import io.github.releasechannels.testing.RecordingLog;
import io.github.releasechannels.testing.TestSites;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every target must refuse, run against each real target the suite starts: a revert below what the target
 * serves (even when its manifest is behind or gone), and a manifest whose paths lead anywhere but inside the site.
 * Refusals are deterministic, so none of them is retried.
 */
public abstract class TargetSafetyContract {

    protected static final String NEWER =
            "channels:\n  current:\n    version: 14.3.0\n  canary:\n    version: 15.0.0\n";
    protected static final String OLDER =
            "channels:\n  current:\n    version: 14.2.1\n  canary:\n    version: 15.0.0\n";

    protected final RecordingLog log = new RecordingLog();

    /** A new publisher for the target under test, retrying up to four times without waiting. */
    protected abstract Publisher publisher() throws Exception;

    /** Writes a file onto the target as someone else (or an interrupted publish) would, bypassing the plugin. */
    protected abstract void put(String path, String content) throws Exception;

    /** Removes a file from the target as someone else would. */
    protected abstract void remove(String path) throws Exception;

    /** The file on the target, if any. */
    protected abstract Optional<String> get(String path) throws Exception;

    /** A manifest path that, followed, leads to {@link #victimIntact() a file outside the site}, planted now. */
    protected abstract String pathToVictim() throws Exception;

    /** Whether the file outside the site that {@link #pathToVictim()} leads to is still there, untouched. */
    protected abstract boolean victimIntact() throws Exception;

    protected PublishReport publish(String yaml) throws Exception {
        Site site = TestSites.render(yaml);
        try (Publisher publisher = publisher()) {
            return publisher.publish(
                    site,
                    new PublishRequest(
                            false,
                            HeaderPolicy.defaults(),
                            new DowngradeGuard(false, CurrentVersions.UNKNOWN, "nowhere", log),
                            log));
        }
    }

    @Test
    void aRevertAfterAPublishCutBeforeItsManifestIsRefusedAsADowngrade() throws Exception {
        publish(OLDER);
        // The next publish wrote current/version, then stopped before the manifest: agents read 14.3.0.
        put("current/version", "14.3.0");

        PublishRefusedException e = assertThrows(PublishRefusedException.class, () -> publish(OLDER));

        assertEquals(1, e.reasons().size(), e.getMessage());
        assertTrue(
                e.getMessage()
                        .startsWith("channel 'current' goes down from 14.3.0 (served now by the target's "
                                + "current/version) to 14.2.1"),
                e.getMessage());
        assertEquals(Optional.of("14.3.0"), get("current/version"), "nothing was written");
    }

    @Test
    void aRevertAfterTheManifestWasDeletedIsRefusedAsADowngrade() throws Exception {
        publish(NEWER);
        remove(SiteLayout.MANIFEST_FILE);

        PublishRefusedException e = assertThrows(PublishRefusedException.class, () -> publish(OLDER));

        assertTrue(
                e.getMessage()
                        .startsWith("channel 'current' goes down from 14.3.0 (served now by the target's "
                                + "current/version) to 14.2.1"),
                e.getMessage());
        assertEquals(Optional.of("14.3.0"), get("current/version"));
        assertEquals(Optional.empty(), get(SiteLayout.MANIFEST_FILE), "nothing was written");
    }

    @Test
    void aRepublishOverAnInterruptedOneCompletesIt() throws Exception {
        publish(OLDER);
        put("current/version", "14.3.0");

        publish(NEWER);

        assertEquals(Optional.of("14.3.0"), get("current/version"));
        assertTrue(get(SiteLayout.MANIFEST_FILE).orElseThrow().contains("\"version\": \"14.3.0\""));
    }

    @Test
    void aManifestPathLeadingOutsideTheSiteIsRefusedNamingTheEntryAndNothingOutsideIsTouched() throws Exception {
        publish(OLDER);
        String escape = pathToVictim();
        List<String> hostile = List.of(
                escape,
                "/etc/passwd",
                "current/\u0000version",
                "current\\..\\..\\x",
                "current//version",
                "./current/version",
                "",
                "current/version/..",
                "current/\u001b[2Jversion");
        for (String path : hostile) {
            put(SiteLayout.MANIFEST_FILE, manifestListing(path));
            log.clear();

            TargetException e = assertThrows(TargetException.class, () -> publish(NEWER), path);

            assertTrue(
                    e.getMessage()
                            .startsWith(SiteLayout.MANIFEST_FILE + " cannot be read: 'files' entry 2 has " + "the path "
                                    + jsonString(path) + ", which "),
                    e.getMessage());
            assertFalse(log.contains("retrying"), "a refusal is not retried: " + log);
            assertTrue(victimIntact(), "nothing outside the site was touched, with " + jsonString(path));
            assertEquals(Optional.of("14.2.1"), get("current/version"), "nothing was written");
        }
    }

    /** A manifest as a publish writes it, listing {@code path} as a file the site owns. */
    private static String manifestListing(String path) {
        String sha = "0".repeat(64);
        return "{\"format\": 1, \"channels\": [{\"name\": \"current\", \"version\": \"14.2.1\", \"critical\": false}],"
                + " \"files\": [{\"path\": \"cmc.yaml\", \"sha256\": \"" + sha + "\"}, {\"path\": " + jsonString(path)
                + ", \"sha256\": \"" + sha + "\"}]}";
    }

    private static String jsonString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
