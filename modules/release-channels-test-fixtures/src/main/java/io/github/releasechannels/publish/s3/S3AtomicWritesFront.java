// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An HTTP front on a free loopback port that makes S3Mock decide conditional writes atomically, as Amazon S3 does:
 * every request that changes an object ({@code PUT}, {@code POST}, {@code DELETE}; a copy also on its source) is
 * forwarded only while no other change of that object is on its way to S3Mock, and reads pass at once.
 *
 * <p>Why it exists: S3Mock 5.2.0 checks {@code If-Match} and {@code If-None-Match} before it stores, with nothing
 * holding the object between the two. {@code ObjectController.putObject}
 * (server/src/main/kotlin/com/adobe/testing/s3mock/s3/controller/ObjectController.kt, line 402) calls
 * {@code ObjectService.verifyObjectMatching} (…/s3/service/ObjectService.kt, lines 301-309: it reads the object's
 * metadata and compares the ETag), and only then {@code ObjectService.putObject} (lines 100-133), whose
 * {@code ObjectStore.storeS3ObjectMetadata} (…/s3/store/ObjectStore.kt, line 70) takes the object's lock for the
 * write alone. Two PUTs with {@code If-Match} on the same ETag, or two with {@code If-None-Match: *} on an absent
 * key, can both pass the check and both be stored: of eight such PUTs sent at once, S3Mock accepted two to six in 12
 * rounds of 40 (S3ConditionalWriteAtomicityTest without this front's lock). The publish lock is taken with exactly
 * such a write, so two publishing processes could both believe they held it: {@code S3ConcurrencyTest} failed so
 * once in CI and once in 44 rounds here, both publishes stopping at a file the other had written. S3 decides the
 * condition and the write in one step; this front gives S3Mock that contract, and S3Mock stays the server that stores
 * and answers.
 *
 * <p>Requests are read whole before they are forwarded (S3Mock too stores the body before it checks), and answers are
 * read whole before they are returned; bodies here are site files of a few kilobytes.
 */
final class S3AtomicWritesFront implements AutoCloseable {

    /** Headers of one hop, or that the forwarding client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection",
            "content-length",
            "date",
            "expect",
            "host",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade");

    private static final Set<String> CHANGING_METHODS = Set.of("PUT", "POST", "DELETE");

    private final HttpServer server;
    private final ExecutorService handlers;
    private final HttpClient client;
    private final URI backend;
    /** One lock per object ({@code bucket/key}, decoded), held while a change of it is on its way to S3Mock. */
    private final Map<String, ReentrantLock> objects = new ConcurrentHashMap<>();

    private S3AtomicWritesFront(HttpServer server, ExecutorService handlers, URI backend) {
        this.server = server;
        this.handlers = handlers;
        this.backend = backend;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(handlers)
                .build();
    }

    /** A front on a free loopback port forwarding to S3Mock at {@code backend} ({@code http://127.0.0.1:port}). */
    static S3AtomicWritesFront start(URI backend) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService handlers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "s3-atomic-front-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        S3AtomicWritesFront front = new S3AtomicWritesFront(server, handlers, backend);
        server.setExecutor(handlers);
        server.createContext("/", front::handle);
        server.start();
        return front;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            List<ReentrantLock> held = CHANGING_METHODS.contains(method) ? lock(exchange) : List.of();
            HttpResponse<byte[]> answer;
            try {
                answer = client.send(forwarded(exchange, method, body), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
                return;
            } catch (IOException e) {
                // As a gateway that lost S3Mock would: the client may retry, as it would against S3.
                exchange.sendResponseHeaders(502, -1);
                return;
            } finally {
                held.forEach(ReentrantLock::unlock);
            }
            reply(exchange, method, answer);
        }
    }

    /**
     * Locks the object the request changes and, for a copy, its source, in one order so that two copies cannot wait
     * for each other.
     */
    private List<ReentrantLock> lock(HttpExchange exchange) {
        Set<String> names = new TreeSet<>();
        names.add(objectName(exchange.getRequestURI().getRawPath()));
        String copySource = exchange.getRequestHeaders().getFirst("x-amz-copy-source");
        if (copySource != null) {
            int query = copySource.indexOf('?');
            names.add(objectName(query < 0 ? copySource : copySource.substring(0, query)));
        }
        List<ReentrantLock> locks = names.stream()
                .map(name -> objects.computeIfAbsent(name, key -> new ReentrantLock()))
                .toList();
        locks.forEach(ReentrantLock::lock);
        return locks;
    }

    /** {@code bucket/key} of a path-style path or copy source, decoded, so that both spellings name one object. */
    private static String objectName(String rawPath) {
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private HttpRequest forwarded(HttpExchange exchange, String method, byte[] body) {
        URI request = exchange.getRequestURI();
        String target = request.getRawPath() + (request.getRawQuery() == null ? "" : "?" + request.getRawQuery());
        HttpRequest.Builder forward = HttpRequest.newBuilder(backend.resolve(target))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body.length == 0 && !CHANGING_METHODS.contains(method)
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> forward.header(name, value));
            }
        });
        return forward.build();
    }

    private static void reply(HttpExchange exchange, String method, HttpResponse<byte[]> answer) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        answer.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                headers.put(name, values);
            }
        });
        byte[] body = answer.body();
        if (method.equals("HEAD")) {
            // A HEAD answer tells the object's length without a body; the server sends the header as set.
            answer.headers().firstValue("content-length").ifPresent(length -> headers.set("Content-Length", length));
            exchange.sendResponseHeaders(answer.statusCode(), -1);
            return;
        }
        if (body.length == 0) {
            exchange.sendResponseHeaders(answer.statusCode(), -1);
            return;
        }
        exchange.sendResponseHeaders(answer.statusCode(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(0);
        handlers.shutdownNow();
        handlers.awaitTermination(10, TimeUnit.SECONDS);
    }
}
