// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * An S3 server process on loopback that the benchmark publishes to, with a request log of its own: every request
 * either side sends is read from the server's log, so both are counted the same way, outside the client.
 */
abstract class S3Server implements AutoCloseable {

    /** For readiness checks and log markers; the sites go to buckets of their own. */
    static final String MARKER_BUCKET = "bench";

    private final Process process;
    private final int port;
    private final RequestLog log;
    private final String description;

    S3Server(Process process, int port, RequestLog log, String description) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.description = description;
    }

    /** e.g. {@code Adobe S3Mock 5.2.0}. */
    String describe() {
        return description;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The requests logged since the last call, as {@link RequestCounts}. */
    RequestCounts drain() throws IOException, InterruptedException {
        return log.drain(this);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The status of an unsigned request, or -1 when the server does not answer. */
    int status(String method, String path) {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) endpoint().resolve(path).toURL().openConnection();
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

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
