// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.proxy;

import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP proxies that verify, the S3 client and git over HTTPS go through, and the one rule of which applies to a
 * target: a proxy for the target's protocol ({@code https} before {@code http} for an https target), unless the
 * target's host is in its non-proxy hosts. Loopback targets are not bypassed implicitly; list them in
 * {@code nonProxyHosts}/{@code NO_PROXY} when wanted.
 */
public record ProxySettings(List<ProxyServer> proxies) {

    public static final ProxySettings NONE = new ProxySettings(List.of());

    public ProxySettings {
        proxies = List.copyOf(proxies);
    }

    /**
     * The proxies from {@code HTTPS_PROXY} and {@code HTTP_PROXY} (or their lower-case forms, which win as in curl)
     * with {@code NO_PROXY}, as curl and most CLIs read them.
     *
     * @throws InvalidProxyException when a variable is set but is not an {@code http://host:port} URL
     */
    public static ProxySettings fromEnvironment(Map<String, String> environment) throws InvalidProxyException {
        List<String> noProxy = variable(environment, "no_proxy")
                .map(value -> Arrays.stream(value.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList())
                .orElse(List.of());
        List<ProxyServer> proxies = new ArrayList<>();
        for (String protocol : List.of("https", "http")) {
            String name = protocol + "_proxy";
            Optional<String> value = variable(environment, name);
            if (value.isPresent()) {
                proxies.add(parseUrl(
                        environment.containsKey(name) ? name : name.toUpperCase(Locale.ROOT),
                        protocol,
                        value.get(),
                        noProxy));
            }
        }
        return new ProxySettings(proxies);
    }

    /** The proxy {@code target} goes through, or empty for a direct connection. */
    public Optional<ProxyServer> forTarget(URI target) {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        String host = target.getHost();
        if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.empty();
        }
        List<String> order = scheme.equals("https") ? List.of("https", "http") : List.of("http");
        for (String protocol : order) {
            Optional<ProxyServer> proxy =
                    proxies.stream().filter(p -> p.protocol().equals(protocol)).findFirst();
            if (proxy.isPresent()) {
                return proxy.get().bypasses(host) ? Optional.empty() : proxy;
            }
        }
        return Optional.empty();
    }

    public boolean isEmpty() {
        return proxies.isEmpty();
    }

    /** A {@link ProxySelector} that answers with {@link #forTarget}, for the JDK's HTTP clients. */
    public ProxySelector selector() {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(forTarget(uri).map(ProxySettings::javaProxy).orElse(Proxy.NO_PROXY));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {}
        };
    }

    /** The {@link Proxy} for {@code target}: {@link Proxy#NO_PROXY} when none applies. */
    public Proxy javaProxy(URI target) {
        return forTarget(target).map(ProxySettings::javaProxy).orElse(Proxy.NO_PROXY);
    }

    /**
     * Answers a proxy's authentication challenge with its user name and password, and nothing else (no server
     * challenges, no other proxy's). Empty when no proxy has a user name.
     */
    public Optional<Authenticator> authenticator() {
        if (proxies.stream().noneMatch(p -> p.username().isPresent())) {
            return Optional.empty();
        }
        return Optional.of(new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                if (getRequestorType() != RequestorType.PROXY) {
                    return null;
                }
                for (ProxyServer proxy : proxies) {
                    if (proxy.host().equalsIgnoreCase(getRequestingHost())
                            && proxy.port() == getRequestingPort()
                            && proxy.username().isPresent()) {
                        return new PasswordAuthentication(
                                proxy.username().get(),
                                proxy.password().orElse("").toCharArray());
                    }
                }
                return null;
            }
        });
    }

    /** How logs name the proxies; never a password. */
    public String describe() {
        return proxies.isEmpty()
                ? "no proxy"
                : String.join(
                        ", ",
                        proxies.stream()
                                .map(p -> p.protocol() + " via "
                                        + p.describe()
                                        + (p.nonProxyHosts().isEmpty()
                                                ? ""
                                                : " (not for " + String.join("|", p.nonProxyHosts()) + ")"))
                                .toList());
    }

    private static Proxy javaProxy(ProxyServer proxy) {
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.host(), proxy.port()));
    }

    /** Percent-decoding only: a {@code +} in a password is a plus, not a space. */
    private static String percentDecoded(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Optional<String> variable(Map<String, String> environment, String lowerCaseName) {
        return Optional.ofNullable(environment.get(lowerCaseName))
                .or(() -> Optional.ofNullable(environment.get(lowerCaseName.toUpperCase(Locale.ROOT))))
                .map(String::trim)
                .filter(value -> !value.isEmpty());
    }

    private static ProxyServer parseUrl(String variable, String protocol, String value, List<String> noProxy)
            throws InvalidProxyException {
        String withScheme = value.contains("://") ? value : "http://" + value;
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw new InvalidProxyException(variable, "is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") || uri.getHost() == null) {
            throw new InvalidProxyException(
                    variable,
                    "is not an http://HOST:PORT proxy URL (an HTTP proxy; " + scheme
                            + ":// proxies are not supported)");
        }
        Optional<String> username = Optional.empty();
        Optional<String> password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            username = Optional.of(percentDecoded(parts[0]));
            password = parts.length > 1 ? Optional.of(percentDecoded(parts[1])) : Optional.empty();
        }
        return new ProxyServer(
                variable,
                protocol,
                uri.getHost(),
                uri.getPort() == -1 ? 80 : uri.getPort(),
                username,
                password,
                noProxy);
    }
}
