// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.publish.NetworkTimeout;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.publish.PublishReport;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.TargetOptions;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.publish.ssh.SshOptions;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.testing.ChannelPoller;
import io.github.releasechannels.testing.FaultProxy;
import io.github.releasechannels.testing.FaultScenario;
import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.testing.RecordingLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishes site B over site A to a real MINA SSHD SFTP server through a {@link FaultProxy} that cuts or stalls the
 * SSH connection after N bytes from the client, for a spread of N over every byte a clean publish sends (SSH is
 * encrypted, so bytes are all the proxy can count), while a poller reads the files in the server's directory as the
 * web server would. With one attempt a cut publish fails naming the server; with retries it succeeds on a new
 * session; either way a clean publish afterwards converges to exactly B.
 */
@RealServer
class SftpFaultInjectionTest {

    private static final String PASSWORD = "fault injection password";
    /** Cut points spread evenly over the bytes of a clean publish, besides a few inside the SSH handshake. */
    private static final int SPREAD = 14;
    /** releaseChannels.timeoutSeconds in the stall test; each stall outlasts it, so the client gives up first. */
    private static final String TIMEOUT_SECONDS = "3";
    // Three times the 3 s timeout: a loaded CI machine must still see the client give up first, and a new SSH
    // session (a key exchange, CPU-bound) must open within the timeout while other test JVMs share the cores.
    private static final Duration STALL = Duration.ofMillis(9_000);

    @TempDir
    Path dir;

    private final Site siteA = FaultScenario.siteA();
    private final Site siteB = FaultScenario.siteB();
    private SftpTestServer server;
    private FaultProxy proxy;
    private Path knownHosts;

    @BeforeEach
    void start() throws Exception {
        server = SftpTestServer.start(
                Files.createDirectories(dir.resolve("root")), dir.resolve("host-key.ser"), PASSWORD, null, Map.of());
        proxy = FaultProxy.start(FaultProxy.Protocol.OPAQUE, server.port());
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(
                knownHosts, "[127.0.0.1]:" + proxy.port() + " " + PublicKeyEntry.toString(server.hostKey()) + "\n");
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        server.close();
    }

    @Test
    void aCutAtAnyByteOfAPublishLeavesNoChannelHalfVisibleAndTheNextPublishConverges() throws Exception {
        long bytes = measureBytes();
        List<Long> cuts = new ArrayList<>(List.of(1L, 200L, 1_000L, 2_000L));
        for (int i = 1; i <= SPREAD; i++) {
            cuts.add(bytes * i / SPREAD);
        }
        for (int i = 0; i < cuts.size(); i++) {
            long n = cuts.get(i);
            String folder = "cut-" + n;
            boolean retried = i % 2 == 1;
            resetToA(folder);
            proxy.atByte(n, FaultProxy.Action.CUT);
            ChannelPoller poller = ChannelPoller.start(siteA, siteB, () -> path -> read(folder, path));
            Optional<IOException> failure = Optional.empty();
            try {
                publish(folder, siteB, SftpTestSupport.attempts(retried ? 4 : 1));
            } catch (IOException e) {
                failure = Optional.of(e);
            }
            String fault = "cut at byte " + n + " of " + bytes + (retried ? " with retries" : " without retries");
            assertEquals(List.of(), poller.stop(2), fault);
            assertEquals(1, proxy.faultsFired(), fault + " did not happen");
            if (retried) {
                assertFalse(
                        failure.isPresent(),
                        fault + ": " + failure.map(Throwable::getMessage).orElse(""));
            }
            failure.ifPresent(e -> assertTrue(
                    e.getMessage().contains("127.0.0.1:" + proxy.port()),
                    fault + " names the server: " + e.getMessage()));
            assertConverges(folder, fault);
        }
    }

    /**
     * A connection that stops forwarding after N bytes (in the handshake, during the comparison, during the writes)
     * times out after releaseChannels.timeoutSeconds instead of hanging the deploy: with retries the operation is
     * repeated on a new session and the publish succeeds, without them it fails saying the session timed out.
     */
    @Test
    void aStallAtAnyPointOfAPublishTimesOutAndIsRetriedOrFailsSayingSoAndTheNextPublishConverges() throws Exception {
        long bytes = measureBytes();
        proxy.stallFor(STALL);
        List<Long> stalls = List.of(200L, bytes / 4, bytes / 2, bytes * 3 / 4);
        for (int i = 0; i < stalls.size(); i++) {
            long n = stalls.get(i);
            boolean retried = i % 2 == 0;
            String folder = "stall-" + n;
            String fault = "stall at byte " + n + " of " + bytes + (retried ? " with retries" : " without retries");
            resetToA(folder);
            proxy.atByte(n, FaultProxy.Action.STALL);
            ChannelPoller poller = ChannelPoller.start(siteA, siteB, () -> path -> read(folder, path));
            RecordingLog log = new RecordingLog();
            Optional<IOException> failure = Optional.empty();
            try {
                publish(folder, siteB, SftpTestSupport.attempts(retried ? 4 : 1), TIMEOUT_SECONDS, log);
            } catch (IOException e) {
                failure = Optional.of(e);
            }
            assertEquals(List.of(), poller.stop(2), fault);
            assertEquals(1, proxy.faultsFired(), fault + " did not happen");
            if (retried) {
                assertFalse(
                        failure.isPresent(),
                        fault + ": " + failure.map(Throwable::getMessage).orElse(""));
                assertTrue(
                        log.lines().stream()
                                .anyMatch(line -> line.startsWith("WARN ") && line.contains("timed out after 3 s")),
                        fault + ": " + log.lines());
            } else {
                assertTrue(failure.isPresent(), fault + " must fail the publish");
                String message = failure.get().getMessage();
                assertTrue(message.contains("127.0.0.1:" + proxy.port()), fault + " names the server: " + message);
                assertTrue(
                        message.contains("timed out after 3 s (releaseChannels.timeoutSeconds)"),
                        fault + ": " + message);
            }
            // What the client sent before giving up reaches the server when the stall ends, as a late packet would;
            // the client has given up, so the stall ends now.
            proxy.endStalls();
            assertConverges(folder, fault);
        }
    }

    private long measureBytes() throws Exception {
        resetToA("measure");
        proxy.passThrough();
        publish("measure", siteB, SftpTestSupport.attempts(1));
        return proxy.bytesToServer();
    }

    /** Puts A's files into a fresh folder of the server, as a publish of A leaves them. */
    private void resetToA(String folder) throws IOException {
        Path root = server.site().resolve(folder);
        for (SiteFile file : siteA.files()) {
            Path path = root.resolve(file.path());
            Files.createDirectories(path.getParent());
            Files.write(path, file.content());
        }
    }

    private Optional<byte[]> read(String folder, String path) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(server.site().resolve(folder).resolve(path)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** A clean publish leaves exactly B (no temporary file either), and one more writes nothing. */
    private void assertConverges(String folder, String fault) throws Exception {
        proxy.passThrough();
        publish(folder, siteB, SftpTestSupport.attempts(1));
        assertEquals(files(siteB), files(server.site().resolve(folder)), fault);
        PublishReport again = publish(folder, siteB, SftpTestSupport.attempts(1));
        assertTrue(again.plan().changesNothing(), fault + ": " + again.summary());
    }

    private static Map<String, String> files(Site site) {
        Map<String, String> files = new TreeMap<>();
        site.files().forEach(file -> files.put(file.path(), new String(file.content(), StandardCharsets.UTF_8)));
        return files;
    }

    private static Map<String, String> files(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'), Files.readString(file));
            }
        }
        return files;
    }

    private PublishReport publish(String folder, Site site, Retry retry) throws Exception {
        return publish(folder, site, retry, String.valueOf(NetworkTimeout.DEFAULT_SECONDS), PublishLog.SILENT);
    }

    private PublishReport publish(String folder, Site site, Retry retry, String timeoutSeconds, PublishLog log)
            throws Exception {
        String target =
                "sftp://" + SftpTestServer.USER + "@127.0.0.1:" + proxy.port() + SftpTestServer.SITE + "/" + folder;
        TargetSettings settings = new TargetSettings(
                Optional.of(SftpTestSupport.password(PASSWORD)),
                // A publish failed by a fault may leave its lock; the next one, in this same process whose publish
                // that took it has ended, takes it over at once.
                TargetOptions.parse(
                        Map.of(SshOptions.KNOWN_HOSTS, knownHosts.toString(), NetworkTimeout.OPTION, timeoutSeconds)),
                Map.of(),
                dir.resolve("work"),
                retry);
        return SftpTestSupport.publish(target, settings, site, false, log);
    }
}
