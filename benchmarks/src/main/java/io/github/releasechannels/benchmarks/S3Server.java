package io.github.releasechannels.benchmarks;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

/**
 * An S3 server on loopback that the benchmark publishes to, with a request log of its own: every request either side
 * sends is read from the server's log, so both are counted the same way, outside the client.
 */
interface S3Server extends AutoCloseable {

    /** For readiness checks and log markers; the sites go to buckets of their own. */
    String MARKER_BUCKET = "bench";

    /** e.g. {@code Adobe S3Mock 5.2.0}. */
    String describe();

    URI endpoint();

    /** The requests logged since the last call, as {@link RequestCounts}. */
    RequestCounts drain() throws IOException, InterruptedException;

    @Override
    void close() throws InterruptedException;

    /** The status of an unsigned request, or -1 when the server does not answer. */
    default int status(String method, String path) {
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

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
