// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * A real HTTPS (or, for the loopback tests of plain http, HTTP) server on 127.0.0.1 and a free port, answering
 * each path with a programmed reply, or from a directory for paths without one. Records the requests it gets.
 */
public final class TestHttpsServer implements AutoCloseable {

    /**
     * One programmed answer.
     *
     * @param delay   how long to wait before the headers
     * @param perByte how long to wait before each byte of the body after the first, {@link Duration#ZERO} to send
     *                it at once: a server that drips its body
     */
    public record Reply(int status, byte[] body, Map<String, String> headers, Duration delay, Duration perByte) {

        public Reply(int status, byte[] body, Map<String, String> headers, Duration delay) {
            this(status, body, headers, delay, Duration.ZERO);
        }

        public static Reply ok(String body) {
            return new Reply(
                    200,
                    body.getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "text/plain; charset=utf-8", "Cache-Control", "max-age=60"),
                    Duration.ZERO);
        }

        public static Reply status(int status) {
            return new Reply(
                    status, ("status " + status + "\n").getBytes(StandardCharsets.UTF_8), Map.of(), Duration.ZERO);
        }

        public Reply withHeaders(Map<String, String> replaced) {
            return new Reply(status, body, replaced, delay, perByte);
        }

        public Reply after(Duration wait) {
            return new Reply(status, body, headers, wait, perByte);
        }

        /** The same answer with its body sent one byte every {@code interval}. */
        public Reply dripping(Duration interval) {
            return new Reply(status, body, headers, delay, interval);
        }
    }

    /** A request as received. */
    public record Request(String method, String path, Map<String, List<String>> headers) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Supplier<Reply>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final String scheme;
    private volatile Path directory;

    private TestHttpsServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                respond(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    public static TestHttpsServer https(SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new TestHttpsServer(server, "https");
    }

    public static TestHttpsServer plainHttp() throws IOException {
        return new TestHttpsServer(
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), "http");
    }

    /** {@code https://127.0.0.1:PORT}, covered by the test CA's server certificate. */
    public String baseUrl() {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Answers {@code path} (without leading slash) with {@code reply}. */
    public TestHttpsServer on(String path, Reply reply) {
        routes.put("/" + path, () -> reply);
        return this;
    }

    /** Answers {@code path} with whatever {@code reply} gives at the time of each request. */
    public TestHttpsServer on(String path, Supplier<Reply> reply) {
        routes.put("/" + path, reply);
        return this;
    }

    /** Serves the files of {@code root} for paths without a programmed reply, like a web server's docroot. */
    public TestHttpsServer serveDirectory(Path root) {
        this.directory = root;
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void respond(HttpExchange exchange) throws IOException, InterruptedException {
        String path = exchange.getRequestURI().getPath();
        requests.add(new Request(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders())));
        Supplier<Reply> route = routes.get(path);
        Reply reply = route != null ? route.get() : fromDirectory(path);
        Thread.sleep(reply.delay().toMillis());
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (reply.perByte().isZero()) {
                out.write(reply.body());
                return;
            }
            for (int i = 0; i < reply.body().length; i++) {
                if (i > 0) {
                    Thread.sleep(reply.perByte().toMillis());
                }
                out.write(reply.body()[i]);
                out.flush();
            }
        }
    }

    private Reply fromDirectory(String path) throws IOException {
        Path root = directory;
        if (root == null) {
            return Reply.status(404);
        }
        Path file = root.resolve(path.substring(1)).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            return Reply.status(404);
        }
        return Reply.ok(Files.readString(file));
    }

    @Override
    public void close() {
        executor.shutdownNow();
        server.stop(0);
    }
}
