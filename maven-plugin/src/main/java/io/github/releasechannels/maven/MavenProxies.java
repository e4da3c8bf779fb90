// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.proxy.ProxyServer;
import io.github.releasechannels.proxy.ProxySettings;
import io.github.releasechannels.workflow.ProxySource;
import java.util.List;
import java.util.Map;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/** settings.xml {@code <proxies>} to the core's {@link ProxySettings}; the environment's when settings has none. */
final class MavenProxies {

    private MavenProxies() {}

    /**
     * The active settings.xml proxies for http and https; when there are none, {@code HTTPS_PROXY}, {@code HTTP_PROXY}
     * and {@code NO_PROXY} from {@code environment}.
     */
    static ProxySettings from(List<Proxy> proxies, Map<String, String> environment) throws UserProblemException {
        List<ProxyServer> active = (proxies == null ? List.<Proxy>of() : proxies)
                .stream()
                        .filter(Proxy::isActive)
                        .filter(proxy -> ProxyServer.servesHttp(proxy.getProtocol()))
                        .map(proxy -> ProxyServer.fromSettings(
                                proxy.getId(),
                                proxy.getProtocol(),
                                proxy.getHost(),
                                proxy.getPort(),
                                proxy.getUsername(),
                                proxy.getPassword(),
                                proxy.getNonProxyHosts()))
                        .toList();
        return ProxySource.settingsOrEnvironment(active, environment);
    }

    /**
     * The proxies with their passwords decrypted ({@code mvn --encrypt-password}, settings-security.xml), as Maven
     * does for its own downloads; a password that cannot be decrypted fails the build rather than be sent as is.
     */
    static List<Proxy> decrypt(List<Proxy> proxies, SettingsDecrypter decrypter) throws UserProblemException {
        return SettingsSecrets.decrypted(
                        decrypter,
                        new DefaultSettingsDecryptionRequest().setProxies(proxies),
                        "a settings.xml proxy password")
                .getProxies();
    }
}
