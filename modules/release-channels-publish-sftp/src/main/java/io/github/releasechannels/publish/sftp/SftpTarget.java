// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.sftp;

import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.TargetUri;
import io.github.releasechannels.publish.ssh.HostKeyCheck;
import java.net.URI;
import java.util.Optional;

/**
 * A parsed {@code sftp://USER@HOST[:PORT]/PATH} target.
 *
 * @param user the SSH user, from the URI or else the settings.xml server's username
 * @param host a host name or IP address, without brackets
 * @param port the SSH port, 22 unless given
 * @param root the absolute directory the site is published into, without a trailing slash ({@code /} for the root)
 */
record SftpTarget(String user, String host, int port, String root) {

    static final int DEFAULT_PORT = HostKeyCheck.DEFAULT_PORT;
    static final String FORM =
            "sftp://USER@HOST[:PORT]/ABSOLUTE/PATH, e.g. " + "sftp://deploy@www.example.com/var/www/teleport-updates";
    private static final String EXPECTED = "Expected " + FORM;

    static SftpTarget parse(String target, Optional<Credentials> credentials) throws InvalidTargetException {
        // Refuses a password before the '@' and a query, without repeating them: this method may quote the rest.
        TargetUri parsed = TargetUri.parse(target);
        if (!parsed.scheme().equals("sftp")) {
            throw parsed.invalid("is not an sftp:// URI", EXPECTED);
        }
        URI uri = parsed.uri(EXPECTED);
        String host = parsed.host(uri, EXPECTED);
        if (uri.getRawFragment() != null) {
            throw parsed.invalid("has a fragment (#...), which an sftp target does not take", EXPECTED);
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw parsed.invalid("has the port " + uri.getPort() + ", which is not between 1 and 65535", EXPECTED);
        }
        String path = uri.getPath();
        if (path == null || !path.startsWith("/")) {
            throw parsed.invalid("names no directory; give its absolute path", EXPECTED);
        }
        String root = path.replaceAll("/+", "/");
        if (root.length() > 1 && root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        Optional<String> badSegment = root.equals("/") ? Optional.empty() : TargetUri.segmentProblem(root.substring(1));
        if (badSegment.isPresent()) {
            throw parsed.invalid(
                    "has an invalid path (" + badSegment.get() + "); give the directory's plain " + "absolute path",
                    EXPECTED);
        }
        String user = Optional.ofNullable(uri.getUserInfo())
                .filter(u -> !u.isEmpty())
                .or(() -> credentials.flatMap(Credentials::username))
                .orElseThrow(() -> parsed.invalid(
                        "names no user and the settings.xml server gives no <username>; "
                                + "write the user into the URI",
                        EXPECTED));
        return new SftpTarget(user, host, uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort(), root);
    }

    /** How OpenSSH names this host in known_hosts and on the command line: {@code [host]:port} unless port 22. */
    String knownHostsName() {
        return HostKeyCheck.knownHostsName(host, port);
    }

    @Override
    public String toString() {
        return "sftp://" + user + "@" + (host.contains(":") ? "[" + host + "]" : host)
                + (port == DEFAULT_PORT ? "" : ":" + port) + root;
    }
}
