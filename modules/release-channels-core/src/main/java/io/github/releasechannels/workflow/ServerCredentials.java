// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.publish.Credentials;
import java.util.Optional;

/** The front end's store of server credentials by id (settings.xml {@code <servers>}), decrypted when asked. */
@FunctionalInterface
public interface ServerCredentials {

    /** No store: every target uses its own credential sources. */
    ServerCredentials NONE = id -> Optional.empty();

    /**
     * The credentials of server {@code id}; empty when there is none of that id.
     *
     * @throws UserProblemException when they cannot be decrypted, naming the server, never the value
     */
    Optional<Credentials> of(String id) throws UserProblemException;

    /** The credentials of the server {@code id} names; empty when no id is set or none matches. */
    default Optional<Credentials> of(Optional<String> id) throws UserProblemException {
        return id.isEmpty() ? Optional.empty() : of(id.get());
    }
}
