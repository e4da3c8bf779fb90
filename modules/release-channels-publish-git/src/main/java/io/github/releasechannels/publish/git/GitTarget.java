// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.TargetUri;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.URIish;

/**
 * A parsed {@code git+https://host/repo.git#branch} target.
 *
 * @param remote    the repository URL without the {@code git+} prefix and without the branch; never holds a secret
 * @param transport how the remote is reached
 * @param branch    the branch the site is committed to
 * @param directory the folder of the branch the site lives in, {@code ""} for the root, else ending in {@code /}
 */
record GitTarget(URIish remote, Transport transport, String branch, String directory) {

    /** How the remote repository is reached. */
    enum Transport {
        HTTPS,
        HTTP_LOOPBACK,
        SSH,
        FILE
    }

    static final String DEFAULT_BRANCH = "gh-pages";
    private static final String EXPECTED = "Example: " + GitPublisherFactory.EXAMPLE;

    /** @param directory {@link GitOptions#directory()}; null for the branch's root */
    static GitTarget parse(String target, String directory) throws InvalidTargetException {
        // Refuses a token before the '@' and a query, without repeating them: this method may quote the rest.
        TargetUri parsed = TargetUri.parse(target);
        URI uri = parsed.uri(EXPECTED);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        Transport transport = switch (scheme) {
            case "https" -> Transport.HTTPS;
            case "http" -> Transport.HTTP_LOOPBACK;
            case "ssh" -> Transport.SSH;
            case "file" -> Transport.FILE;
            default -> throw parsed.invalid("uses git+" + scheme + "; use git+https, git+ssh or git+file", EXPECTED);
        };
        if (transport != Transport.FILE && uri.getHost() == null) {
            throw parsed.invalid(
                    "has no host name; write it as " + scheme
                            + "://host/owner/repo.git (a slash, not a colon, after the host)",
                    EXPECTED);
        }
        parsed.requireEncryption(uri, "the token", EXPECTED);
        String branch = uri.getFragment() == null || uri.getFragment().isBlank() ? DEFAULT_BRANCH : uri.getFragment();
        if (!Repository.isValidRefName("refs/heads/" + branch)) {
            throw parsed.invalid("names the branch '" + branch + "', which is not a valid git branch name", EXPECTED);
        }
        String withoutPrefix = uri.toString();
        String remote = withoutPrefix.substring(
                0,
                withoutPrefix.length()
                        - (uri.getRawFragment() == null
                                ? 0
                                : uri.getRawFragment().length() + 1));
        try {
            return new GitTarget(new URIish(remote), transport, branch, directory == null ? "" : directory);
        } catch (URISyntaxException e) {
            throw parsed.invalid("is not a git URL (" + e.getReason() + ")", EXPECTED);
        }
    }

    /** For messages: where the site goes. */
    String describe() {
        return "git branch " + branch + (directory.isEmpty() ? "" : ", folder " + directory) + " of " + remote;
    }
}
