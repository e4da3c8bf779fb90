// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.concurrent;

import io.github.releasechannels.testing.RealServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Two real publishing processes on one {@code file:} target, a killed one's lock and leftovers. */
@RealServer
class DirectoryConcurrencyTest extends ConcurrentPublishContract {

    @Override
    protected String target(String name) {
        return "file:" + work.resolve("sites").resolve(name);
    }

    @Override
    protected Map<String, String> options() {
        return Map.of();
    }

    @Override
    protected Optional<Path> localRoot(String name) {
        return Optional.of(work.resolve("sites").resolve(name));
    }

    @Override
    protected Map<String, String> served(String name) throws Exception {
        return filesUnder(work.resolve("sites").resolve(name));
    }
}
