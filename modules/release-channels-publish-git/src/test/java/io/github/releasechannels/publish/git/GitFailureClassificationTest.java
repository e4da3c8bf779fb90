// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.gitauth.GitHttpsToken;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Which JGit messages mean "the server refused the credential" (stop) and which are transient (retry). */
class GitFailureClassificationTest {

    private static boolean refused(String message) {
        return GitHttpsToken.isRefusedCredential(message.toLowerCase(Locale.ROOT));
    }

    @Test
    void credentialRefusalsStopAtOnce() {
        assertTrue(refused("https://github.com/acme/updates.git: not authorized"));
        assertTrue(
                refused(
                        "https://github.com/acme/updates.git: git-receive-pack not permitted on 'https://github.com/acme/updates.git/'"));
        assertTrue(refused("https://example.com/updates.git: 403 Forbidden"));
        assertTrue(refused("HTTP 401 from https://example.com/updates.git"));
        assertTrue(refused("Authentication is required but no CredentialsProvider has been registered"));
        assertTrue(refused("ssh://git@example.com/updates.git: Permission denied (publickey)"));
    }

    @Test
    void numbersInsideTheUrlAreNotStatusCodes() {
        assertFalse(refused("http://127.0.0.1:40123/updates.git: Connection reset"));
        assertFalse(refused("http://127.0.0.1:401/updates.git: Connection refused"));
        assertFalse(refused("https://example.com/team-401/updates.git: Read timed out"));
        assertFalse(refused("https://example.com/401/updates.git: Premature EOF"));
        assertFalse(refused("https://10.0.0.403.example.com/updates.git: Remote hung up"));
    }
}
