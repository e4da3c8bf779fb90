// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.proxy;

import io.github.releasechannels.failure.UserProblemException;

/** A proxy setting that cannot be used; the message names the setting but never its value, which may hold a password. */
public final class InvalidProxyException extends UserProblemException {

    private final String setting;

    public InvalidProxyException(String setting, String problem) {
        super(setting + " " + problem);
        this.setting = setting;
    }

    /** The settings.xml proxy id or environment variable name. */
    public String setting() {
        return setting;
    }
}
