// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import io.github.releasechannels.gitauth.GitHttpsToken;
import io.github.releasechannels.publish.NetworkTimeout;
import io.github.releasechannels.publish.TargetException;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;

/** JGit's failures of a fetch or push translated for the user: what retrying can fix and what it cannot. */
final class GitFailures {

    private final GitTarget target;
    private final GitAuth auth;
    private final NetworkTimeout timeout;

    GitFailures(GitTarget target, GitAuth auth, NetworkTimeout timeout) {
        this.target = target;
        this.auth = auth;
        this.timeout = timeout;
    }

    /**
     * A JGit failure as a publish reports it: secrets masked, authentication and missing repositories as
     * {@link TargetException}s (retrying cannot fix them), anything else as a retryable {@link IOException}.
     */
    IOException failure(String what, boolean writing, IOException error) {
        String message = auth.redact(error.getMessage());
        Throwable cause = auth.leaks(error) ? null : error;
        String lower = message.toLowerCase(Locale.ROOT);
        // The check's own words, with the fingerprint and the fix, rather than JGit's summary of them.
        Optional<String> hostKeyRejection = auth.hostKeyRejection();
        if (hostKeyRejection.isPresent()) {
            return new TargetException(hostKeyRejection.get(), cause);
        }
        if (NetworkTimeout.isSocketTimeout(error) || lower.contains("timed out")) {
            return new IOException(
                    "could not " + what + " of " + target.remote() + ": " + timeout.timedOut() + " (" + message + ")",
                    cause);
        }
        if (GitHttpsToken.isRefusedCredential(lower)) {
            return new TargetException(
                    "Could not " + what + " of " + target.remote() + ": " + message
                            + ". The server refused " + auth.describe()
                            + (writing ? "" : " (missing, expired or wrong?)")
                            + "; the credential needs write access to the repository's contents (GitHub Actions: "
                            + "'permissions: contents: write'; fine-grained token: 'Contents: Read and write')",
                    cause);
        }
        if (lower.contains("host key") || lower.contains("server key")) {
            return new TargetException(
                    "Could not " + what + " of " + target.remote() + ": " + message
                            + ". The server's host key must be listed in the known_hosts file (releaseChannels.knownHosts)",
                    cause);
        }
        if (error instanceof NoRemoteRepositoryException) {
            return new TargetException(
                    "Could not " + what + ": " + message + ". Check the repository URL and " + "that " + auth.describe()
                            + " can see the repository",
                    cause);
        }
        return new IOException("could not " + what + " of " + target.remote() + ": " + message, cause);
    }
}
