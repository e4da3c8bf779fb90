// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.verify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One answer of the version server, with the headers that matter for agents.
 *
 * @param uri          what was requested
 * @param status       the HTTP status
 * @param body         the body as received
 * @param cacheControl the {@code Cache-Control} header, if any
 * @param age          the {@code Age} header (seconds a cache has held the answer), if any
 * @param location     the {@code Location} header of a redirect, if any
 */
@SuppressWarnings("ArrayRecordComponent") // carries bytes received; never compared, hashed or used as a key
public record ServedResponse(
        URI uri,
        int status,
        byte[] body,
        Optional<String> cacheControl,
        Optional<String> age,
        Optional<String> location) {

    public ServedResponse {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
