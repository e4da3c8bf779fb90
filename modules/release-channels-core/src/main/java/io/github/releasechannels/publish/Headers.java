// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.util.Objects;

/** The HTTP headers a target serves a file with, where the target supports headers. */
public record Headers(String contentType, String cacheControl) {

    public Headers {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(cacheControl, "cacheControl");
    }
}
