// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.failure.EnvironmentProblemException;
import java.io.IOException;

/**
 * A target failure that retrying cannot fix (bad credentials, missing bucket, host key mismatch). Other
 * {@link IOException}s from a store are treated as transient and retried.
 */
public class TargetException extends EnvironmentProblemException {

    public TargetException(String message) {
        super(message);
    }

    public TargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
