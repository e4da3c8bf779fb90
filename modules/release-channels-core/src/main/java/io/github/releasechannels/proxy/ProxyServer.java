// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.proxy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One HTTP proxy, from a settings.xml {@code <proxy>} or a {@code HTTPS_PROXY}/{@code HTTP_PROXY} variable.
 *
 * @param id            the settings.xml id, or the variable's name; how logs name the proxy
 * @param protocol      the protocol of the targets it serves: {@code https} or {@code http} (an {@code http} proxy
 *                      serves {@code https} targets too when no {@code https} one is configured, as Maven does)
 * @param username      for Basic proxy authentication
 * @param password      never logged: {@link #toString()} and {@link #describe()} leave it out
 * @param nonProxyHosts host patterns reached directly: {@code *.example.com}, {@code .example.com},
 *                      {@code example.com}, {@code 10.*}, {@code *}
 */
public record ProxyServer(
        String id,
        String protocol,
        String host,
        int port,
        Optional<String> username,
        Optional<String> password,
        List<String> nonProxyHosts) {

    public ProxyServer {
        protocol = protocol.toLowerCase(Locale.ROOT);
        nonProxyHosts = List.copyOf(nonProxyHosts);
    }

    /**
     * A settings.xml {@code <proxy>} as Maven reads it: the protocol {@code http} when none is given, blank
     * credentials as none, {@code nonProxyHosts} split at {@code |} (and {@code ,}).
     */
    public static ProxyServer fromSettings(
            String id, String protocol, String host, int port, String username, String password, String nonProxyHosts) {
        List<String> hosts = nonProxyHosts == null
                ? List.of()
                : Arrays.stream(nonProxyHosts.split("[|,]"))
                        .map(String::trim)
                        .filter(h -> !h.isEmpty())
                        .toList();
        return new ProxyServer(
                id == null ? "default" : id,
                protocol == null || protocol.isBlank() ? "http" : protocol.trim(),
                host,
                port,
                Optional.ofNullable(username).filter(v -> !v.isBlank()),
                Optional.ofNullable(password).filter(v -> !v.isBlank()),
                hosts);
    }

    /** Whether a settings.xml proxy of {@code protocol} (none means http) serves this tool's HTTP and HTTPS requests. */
    public static boolean servesHttp(String protocol) {
        String value = protocol == null || protocol.isBlank()
                ? "http"
                : protocol.trim().toLowerCase(Locale.ROOT);
        return value.equals("http") || value.equals("https");
    }

    /** Whether {@code targetHost} is reached without this proxy. */
    public boolean bypasses(String targetHost) {
        String hostName = bare(targetHost).toLowerCase(Locale.ROOT);
        for (String pattern : nonProxyHosts) {
            String p = bare(pattern.trim()).toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals("*") || p.equals(hostName)) {
                return true;
            }
            if (p.startsWith("*") && hostName.endsWith(p.substring(1))) {
                return true;
            }
            if (p.startsWith(".") && (hostName.endsWith(p) || hostName.equals(p.substring(1)))) {
                return true;
            }
            if (p.endsWith("*") && hostName.startsWith(p.substring(0, p.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    /** How logs name it: id, host and port, whether it authenticates; never the password. */
    public String describe() {
        return "proxy '" + id + "' at " + host + ":" + port
                + username.map(user -> " as " + user).orElse("");
    }

    @Override
    public String toString() {
        return describe();
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
