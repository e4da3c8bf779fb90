// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.verify;

import io.github.releasechannels.failure.UserProblemException;

/** A verify setting (base URL, trusted certificates) that is malformed or unsafe: user input, nothing was read. */
public class VerifySettingException extends UserProblemException {

    public VerifySettingException(String message) {
        super(message);
    }

    public VerifySettingException(String message, Throwable cause) {
        super(message, cause);
    }
}
