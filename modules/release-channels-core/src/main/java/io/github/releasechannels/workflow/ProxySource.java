package io.github.releasechannels.workflow;

import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.proxy.ProxySettings;

/**
 * The HTTP proxies a run goes through, as the front end knows them (settings.xml's {@code <proxies>}, else the
 * environment). Asked only by goals that go over the network, after channels.yaml is read.
 */
@FunctionalInterface
public interface ProxySource {

    /** @throws UserProblemException when a proxy setting is wrong, naming it but not its secret */
    ProxySettings proxies() throws UserProblemException;
}
