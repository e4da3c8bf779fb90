// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.url;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A URL split where secrets hide: the user-info before the {@code @} and the query. The one rule for finding and
 * masking them, in a URL and in any text ({@link #redact}).
 *
 * @param prefix   {@code scheme://} or {@code scheme:}
 * @param userInfo the part before the {@code @} of the authority, null when there is none
 * @param rest     host, port and path
 * @param query    the query without its {@code ?}, null when there is none
 * @param fragment the fragment with its {@code #}, {@code ""} when there is none
 */
public record UrlParts(String prefix, String userInfo, String rest, String query, String fragment) {

    /** What a masked secret is shown as. */
    public static final String MASK = "***";
    /** A scheme, at least two characters so that a Windows drive ({@code C:\www}) is a plain path. */
    private static final Pattern SCHEME = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]+):.*", Pattern.DOTALL);

    private static final Pattern URL_IN_TEXT = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s'\"<>]*");
    private static final Pattern PORT = Pattern.compile("[0-9]*");
    /** Schemes where the user-info may be a login name, which is not a secret. */
    private static final Set<String> SSH_SCHEMES = Set.of("sftp", "git+ssh", "ssh");

    /** The URL's parts; empty of a plain path, which has no URL parts ({@code @} and {@code ?} are file name characters). */
    public static Optional<UrlParts> of(String url) {
        Matcher scheme = SCHEME.matcher(url);
        if (!scheme.matches()) {
            return Optional.empty();
        }
        int afterScheme = scheme.end(1) + 1;
        String fragment = "";
        String body = url;
        int hash = url.indexOf('#', afterScheme);
        if (hash >= 0) {
            fragment = url.substring(hash);
            body = url.substring(0, hash);
        }
        String query = null;
        int question = body.indexOf('?', afterScheme);
        if (question >= 0) {
            query = body.substring(question + 1);
            body = body.substring(0, question);
        }
        if (!body.startsWith("//", afterScheme)) {
            return Optional.of(
                    new UrlParts(body.substring(0, afterScheme), null, body.substring(afterScheme), query, fragment));
        }
        int authorityStart = afterScheme + 2;
        int slash = body.indexOf('/', authorityStart);
        String authority = body.substring(authorityStart, slash < 0 ? body.length() : slash);
        int at = authority.indexOf('@');
        if (at < 0) {
            int colon = authority.indexOf(':');
            int laterAt = body.indexOf('@', authorityStart);
            // user:secret@host where the secret holds a '/' (AWS secret keys do): the authority seems to end
            // inside the secret. A port is all digits, so "host:2222/a@b" is a path with an '@'.
            if (colon >= 0
                    && laterAt > 0
                    && !PORT.matcher(authority.substring(colon + 1)).matches()) {
                at = laterAt - authorityStart;
            }
        }
        String prefix = body.substring(0, authorityStart);
        if (at < 0) {
            return Optional.of(new UrlParts(prefix, null, body.substring(authorityStart), query, fragment));
        }
        return Optional.of(new UrlParts(
                prefix,
                body.substring(authorityStart, authorityStart + at),
                body.substring(authorityStart + at + 1),
                query,
                fragment));
    }

    /** The scheme in lower case; {@code file} for a plain path, including a Windows drive path. */
    public static String scheme(String url) {
        Matcher matcher = SCHEME.matcher(url.trim());
        return matcher.matches() ? matcher.group(1).toLowerCase(Locale.ROOT) : "file";
    }

    /** Whether the user-info is a plain SSH login name ({@code sftp://deploy@host}), the one kind that is no secret. */
    public boolean userInfoIsLoginName() {
        return userInfo != null
                && SSH_SCHEMES.contains(scheme(prefix))
                && !userInfo.isEmpty()
                && userInfo.chars().noneMatch(c -> c == ':' || c == '%' || c == '/');
    }

    /** The URL with the user-info (unless a login name) and the query masked. */
    public String redacted() {
        String user = userInfo == null ? "" : (userInfoIsLoginName() ? userInfo : MASK) + "@";
        return prefix + user + rest + (query == null ? "" : "?" + MASK) + fragment;
    }

    /** {@code text} with each of {@code secrets} masked, then every URL in it as {@link #redact(String)} masks it. */
    public static String redact(String text, Collection<String> secrets) {
        if (text == null) {
            return "";
        }
        String redacted = text;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                redacted = redacted.replace(secret, MASK);
            }
        }
        return redact(redacted);
    }

    /**
     * {@code text} with the credentials and the query of every URL in it masked, e.g. a message of a client
     * library: {@code https://***@host/repo.git}, {@code https://host/x?***}. An SSH login name is kept.
     */
    public static String redact(String text) {
        if (text == null) {
            return "";
        }
        Matcher matcher = URL_IN_TEXT.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (matcher.find()) {
            String url = matcher.group();
            matcher.appendReplacement(
                    out,
                    Matcher.quoteReplacement(of(url).map(UrlParts::redacted).orElse(url)));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
