package io.github.releasechannels.publish.sftp;

import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.TargetUri;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
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

    static final int DEFAULT_PORT = 22;
    static final String FORM = "sftp://USER@HOST[:PORT]/ABSOLUTE/PATH, e.g. "
            + "sftp://deploy@www.example.com/var/www/teleport-updates";

    static SftpTarget parse(String target, Optional<Credentials> credentials) throws InvalidTargetException {
        // Refuses a password before the '@' and a query, without repeating them: this method may quote the rest.
        TargetUri.parse(target);
        URI uri;
        try {
            uri = new URI(target.trim());
        } catch (URISyntaxException e) {
            throw invalid(target, "is not a valid URI (" + e.getReason() + ")");
        }
        if (!"sftp".equalsIgnoreCase(uri.getScheme()) || uri.isOpaque()) {
            throw invalid(target, "is not an sftp:// URI");
        }
        if (uri.getHost() == null) {
            throw invalid(target, "has no host name (or one with characters a host name cannot have)");
        }
        if (uri.getRawFragment() != null) {
            throw invalid(target, "has a fragment (#...), which an sftp target does not take");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw invalid(target, "has the port " + uri.getPort() + ", which is not between 1 and 65535");
        }
        String path = uri.getPath();
        if (path == null || !path.startsWith("/")) {
            throw invalid(target, "names no directory; give its absolute path");
        }
        if (Arrays.asList(path.split("/")).stream().anyMatch(segment -> segment.equals("..") || segment.equals("."))) {
            throw invalid(target, "has '.' or '..' in its path; give the directory's plain absolute path");
        }
        String root = path.replaceAll("/+", "/");
        if (root.length() > 1 && root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        String user = Optional.ofNullable(uri.getUserInfo()).filter(u -> !u.isEmpty())
                .or(() -> credentials.flatMap(Credentials::username))
                .orElseThrow(() -> invalid(target, "names no user and the settings.xml server gives no <username>; "
                        + "write the user into the URI"));
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        return new SftpTarget(user, host, uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort(), root);
    }

    /** How OpenSSH names this host in known_hosts and on the command line: {@code [host]:port} unless port 22. */
    String knownHostsName() {
        return port == DEFAULT_PORT ? host : "[" + host + "]:" + port;
    }

    @Override
    public String toString() {
        return "sftp://" + user + "@" + (host.contains(":") ? "[" + host + "]" : host)
                + (port == DEFAULT_PORT ? "" : ":" + port) + root;
    }

    private static InvalidTargetException invalid(String target, String problem) {
        return new InvalidTargetException(target, "releaseChannels.target '" + target + "' " + problem
                + ". Expected " + FORM);
    }
}
