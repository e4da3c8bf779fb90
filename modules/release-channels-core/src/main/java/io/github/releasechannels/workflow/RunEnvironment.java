// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import io.github.releasechannels.publish.PublishLog;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a run is given by the front end that starts it, beside its settings.
 *
 * @param log            where the run says what it does; the front end escapes lines for its CI
 * @param environment    the process environment, for CI detection and the CI's reports
 * @param standardOutput the process's standard output, where GitHub workflow commands go
 * @param proxies        the HTTP proxies, asked for by goals that go over the network
 * @param servers        server credentials by id, asked for by deploy
 */
public record RunEnvironment(
        PublishLog log,
        Map<String, String> environment,
        Consumer<String> standardOutput,
        ProxySource proxies,
        ServerCredentials servers) {

    public RunEnvironment {
        Objects.requireNonNull(log, "log");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(standardOutput, "standardOutput");
        Objects.requireNonNull(proxies, "proxies");
        Objects.requireNonNull(servers, "servers");
    }
}
