// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.agent;

import io.github.releasechannels.failure.UserProblemException;

/** A {@code releaseChannels.baseUrl} agents could not use; the message names the value and how to fix it. */
public class InvalidBaseUrlException extends UserProblemException {

    public InvalidBaseUrlException(String message) {
        super(message);
    }
}
