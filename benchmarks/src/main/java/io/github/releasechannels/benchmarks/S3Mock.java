// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Adobe S3Mock as a separate JVM on a free loopback port, with Tomcat's access log switched on: every request
 * either side sends is one line. S3Mock lists a bucket by scanning its files, so a listing slows down as the bucket
 * grows; {@link MotoServer} does not.
 */
final class S3Mock extends S3Server {

    private S3Mock(Process process, int port, Path accessLog, String version) {
        // Tomcat's pattern below already writes METHOD PATH QUERY STATUS COPY-SOURCE.
        super(process, port, new RequestLog(accessLog, line -> line), "Adobe S3Mock " + version);
    }

    /**
     * @param buckets created at start, besides {@link #MARKER_BUCKET}. S3Mock lists a bucket by scanning all its
     *                objects, so each site gets its own bucket: otherwise listings, and rclone with them, slow down
     *                as the benchmark fills one bucket.
     */
    static S3Mock start(Path jar, String version, Path directory, List<String> buckets)
            throws IOException, InterruptedException {
        Files.createDirectories(directory);
        int port = S3Server.freeLoopbackPort();
        Path logs = directory.resolve("logs");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(
                        java,
                        "-Xmx512m",
                        "-jar",
                        jar.toString(),
                        "--http.port=" + port,
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--com.adobe.testing.s3mock.store.initialBuckets=" + MARKER_BUCKET + ","
                                + String.join(",", buckets),
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
        S3Mock server = new S3Mock(process, port, logs.resolve("access.log"), version);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (server.status("HEAD", "/" + MARKER_BUCKET) != 200) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IOException("S3Mock did not start; see " + directory.resolve("s3mock.log"));
            }
            Thread.sleep(200);
        }
        server.drain();
        return server;
    }
}
