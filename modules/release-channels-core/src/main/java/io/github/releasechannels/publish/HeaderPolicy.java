// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.url.UrlParts;
import java.util.Optional;

/**
 * Headers per file from a fixed table: the file's own Content-Type, a short Cache-Control on the files agents poll
 * ({@code version}, {@code critical}) so a CDN cannot hold an old answer for long, and {@code no-cache} on the rest.
 *
 * @param channelCacheControl Cache-Control of {@code version} and {@code critical}
 */
public record HeaderPolicy(String channelCacheControl) {

    public static final String DEFAULT_CHANNEL_CACHE_CONTROL = "max-age=60";
    public static final String OTHER_CACHE_CONTROL = "no-cache";

    public static HeaderPolicy defaults() {
        return new HeaderPolicy(DEFAULT_CHANNEL_CACHE_CONTROL);
    }

    public Headers headersFor(SiteFile file) {
        return new Headers(file.contentType(), isChannelFile(file.path()) ? channelCacheControl : OTHER_CACHE_CONTROL);
    }

    /**
     * Where the Cache-Control of {@code version} and {@code critical} is set for {@code target}, for verify's
     * advice: this plugin sets it only where it uploads headers (S3); a directory or SFTP target is served by a web
     * server, whose configuration sets it, and GitHub Pages sets its own.
     *
     * @param target {@code releaseChannels.target}, when known
     */
    public static String whereSet(Optional<String> target) {
        String scheme =
                target.filter(value -> !value.isBlank()).map(UrlParts::scheme).orElse("");
        if (scheme.equals("s3")) {
            return "releaseChannels.cacheControl sets it on every upload (" + DEFAULT_CHANNEL_CACHE_CONTROL
                    + " by default); a CDN in front must honour it (docs/targets/s3.md)";
        }
        if (scheme.equals("file") || scheme.equals("sftp")) {
            return "the web server serving the target's directory sets it, not releaseChannels.cacheControl: e.g. "
                    + "nginx 'add_header Cache-Control \"" + DEFAULT_CHANNEL_CACHE_CONTROL + "\" always;' for version "
                    + "and critical (docs/targets/directory.md#serving-it-with-nginx)";
        }
        if (scheme.startsWith("git+")) {
            return "the pages host of the git target sets it (GitHub Pages: max-age=600, which cannot be changed; "
                    + "docs/targets/git-pages.md), not releaseChannels.cacheControl";
        }
        return "releaseChannels.cacheControl sets it for an S3 target; for a directory or SFTP target the web "
                + "server's configuration does (docs/targets/directory.md#serving-it-with-nginx)";
    }

    public static boolean isChannelFile(String path) {
        return path.endsWith("/version") || path.endsWith("/critical");
    }
}
