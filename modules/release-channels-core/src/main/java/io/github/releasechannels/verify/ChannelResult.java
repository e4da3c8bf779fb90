// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.verify;

import io.github.releasechannels.text.LogText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the version server serves for one channel (or {@code cmc.yaml}) compared with the source.
 *
 * @param name         the channel, or {@code cmc.yaml}
 * @param status       the verdict
 * @param cause        why it is not in sync, which decides the advice; {@link Cause#NONE} when it is
 * @param detail       what was served, or why it is wrong, for the report line
 * @param cacheControl the {@code Cache-Control} served with {@code version}, if any
 * @param age          the {@code Age} served with {@code version}, if any
 * @param warnings     cache times longer than agents can wait for
 */
public record ChannelResult(
        String name,
        Status status,
        Cause cause,
        String detail,
        Optional<String> cacheControl,
        Optional<String> age,
        List<String> warnings) {

    /** The verdict for one channel. */
    public enum Status {
        IN_SYNC("in sync"),
        DRIFT("drift"),
        MISSING("missing"),
        ERROR("error");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Why a channel is not in sync, in the order advice is given: each has its own ({@link VerifyAdvice}). */
    public enum Cause {
        NONE,
        /** No TLS connection: an untrusted or mismatched certificate, a protocol agents do not speak. */
        TLS,
        /** No connection: the host does not resolve, refuses, or the connection broke. */
        NETWORK,
        /** No complete answer within the time agents wait. */
        TIMEOUT,
        /** 404: not published at this address. */
        NOT_PUBLISHED,
        /** An answer agents cannot use: another status, a redirect, a body that is no version. */
        SERVER,
        /** Another version or flag is served: a cache, a CDN or a publish that did not land. */
        STALE
    }

    /** A result whose cause follows from its status: in sync, drift (stale) or missing (not published). */
    public ChannelResult(
            String name,
            Status status,
            String detail,
            Optional<String> cacheControl,
            Optional<String> age,
            List<String> warnings) {
        this(
                name,
                status,
                switch (status) {
                    case IN_SYNC -> Cause.NONE;
                    case DRIFT -> Cause.STALE;
                    case MISSING -> Cause.NOT_PUBLISHED;
                    case ERROR -> Cause.SERVER;
                },
                detail,
                cacheControl,
                age,
                warnings);
    }

    /** What the server sent (a body, a header, an error naming its certificate) is kept escaped for the log. */
    public ChannelResult {
        detail = LogText.escape(detail);
        cacheControl = cacheControl.map(LogText::escape);
        age = age.map(LogText::escape);
        warnings = warnings.stream().map(LogText::escape).toList();
    }

    /** One report line, the name padded to {@code width}. */
    public String line(int width) {
        List<String> headers = new ArrayList<>();
        cacheControl.ifPresent(value -> headers.add("Cache-Control: " + value));
        age.ifPresent(value -> headers.add("Age: " + value));
        return String.format(
                "%-" + width + "s  %-8s  %s%s",
                name,
                status.label(),
                detail,
                headers.isEmpty() ? "" : "  " + String.join(", ", headers));
    }
}
