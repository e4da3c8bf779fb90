package io.github.releasechannels.publish;

import io.github.releasechannels.site.SiteFile;

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

    public static boolean isChannelFile(String path) {
        return path.endsWith("/version") || path.endsWith("/critical");
    }
}
