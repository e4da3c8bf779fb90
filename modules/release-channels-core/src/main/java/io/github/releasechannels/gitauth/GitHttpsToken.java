// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.gitauth;

import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.TargetUri;
import io.github.releasechannels.url.UrlParts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The token a git remote over HTTPS is given, chosen by the one rule the git target and promote's push share: the
 * password of the settings.xml {@code <server>} ({@code releaseChannels.serverId}) with its user name, else the token
 * in the environment variable named by {@code releaseChannels.git.tokenVariable} ({@code GITHUB_TOKEN} by default),
 * else none. The git CLI's own credentials ({@code http.extraheader} of {@code actions/checkout}, credential helpers)
 * are not read: JGit does not use them, so a CI job names its token here. Knows its secrets, so that every message
 * leaving a git operation can be {@linkplain #redact redacted}; {@link #toString()} never shows one.
 */
public final class GitHttpsToken {

    /** GitHub's user name for token authentication; other hosts ignore the user name for tokens. */
    public static final String TOKEN_USER = "x-access-token";

    /** Where a token goes, in the words every message about a missing or refused one uses. */
    public static final String WHERE_IT_GOES = TargetUri.GIT_TOKEN_PLACES;

    /** No token: the remote is used as it is, anonymously. */
    public static final GitHttpsToken NONE = new GitHttpsToken("no credentials", Optional.empty(), List.of());

    private static final Pattern HTTP_AUTH_STATUS = Pattern.compile("(?<![:/\\w.-])40[13](?![\\w./-])");

    private final String source;
    private final Optional<CredentialsProvider> provider;
    private final List<String> secrets;

    private GitHttpsToken(String source, Optional<CredentialsProvider> provider, List<String> secrets) {
        this.source = source;
        this.provider = provider;
        this.secrets = List.copyOf(secrets);
    }

    /**
     * The token for a remote.
     *
     * @param server      the settings.xml server's credentials, when a server id matched one; only one with a
     *                    password counts
     * @param environment the process environment
     * @param variable    the environment variable holding a token
     */
    public static GitHttpsToken resolve(
            Optional<Credentials> server, Map<String, String> environment, String variable) {
        Optional<Credentials> withPassword = server.filter(c -> c.password().isPresent());
        if (withPassword.isPresent()) {
            String token = withPassword.get().password().orElseThrow();
            return new GitHttpsToken(
                    "token from " + withPassword.get().source(),
                    Optional.of(new UsernamePasswordCredentialsProvider(
                            withPassword.get().username().orElse(TOKEN_USER), token)),
                    List.of(token));
        }
        Optional<String> token = Optional.ofNullable(environment.get(variable)).filter(t -> !t.isBlank());
        if (token.isPresent()) {
            return new GitHttpsToken(
                    "token from environment variable " + variable,
                    Optional.of(new UsernamePasswordCredentialsProvider(
                            TOKEN_USER, token.get().trim())),
                    List.of(token.get(), token.get().trim()));
        }
        return new GitHttpsToken(
                "no credentials (no settings.xml server password and no environment variable " + variable + ")",
                Optional.empty(),
                List.of());
    }

    /** Which credential source is used; never the secret. */
    public String describe() {
        return source;
    }

    /** Whether there is a token to send. */
    public boolean isPresent() {
        return provider.isPresent();
    }

    /** What JGit's transport is given; empty: none, so a server that asks for a login refuses. */
    public Optional<CredentialsProvider> credentialsProvider() {
        return provider;
    }

    /** The secret values, as given and trimmed, for a redaction that also covers other secrets. */
    public List<String> secrets() {
        return secrets;
    }

    /** {@code message} with the token and the credentials and query of any URL masked. */
    public String redact(String message) {
        return UrlParts.redact(message, secrets);
    }

    /**
     * Whether a JGit message says the server refused the credential. A status code counts only as a word of its
     * own, so a port such as {@code :40123} or a path such as {@code /401/} in the URL does not turn a transient
     * failure into a credential problem.
     */
    public static boolean isRefusedCredential(String lowerCaseMessage) {
        return lowerCaseMessage.contains("not authorized")
                || lowerCaseMessage.contains("authentication")
                || HTTP_AUTH_STATUS.matcher(lowerCaseMessage).find()
                || lowerCaseMessage.contains("not permitted")
                || lowerCaseMessage.contains("forbidden")
                || lowerCaseMessage.contains("permission denied");
    }

    @Override
    public String toString() {
        return source;
    }
}
