// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.proxy.ProxySettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a publisher needs besides the target URI.
 *
 * @param credentials   from settings.xml, when a server id matched
 * @param options       the target options, typed and checked
 * @param environment   the process environment (a seam for tests), for tokens such as {@code GITHUB_TOKEN}
 * @param workDirectory a private directory the publisher may use (e.g. for a git clone)
 * @param retry         how transient failures are retried
 * @param proxies       the HTTP proxies for S3 and git over HTTP(S); SSH and SFTP connect directly
 */
public record TargetSettings(
        Optional<Credentials> credentials,
        TargetOptions options,
        Map<String, String> environment,
        Path workDirectory,
        Retry retry,
        ProxySettings proxies) {

    public TargetSettings {
        environment = Map.copyOf(environment);
    }

    /** Settings with no proxy. */
    public TargetSettings(
            Optional<Credentials> credentials,
            TargetOptions options,
            Map<String, String> environment,
            Path workDirectory,
            Retry retry) {
        this(credentials, options, environment, workDirectory, retry, ProxySettings.NONE);
    }

    /** The options every target takes. */
    public CommonOptions common() {
        return options.common();
    }
}
