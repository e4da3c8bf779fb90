// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.url.Loopback;
import io.github.releasechannels.url.UrlParts;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A target URI ({@code releaseChannels.target}) as every publisher and every message sees it: its scheme, and the
 * guarantee that it carries no credentials and no query. Where a secret hides in a URL and how it is masked in any
 * text is {@link UrlParts}' rule; this class decides what a target refuses, for every scheme: credentials and
 * queries, plain http off this machine ({@link Loopback}), and {@code .}, {@code ..}, empty and control-character
 * path segments. Each publisher adds only what its own scheme means (a bucket, a branch, a port).
 *
 * <p>A target URL never takes user-info, except a plain SSH user name for {@code sftp} and {@code git+ssh}
 * ({@code sftp://deploy@host/...}): a token before the {@code @} ({@code git+https://TOKEN@github.com/...}, the form
 * GitHub documents) or a password after a colon would reach the log, the shell history and the CI's job page. It
 * never takes a query: no publisher reads one, and {@code ?access_token=...} is a secret too. Both are refused
 * without being repeated. A plain path (no scheme) is a directory and is taken as it is: {@code @} and {@code ?} are
 * ordinary characters in file names.
 */
public final class TargetUri {

    private static final Set<String> LOCAL_SCHEMES = Set.of("file", "git+file");
    private static final String GIT_PREFIX = "git+";
    /** Where plain http may go, in the words every message uses. */
    public static final String LOOPBACK_ONLY = "http is accepted only for this machine: localhost, 127.0.0.1, [::1]";

    private static final String MASK = UrlParts.MASK;
    /**
     * The environment variable a git target reads its HTTPS token from unless told otherwise: the git target's
     * default, kept here because the message for a token in a git URL names it.
     */
    public static final String DEFAULT_GIT_TOKEN_VARIABLE = "GITHUB_TOKEN";

    /** Where a git remote's HTTPS token goes, for the git target and for promote's push alike. */
    public static final String GIT_TOKEN_PLACES =
            "the token in a settings.xml <server> <password> (releaseChannels.serverId) or in the "
                    + "environment variable named by releaseChannels.git.tokenVariable ("
                    + DEFAULT_GIT_TOKEN_VARIABLE
                    + " by default)";

    private static final Map<String, String> WHERE_CREDENTIALS_GO = Map.of(
            "git+https", GIT_TOKEN_PLACES,
            "git+http", GIT_TOKEN_PLACES,
            "s3",
                    "the access key in a settings.xml <server> (access key id as <username>, secret key as "
                            + "<password>, releaseChannels.serverId) or use the AWS default credential chain",
            "sftp",
                    "the password, or the <privateKey> and its <passphrase>, in a settings.xml <server> "
                            + "(releaseChannels.serverId); only the user name may stand before the '@'",
            "git+ssh",
                    "the SSH key in a settings.xml <server> <privateKey> and <passphrase> "
                            + "(releaseChannels.serverId); only the user name may stand before the '@'");

    private final String scheme;
    private final String value;

    private TargetUri(String scheme, String value) {
        this.scheme = scheme;
        this.value = value;
    }

    /**
     * @throws InvalidTargetException when the URL holds credentials or a query, listing both; neither is repeated,
     *                                in the message or in {@link InvalidTargetException#target()}
     */
    public static TargetUri parse(String target) throws InvalidTargetException {
        String trimmed = target.trim();
        String scheme = scheme(trimmed);
        Optional<UrlParts> found = UrlParts.of(trimmed);
        if (found.isEmpty()) {
            return new TargetUri(scheme, trimmed);
        }
        UrlParts parts = found.get();
        List<String> problems = new ArrayList<>();
        if (parts.userInfo() != null && !parts.userInfoIsLoginName()) {
            problems.add("has credentials before the '@' (shown as " + MASK + "); put "
                    + WHERE_CREDENTIALS_GO.getOrDefault(
                            scheme, "them in a settings.xml <server> " + "(releaseChannels.serverId)"));
        }
        if (parts.query() != null) {
            problems.add("has a query (shown as ?" + MASK + "), which no target takes; remove it, set options as "
                    + "releaseChannels.* properties and credentials in a settings.xml <server>");
        }
        if (!problems.isEmpty()) {
            String shown = parts.redacted();
            throw new InvalidTargetException(
                    shown,
                    "releaseChannels.target '" + shown + "' " + String.join(", and ", problems)
                            + ". Nothing was published.");
        }
        return new TargetUri(scheme, trimmed);
    }

    /**
     * The target as a hierarchical URI, for the schemes written {@code scheme://...}: for {@code git+X} the URL the
     * git transport is given, without the {@code git+}.
     *
     * @param expected the scheme's form, appended to the message, e.g. {@code Expected sftp://USER@HOST/PATH}
     */
    public URI uri(String expected) throws InvalidTargetException {
        String url = scheme.startsWith(GIT_PREFIX) ? value.substring(GIT_PREFIX.length()) : value;
        try {
            URI uri = new URI(url);
            if (uri.isOpaque() || uri.getScheme() == null) {
                throw invalid("is not written as " + scheme + "://...", expected);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid("is not a valid URI (" + e.getReason() + ")", expected);
        }
    }

    /** The host of {@code uri} without IPv6 brackets. */
    public String host(URI uri, String expected) throws InvalidTargetException {
        String host = uri.getHost();
        if (host == null) {
            throw invalid("has no host name (or one with characters a host name cannot have)", expected);
        }
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * Refuses plain {@code http} to anything but this machine: what travels over it ({@code carried}: a token, signed
     * requests) could be read on the way.
     */
    public void requireEncryption(URI uri, String carried, String expected) throws InvalidTargetException {
        if (isPlainHttpOffThisMachine(uri)) {
            throw invalid(
                    "uses plain http to " + uri.getHost() + ", which would send " + carried + " unencrypted; " + "use "
                            + (scheme.startsWith(GIT_PREFIX) ? "git+https" : "https") + " (" + LOOPBACK_ONLY + ")",
                    expected);
        }
    }

    /** Whether {@code uri} is plain {@code http} to a host that is not this machine's loopback interface. */
    public static boolean isPlainHttpOffThisMachine(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme())
                && (uri.getHost() == null || !Loopback.isLoopbackHost(uri.getHost()));
    }

    /**
     * What is wrong with the segments of a path on a target (a prefix, a folder), or empty when nothing is: no empty,
     * {@code .} or {@code ..} segment, which would leave or blur the place, and no control character. Leading and
     * trailing slashes are the caller's to strip.
     */
    public static Optional<String> segmentProblem(String path) {
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.of("no empty, '.' or '..' segments");
            }
            if (segment.chars().anyMatch(Character::isISOControl)) {
                return Optional.of("no control characters");
            }
        }
        return Optional.empty();
    }

    /** {@code releaseChannels.target '<target>' <problem>. <expected>}: the one form of a bad target's message. */
    public InvalidTargetException invalid(String problem, String expected) {
        return new InvalidTargetException(
                value,
                "releaseChannels.target '" + value + "' " + problem + (expected.isEmpty() ? "" : ". " + expected));
    }

    /** The URI scheme in lower case; {@code file} for a plain path, including a Windows drive path. */
    public String scheme() {
        return scheme;
    }

    /** The target as given, trimmed: checked, so safe to print. */
    public String value() {
        return value;
    }

    /** Whether the target is on this machine ({@code file:}, a plain path, {@code git+file:}): no network. */
    public boolean isLocal() {
        return LOCAL_SCHEMES.contains(scheme);
    }

    @Override
    public String toString() {
        return value;
    }

    /** The URI scheme in lower case; {@code file} for a plain path, including a Windows drive path. */
    static String scheme(String target) {
        return UrlParts.scheme(target);
    }
}
