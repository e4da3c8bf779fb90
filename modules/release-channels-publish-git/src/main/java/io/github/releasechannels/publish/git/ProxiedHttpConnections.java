// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import io.github.releasechannels.proxy.ProxySettings;
import io.github.releasechannels.url.UrlParts;
import java.io.IOException;
import java.net.Proxy;
import java.net.URISyntaxException;
import java.net.URL;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;

/**
 * JGit's HTTP connections, each through the proxy {@link ProxySettings#forTarget} picks for its URL instead of the
 * JVM-wide {@link java.net.ProxySelector} JGit would ask (which Maven's settings.xml proxies never reach).
 */
final class ProxiedHttpConnections implements HttpConnectionFactory {

    private final HttpConnectionFactory connections;
    private final ProxySettings proxies;

    ProxiedHttpConnections(HttpConnectionFactory connections, ProxySettings proxies) {
        this.connections = connections;
        this.proxies = proxies;
    }

    @Override
    public HttpConnection create(URL url) throws IOException {
        return create(url, null);
    }

    @Override
    public HttpConnection create(URL url, Proxy ignoredJvmProxy) throws IOException {
        try {
            return connections.create(url, proxies.javaProxy(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IOException("not a URL: " + UrlParts.redact(url.toString()), e);
        }
    }
}
