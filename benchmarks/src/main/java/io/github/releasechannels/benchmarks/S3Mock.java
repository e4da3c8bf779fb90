package io.github.releasechannels.benchmarks;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Adobe S3Mock as a separate JVM on a free loopback port, with Tomcat's access log switched on: every request
 * either side sends is one line, so both are counted the same way, outside the client.
 */
final class S3Mock implements AutoCloseable {

    /** For readiness checks and log markers; the sites go to buckets of their own. */
    static final String BUCKET = "bench";

    private final Process process;
    private final int port;
    private final Path accessLog;
    private long readUpTo;

    private S3Mock(Process process, int port, Path accessLog) {
        this.process = process;
        this.port = port;
        this.accessLog = accessLog;
    }

    /**
     * @param buckets created at start, besides {@link #BUCKET}. S3Mock lists a bucket by scanning all its objects,
     *                so each site gets its own bucket: otherwise listings, and rclone with them, slow down as the
     *                benchmark fills one bucket.
     */
    static S3Mock start(Path jar, Path directory, List<String> buckets) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        int port = freeLoopbackPort();
        Path logs = directory.resolve("logs");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx512m", "-jar", jar.toString(),
                "--http.port=" + port,
                "--server.port=0", "--server.address=127.0.0.1",
                "--com.adobe.testing.s3mock.store.initialBuckets=" + BUCKET + "," + String.join(",", buckets),
                "--com.adobe.testing.s3mock.store.root=" + directory.resolve("store"),
                "--spring.main.banner-mode=off",
                "--server.tomcat.accesslog.enabled=true",
                "--server.tomcat.accesslog.directory=" + logs,
                "--server.tomcat.accesslog.prefix=access",
                "--server.tomcat.accesslog.suffix=.log",
                "--server.tomcat.accesslog.rotate=false",
                "--server.tomcat.accesslog.buffered=false",
                // Method, path, query, status and the copy source that tells a COPY from a PUT.
                "--server.tomcat.accesslog.pattern=%m %U %q %s %{x-amz-copy-source}i"))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("s3mock.log").toFile())
                .start();
        S3Mock server = new S3Mock(process, port, logs.resolve("access.log"));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!server.answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IOException("S3Mock did not start; see " + directory.resolve("s3mock.log"));
            }
            Thread.sleep(200);
        }
        server.drain();
        return server;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private boolean answers() {
        return status("HEAD", "/" + BUCKET) == 200;
    }

    private int status(String method, String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint().resolve(path).toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            connection.setRequestMethod(method);
            try {
                return connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return -1;
        }
    }

    /** An object's content, read without credentials (S3Mock does not check them); to check a publish worked. */
    String content(String bucketAndKey) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) endpoint().resolve("/" + bucketAndKey).toURL()
                .openConnection();
        try (var in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }

    /**
     * The requests logged since the last call. A marker request sent after the measured run is logged after all of
     * the run's requests, so waiting for it makes sure none is missed.
     */
    RequestCounts drain() throws IOException, InterruptedException {
        String marker = "/" + BUCKET + "/.marker-" + UUID.randomUUID();
        status("HEAD", marker);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            byte[] all = Files.exists(accessLog) ? Files.readAllBytes(accessLog) : new byte[0];
            String fresh = new String(all, (int) readUpTo, all.length - (int) readUpTo, StandardCharsets.UTF_8);
            int end = fresh.indexOf(marker);
            if (end >= 0) {
                int lineEnd = fresh.indexOf('\n', end);
                if (lineEnd >= 0) {
                    readUpTo += fresh.substring(0, lineEnd + 1).getBytes(StandardCharsets.UTF_8).length;
                    return RequestCounts.of(fresh.substring(0, fresh.lastIndexOf('\n', end) + 1).lines().toList());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the marker request never reached S3Mock's access log " + accessLog);
            }
            Thread.sleep(20);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
