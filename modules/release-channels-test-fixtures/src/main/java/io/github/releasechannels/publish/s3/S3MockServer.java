// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Adobe S3Mock (a real S3 API server, Spring Boot) run as a separate JVM on a free loopback port, once for the
 * whole test run, and stopped when JUnit closes its root store. Test classes take it as a parameter:
 * {@code @ExtendWith(S3MockServer.Extension.class)} and {@code @BeforeAll static void setUp(S3MockServer s3)}.
 *
 * <p>Its {@link #endpoint} is an {@link S3AtomicWritesFront} in front of S3Mock, so that every test sees conditional
 * writes decided atomically, as on S3 (S3Mock checks, then writes).
 */
final class S3MockServer implements AutoCloseable {

    /** Buckets that exist from the start. */
    static final String BUCKET = "channels";

    static final String ROOT_BUCKET = "site-root";

    private static final Duration STARTUP = Duration.ofSeconds(120);

    private final Process process;
    private final int port;
    private final Path root;
    private final Path log;
    private S3AtomicWritesFront front;

    private S3MockServer(Process process, int port, Path root, Path log) {
        this.process = process;
        this.port = port;
        this.root = root;
        this.log = log;
    }

    /** Where tests reach S3: the front that makes S3Mock's conditional writes atomic. */
    URI endpoint() {
        return front.endpoint();
    }

    private URI backend() {
        return URI.create("http://127.0.0.1:" + port);
    }

    static S3MockServer start() throws IOException, InterruptedException {
        String jarProperty = System.getProperty("s3mock.jar");
        if (jarProperty == null || !Files.isRegularFile(Path.of(jarProperty))) {
            throw new IllegalStateException("S3Mock's exec jar not found (system property s3mock.jar = " + jarProperty
                    + "). Run the tests through Maven, which copies it to target/s3mock in process-test-resources.");
        }
        Path jar = Path.of(jarProperty);
        Path root = Files.createTempDirectory(jar.getParent(), "root-");
        Path log = jar.getParent().resolve(root.getFileName() + ".log");
        int port = freeLoopbackPort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(
                        java,
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        jar.toString(),
                        "--http.port=" + port,
                        // The HTTPS connector (unused here) on a random loopback port.
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--com.adobe.testing.s3mock.store.initialBuckets=" + BUCKET + "," + ROOT_BUCKET,
                        "--com.adobe.testing.s3mock.store.root=" + root,
                        "--spring.main.banner-mode=off"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        S3MockServer server = new S3MockServer(process, port, root, log);
        try {
            server.awaitReady();
            server.front = S3AtomicWritesFront.start(server.backend());
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Mock exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (answers()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "S3Mock did not answer on port " + port + " within " + STARTUP + ":\n" + logTail());
    }

    private boolean answers() {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) backend().resolve("/" + BUCKET).toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            connection.setRequestMethod("HEAD");
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private String logTail() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        if (front != null) {
            front.close();
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Resolves {@link S3MockServer} parameters to the one server of this test run, starting it on first use. */
    static final class Extension implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == S3MockServer.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            // The root store closes it (AutoCloseable) when the test run ends.
            return context.getRoot()
                    .getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(
                            S3MockServer.class,
                            key -> {
                                try {
                                    return start();
                                } catch (IOException e) {
                                    throw new IllegalStateException("could not start S3Mock", e);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    throw new IllegalStateException("interrupted while starting S3Mock", e);
                                }
                            },
                            S3MockServer.class);
        }
    }
}
