// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.url;

import java.util.regex.Pattern;

/** The one rule for where plain {@code http} is allowed: this machine's loopback interface. */
public final class Loopback {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.[0-9]{1,3}){3}");

    private Loopback() {}

    /**
     * Whether {@code host} (a name or a literal address, IPv6 with or without brackets) is the loopback interface.
     * Only literals and {@code localhost} count, so no name lookup happens.
     */
    public static boolean isLoopbackHost(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.equalsIgnoreCase("localhost")
                || bare.equals("::1")
                || bare.equals("0:0:0:0:0:0:0:1")
                || IPV4_LOOPBACK.matcher(bare).matches();
    }
}
