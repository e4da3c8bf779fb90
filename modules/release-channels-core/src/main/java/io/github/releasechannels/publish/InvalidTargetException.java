// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.failure.UserProblemException;

/** A target URI or target option that is malformed or not supported: user input, nothing was published. */
public class InvalidTargetException extends UserProblemException {

    private final String target;

    public InvalidTargetException(String target, String message) {
        super(message);
        this.target = target;
    }

    /** The bad value, as given. */
    public String target() {
        return target;
    }
}
