// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal HTTP proxy on a free loopback port that records where each connection asked to go: {@code CONNECT
 * host:port} tunnels (HTTPS) and absolute-form requests ({@code GET http://host:port/...}, plain HTTP forwarded as
 * is, which origin servers must accept). It forwards only to loopback addresses. With {@link #requireBasic} it answers
 * {@code 407} until the expected {@code Proxy-Authorization} arrives.
 */
public final class RecordingHttpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile Optional<String> expectedAuthorization = Optional.empty();

    private RecordingHttpProxy(ServerSocket listener) {
        this.listener = listener;
        Thread acceptor = new Thread(this::accept, "recording-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static RecordingHttpProxy start() throws IOException {
        return new RecordingHttpProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Answers 407 to connections without Basic credentials {@code user:password}. */
    public RecordingHttpProxy requireBasic(String user, String password) {
        expectedAuthorization = Optional.of("Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** {@code CONNECT 127.0.0.1:443} or {@code GET 127.0.0.1:80}: the method and the target of each connection. */
    public List<String> targets() {
        return List.copyOf(targets);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                Thread handler = new Thread(() -> handle(client), "recording-proxy-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] head;
            String[] requestLine;
            while (true) {
                head = readHead(in);
                if (head == null) {
                    return;
                }
                String text = new String(head, StandardCharsets.ISO_8859_1);
                requestLine = text.substring(0, text.indexOf("\r\n")).split(" ");
                if (expectedAuthorization.isEmpty()
                        || expectedAuthorization.get().equals(header(text, "proxy-authorization"))) {
                    break;
                }
                targets.add("407 " + requestLine[0] + " " + requestLine[1]);
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                                + "Content-Length: 0\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            boolean tunnel = requestLine[0].equalsIgnoreCase("CONNECT");
            String authority =
                    tunnel ? requestLine[1] : URI.create(requestLine[1]).getRawAuthority();
            targets.add(requestLine[0] + " " + authority);
            int colon = authority.lastIndexOf(':');
            String host = authority.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(authority.substring(colon + 1));
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                out.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            try (Socket origin = new Socket()) {
                sockets.add(origin);
                origin.connect(new InetSocketAddress(host, port), 5000);
                if (tunnel) {
                    out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } else {
                    origin.getOutputStream().write(head);
                }
                Thread upstream = new Thread(() -> pipe(in, origin), "recording-proxy-upstream");
                upstream.setDaemon(true);
                upstream.start();
                pipe(origin.getInputStream(), client);
            }
        } catch (IOException | RuntimeException e) {
            // The connection ends; the test looks at what was recorded and at what the client got.
        }
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0
                    && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** The request line and headers up to the blank line; null at the end of the stream. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 64 * 1024) {
                throw new IOException("request head too long");
            }
        }
        return head.toByteArray();
    }

    private static void pipe(InputStream from, Socket to) {
        try {
            from.transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // One side closed.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        List<Socket> open = new ArrayList<>(sockets);
        for (Socket socket : open) {
            socket.close();
        }
    }
}
