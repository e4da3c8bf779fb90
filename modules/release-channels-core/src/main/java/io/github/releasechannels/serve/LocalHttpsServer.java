// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.Headers;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.text.LogText;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Serves a rendered site over HTTPS on the loopback interface, with the same paths, bodies and headers as a real
 * host: for trying agents, curl or a verify in a lab before publishing.
 */
public final class LocalHttpsServer implements AutoCloseable {

    private final HttpsServer server;

    private LocalHttpsServer(HttpsServer server) {
        this.server = server;
    }

    /**
     * Starts serving.
     *
     * @param site       what to serve
     * @param headers    Content-Type and Cache-Control per file
     * @param tls        the server's certificate and key
     * @param port       the port on 127.0.0.1, 0 for a free one
     * @param requestLog receives one line per request
     * @throws IOException when the port cannot be bound
     */
    public static LocalHttpsServer start(
            Site site, HeaderPolicy headers, SSLContext tls, int port, Consumer<String> requestLog) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = tls.getDefaultSSLParameters();
                ssl.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                parameters.setSSLParameters(ssl);
            }
        });
        server.createContext("/", exchange -> {
            try (exchange) {
                respond(exchange, site, headers, requestLog);
            }
        });
        server.start();
        return new LocalHttpsServer(server);
    }

    private static void respond(HttpExchange exchange, Site site, HeaderPolicy policy, Consumer<String> requestLog)
            throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Optional<SiteFile> file = path.length() > 1 ? site.file(path.substring(1)) : Optional.empty();
        int status;
        byte[] body;
        if (!method.equals("GET") && !method.equals("HEAD")) {
            status = 405;
            body = "method not allowed\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        } else if (file.isEmpty()) {
            status = 404;
            body = "not found\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", HeaderPolicy.OTHER_CACHE_CONTROL);
        } else {
            status = 200;
            body = file.get().content();
            Headers headers = policy.headersFor(file.get());
            exchange.getResponseHeaders().set("Content-Type", headers.contentType());
            exchange.getResponseHeaders().set("Cache-Control", headers.cacheControl());
        }
        // The decoded path is the client's: a %0A in it must not start a forged log line.
        requestLog.accept(LogText.escape(method + " " + path) + " " + status + " ("
                + exchange.getRemoteAddress().getAddress().getHostAddress() + ")");
        boolean head = method.equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code https://localhost:PORT}, the name the certificate is issued for. */
    public URI uri() {
        return URI.create("https://localhost:" + port());
    }

    /** Stops serving at once. */
    @Override
    public void close() {
        server.stop(0);
    }
}
