// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.agent;

import io.github.releasechannels.url.Loopback;
import io.github.releasechannels.url.UrlParts;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The address agents are pointed at, such as {@code https://updates.example.com/teleport}: HTTPS, no credentials,
 * no query. Plain {@code http} is accepted only for a loopback host and only when asked for explicitly, because
 * agents refuse it everywhere else.
 *
 * @param uri the address without trailing slashes
 */
public record BaseUrl(URI uri) {

    /**
     * @param text      the base URL as the user wrote it
     * @param allowHttp whether plain {@code http} may be used for a loopback host
     * @throws InvalidBaseUrlException naming the bad value and how to fix it
     */
    public static BaseUrl parse(String text, boolean allowHttp) throws InvalidBaseUrlException {
        // Credentials or a token in a query must not reach a message or a log line.
        String trimmed = UrlParts.redact(text.trim());
        if (!trimmed.equals(text.trim())) {
            throw new InvalidBaseUrlException("releaseChannels.baseUrl '" + trimmed + "' holds a user name, "
                    + "password or query; agents read the version server without credentials or query, so remove "
                    + "the part before '@' and from '?'");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new InvalidBaseUrlException("releaseChannels.baseUrl '" + trimmed + "' is not a URL (" + e.getReason()
                    + "); write e.g. https://updates.example.com/teleport");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new InvalidBaseUrlException("releaseChannels.baseUrl '" + trimmed + "' is not an https:// URL "
                    + "with a host; write e.g. https://updates.example.com/teleport");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidBaseUrlException("releaseChannels.baseUrl '" + trimmed + "' has a query or fragment, "
                    + "which agents do not send; remove the part from '?' or '#'");
        }
        if (scheme.equals("http")) {
            if (!Loopback.isLoopbackHost(uri.getHost())) {
                throw new InvalidBaseUrlException("releaseChannels.baseUrl '" + trimmed + "' uses plain http: agents "
                        + "only read version servers over https; use https://" + trimmed.substring(7));
            }
            if (!allowHttp) {
                throw new InvalidBaseUrlException("releaseChannels.baseUrl '" + trimmed + "' uses plain http, which "
                        + "agents refuse; use https, or for a local test server set "
                        + "-DreleaseChannels.verify.allowHttp=true");
            }
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return new BaseUrl(URI.create(scheme + "://" + uri.getRawAuthority() + path));
    }

    /** The URL of a file of the site, such as {@code stable/v14/version}. */
    public URI resolve(String sitePath) {
        return URI.create(uri + "/" + sitePath);
    }

    /** What {@code /etc/teleport-upgrade.d/endpoint} holds for a channel: {@code host[:port]/path/<channel>}. */
    public String endpoint(String channel) {
        return uri.getRawAuthority() + uri.getRawPath() + "/" + channel;
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
