// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.sftp;

import io.github.releasechannels.publish.concurrent.ConcurrentPublishContract;
import io.github.releasechannels.publish.ssh.SshOptions;
import io.github.releasechannels.testing.RealServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Two real publishing processes on one SFTP target (the suite's SSHD server), a killed one's lock and leftovers. */
@RealServer
class SftpConcurrencyTest extends ConcurrentPublishContract {

    private static final String PASSWORD = "race-password";

    @TempDir
    static Path serverDir;

    private static SftpTestServer server;
    private static Path knownHosts;

    @BeforeAll
    static void startServer() throws Exception {
        server = SftpTestServer.start(
                Files.createDirectories(serverDir.resolve("root")),
                serverDir.resolve("host-key.ser"),
                PASSWORD,
                null,
                Map.of());
        knownHosts = Files.writeString(serverDir.resolve("known_hosts"), server.knownHostsLine(server.hostKey()));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected String target(String name) {
        return server.uri() + "/" + name;
    }

    @Override
    protected Map<String, String> options() {
        return Map.of("password", PASSWORD, SshOptions.KNOWN_HOSTS, knownHosts.toString());
    }

    @Override
    protected Optional<Path> localRoot(String name) {
        return Optional.of(server.site().resolve(name));
    }

    @Override
    protected Map<String, String> served(String name) throws Exception {
        return filesUnder(server.site().resolve(name));
    }
}
