// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.proxy.InvalidProxyException;
import io.github.releasechannels.proxy.ProxyServer;
import io.github.releasechannels.proxy.ProxySettings;
import java.util.List;
import java.util.Map;

/**
 * The HTTP proxies a run goes through, as the front end knows them (settings.xml's {@code <proxies>}, else the
 * environment). Asked only by goals that go over the network, after channels.yaml is read.
 */
@FunctionalInterface
public interface ProxySource {

    /** @throws UserProblemException when a proxy setting is wrong, naming it but not its secret */
    ProxySettings proxies() throws UserProblemException;

    /**
     * The settings file's active HTTP and HTTPS proxies when it has any, else the environment's
     * ({@link #fromEnvironment}), as Maven chooses.
     */
    static ProxySettings settingsOrEnvironment(List<ProxyServer> fromSettings, Map<String, String> environment)
            throws UserProblemException {
        return fromSettings.isEmpty() ? fromEnvironment(environment) : new ProxySettings(fromSettings);
    }

    /**
     * The proxies of {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} in {@code environment}, for a
     * front end without proxies of its own (or none configured).
     */
    static ProxySettings fromEnvironment(Map<String, String> environment) throws UserProblemException {
        try {
            return ProxySettings.fromEnvironment(environment);
        } catch (InvalidProxyException e) {
            throw new UserProblemException(
                    "The proxy environment variable " + e.getMessage() + "; set it to "
                            + "http://HOST:PORT (http://USER:PASSWORD@HOST:PORT for Basic authentication), or configure a "
                            + "<proxy> in settings.xml, which takes precedence",
                    e);
        }
    }
}
