// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A TCP proxy on a free loopback port that forwards to a real test server and injects one fault: it cuts the
 * connection, stalls, or (for HTTP) answers a request with an error itself. Counts connections, requests and bytes,
 * so a test can measure a clean run first and then inject a fault at every request or byte offset of it.
 *
 * <p>Each fault fires once; later traffic passes through, so a client that retries can succeed. An {@link
 * #outageFrom outage} instead cuts everything from a point on, a {@link #stallFrom stalling server} holds every
 * request from a point on, a {@link #darkFrom dark link} holds every request from a given one on and never delivers
 * it, or {@link #darkFromDeliveringLate delivers the first of them late}. Beside the faults, HTTP traffic can be
 * {@link #delayEachRequest slowed} and {@link #stripRequestHeaders stripped of headers}, as a slow link or a gateway
 * that drops them would.
 *
 * <p>HTTP limits: requests are framed by parsing just enough of HTTP/1.1 — the header block, then a
 * {@code Content-Length} or {@code Transfer-Encoding: chunked} body (bodyless otherwise); no pipelining (the
 * clients used here send one request at a time per connection), no HTTP/2, no TLS (the proxy sees the bytes).
 * Responses are not parsed, except that interim {@code 1xx} responses pass even when the final one is dropped.
 * Every other protocol (SSH) is forwarded as opaque bytes and can only be faulted by byte offset or connection.
 */
public final class FaultProxy implements AutoCloseable {

    /** How traffic is counted: HTTP requests are framed, anything else is opaque bytes. */
    public enum Protocol {
        HTTP,
        OPAQUE
    }

    /** What happens to the request, byte offset or connection a fault is set on. */
    public enum Action {
        /** Forward everything. */
        PASS,
        /** Close both sides at once: the server never sees the request (or the bytes from the offset on). */
        CUT,
        /** HTTP: forward the request, let the server act on it, then close both sides instead of answering. */
        DROP_RESPONSE,
        /** HTTP: answer the request with an error status without forwarding it, then close the connection. */
        ERROR,
        /** Forward nothing for a while (so client timeouts fire), then go on forwarding if both sides are open. */
        STALL
    }

    /** Where a fault fires. */
    private enum Unit {
        NONE,
        REQUEST,
        BYTE,
        CONNECTION
    }

    private final Protocol protocol;
    private final InetSocketAddress server;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong bytesToServer = new AtomicLong();
    private final AtomicInteger faultsFired = new AtomicInteger();
    private final AtomicInteger stallsInProgress = new AtomicInteger();
    /** Counted down by {@link #endStalls} to end the stalls in progress; replaced by a fresh one then. */
    private volatile CountDownLatch stallsEnd = new CountDownLatch(1);

    private final List<String> requestHeads = new CopyOnWriteArrayList<>();

    private volatile Unit unit = Unit.NONE;
    private volatile long at;
    private volatile boolean outage;
    private volatile Action action = Action.PASS;
    private volatile int errorStatus = 503;
    private volatile Duration stall = Duration.ZERO;
    private volatile Duration delay = Duration.ZERO;
    private volatile Set<String> strippedHeaders = Set.of();
    private final AtomicInteger headersStripped = new AtomicInteger();
    /** The text of the request line that turns the link dark, while armed. */
    private String darkFrom;
    /** Released when the link comes back; set while it is dark. Guarded by this. */
    private CountDownLatch dark;

    private final AtomicInteger heldInTheDark = new AtomicInteger();
    /** Whether the request that turns the link dark is kept whole, for {@link #deliverLate}. Guarded by this. */
    private boolean keepFirstInTheDark;
    /** That request, head and body, once kept. Guarded by this. */
    private byte[] keptInTheDark;

    private volatile boolean closed;

    private FaultProxy(Protocol protocol, InetSocketAddress server, ServerSocket listener) {
        this.protocol = protocol;
        this.server = server;
        this.listener = listener;
        Thread acceptor = new Thread(this::accept, "fault-proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy on a free loopback port forwarding to {@code 127.0.0.1:serverPort}. */
    public static FaultProxy start(Protocol protocol, int serverPort) throws IOException {
        return start(protocol, serverPort, 0);
    }

    /** The same on a chosen local port (0 for any free one). */
    public static FaultProxy start(Protocol protocol, int serverPort, int localPort) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ServerSocket listener = new ServerSocket(localPort, 50, loopback);
        return new FaultProxy(protocol, new InetSocketAddress(loopback, serverPort), listener);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Forwards everything from now on, unchanged and without delay, and zeroes the counters. */
    public synchronized FaultProxy passThrough() {
        delay = Duration.ZERO;
        strippedHeaders = Set.of();
        return arm(Unit.NONE, 0, Action.PASS, false);
    }

    /**
     * From the first HTTP request whose request line contains {@code text} on, every request is held, never answered
     * and never forwarded, as on a link that went dark: the client's timeouts fire and nothing it sent then reaches
     * the server, ever. Arming any other fault, or {@link #passThrough}, brings the link back by cutting what it held.
     */
    public synchronized FaultProxy darkFrom(String text) {
        if (protocol != Protocol.HTTP) {
            throw new IllegalStateException("requests are only seen for HTTP");
        }
        arm(Unit.NONE, 0, Action.PASS, false);
        darkFrom = text;
        return this;
    }

    /**
     * {@link #darkFrom}, but the request that turns the link dark is read whole and kept, to reach the server only
     * when {@link #deliverLate} is called, as a packet held somewhere in a network arrives long after its sender
     * gave up on it.
     */
    public synchronized FaultProxy darkFromDeliveringLate(String text) {
        darkFrom(text);
        keepFirstInTheDark = true;
        keptInTheDark = null;
        return this;
    }

    /**
     * Sends the request kept by {@link #darkFromDeliveringLate} to the server on a connection of its own, and returns
     * the status the server answered it with.
     */
    public int deliverLate() throws IOException {
        byte[] request;
        synchronized (this) {
            request = keptInTheDark;
        }
        if (request == null) {
            throw new IllegalStateException("no request was kept in the dark");
        }
        try (Socket socket = new Socket()) {
            socket.connect(server, 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            while (true) {
                String line = new String(readLine(in), StandardCharsets.ISO_8859_1).trim();
                if (line.startsWith("HTTP/1.")) {
                    int status = Integer.parseInt(line.split(" ")[1]);
                    if (status >= 200) {
                        return status;
                    }
                }
            }
        }
    }

    /** Whether the link went dark (see {@link #darkFrom}). */
    public synchronized boolean isDark() {
        return dark != null;
    }

    /** How many requests the dark link has held. */
    public int heldInTheDark() {
        return heldInTheDark.get();
    }

    /** Holds every HTTP request for {@code delay} before forwarding it, as a slow link would; zero for none. */
    public FaultProxy delayEachRequest(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** Forwards HTTP requests without these headers (any case), as a gateway that does not pass them on. */
    public FaultProxy stripRequestHeaders(String... names) {
        this.strippedHeaders =
                Arrays.stream(names).map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        return this;
    }

    /** How many headers were dropped by {@link #stripRequestHeaders}. */
    public int headersStripped() {
        return headersStripped.get();
    }

    /** Applies {@code action} to the {@code n}-th HTTP request from now (1-based), once. */
    public synchronized FaultProxy atRequest(int n, Action action) {
        if (protocol != Protocol.HTTP) {
            throw new IllegalStateException("requests are only counted for HTTP");
        }
        return arm(Unit.REQUEST, n, action, false);
    }

    /** Cuts or stalls once {@code n} bytes from now went from the client to the server. */
    public synchronized FaultProxy atByte(long n, Action action) {
        if (action != Action.CUT && action != Action.STALL) {
            throw new IllegalArgumentException("a byte offset can only be cut or stalled");
        }
        return arm(Unit.BYTE, n, action, false);
    }

    /** Cuts or stalls the {@code n}-th connection from now as soon as it is accepted, once. */
    public synchronized FaultProxy atConnection(int n, Action action) {
        if (action != Action.CUT && action != Action.STALL) {
            throw new IllegalArgumentException("a connection can only be cut or stalled");
        }
        return arm(Unit.CONNECTION, n, action, false);
    }

    /** Cuts the {@code n}-th HTTP request from now and every later one, and every later connection. */
    public synchronized FaultProxy outageFrom(int n) {
        if (protocol != Protocol.HTTP) {
            throw new IllegalStateException("requests are only counted for HTTP");
        }
        return arm(Unit.REQUEST, n, Action.CUT, true);
    }

    /** Stalls the {@code n}-th HTTP request from now and every later one, as a server that stopped answering. */
    public synchronized FaultProxy stallFrom(int n) {
        if (protocol != Protocol.HTTP) {
            throw new IllegalStateException("requests are only counted for HTTP");
        }
        return arm(Unit.REQUEST, n, Action.STALL, true);
    }

    /** The status {@link Action#ERROR} answers with; 503 unless set. */
    public FaultProxy errorStatus(int status) {
        this.errorStatus = status;
        return this;
    }

    /** How long {@link Action#STALL} holds the traffic at most; {@link #endStalls} ends it sooner. */
    public FaultProxy stallFor(Duration duration) {
        this.stall = duration;
        return this;
    }

    private FaultProxy arm(Unit unit, long at, Action action, boolean outage) {
        darkFrom = null;
        keepFirstInTheDark = false;
        if (dark != null) {
            dark.countDown();
            dark = null;
        }
        heldInTheDark.set(0);
        requestHeads.clear();
        connections.set(0);
        requests.set(0);
        bytesToServer.set(0);
        faultsFired.set(0);
        this.at = at;
        this.action = action;
        this.outage = outage;
        this.unit = unit;
        return this;
    }

    public int connections() {
        return connections.get();
    }

    public int requests() {
        return requests.get();
    }

    /** The request line and headers of each HTTP request seen since the proxy was last armed, in order. */
    public List<String> requestHeads() {
        return List.copyOf(requestHeads);
    }

    public long bytesToServer() {
        return bytesToServer.get();
    }

    /** How often the armed fault fired (0 when the traffic ended before reaching it). */
    public int faultsFired() {
        return faultsFired.get();
    }

    /**
     * Ends every stall in progress now, and waits until the traffic it held has gone on. A stalled request the
     * client gave up on still reaches the server when the stall ends, as a delayed packet would; a test calls this
     * once the client has given up (its operation returned), before it checks the server's state, instead of
     * waiting out the rest of the stall.
     */
    public void endStalls() throws InterruptedException {
        CountDownLatch ending = stallsEnd;
        stallsEnd = new CountDownLatch(1);
        ending.countDown();
        long deadline = System.nanoTime() + stall.toNanos() + 10_000_000_000L;
        while (stallsInProgress.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (stallsInProgress.get() > 0) {
            throw new IllegalStateException(stallsInProgress.get() + " stalls still in progress");
        }
    }

    /** Closes every open connection, as a server restart would. */
    public void dropAllConnections() {
        sockets.forEach(FaultProxy::closeQuietly);
        sockets.clear();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            int number = connections.incrementAndGet();
            sockets.add(client);
            Thread handler = new Thread(() -> open(client, number), "fault-proxy-connection-" + number);
            handler.setDaemon(true);
            handler.start();
        }
    }

    private void open(Socket client, int number) {
        Action onConnect = Action.PASS;
        if (unit == Unit.CONNECTION && number == at && faultsFired.compareAndSet(0, 1)) {
            onConnect = action;
        }
        if (outage && action == Action.CUT && faultsFired.get() > 0) {
            onConnect = Action.CUT;
        }
        if (onConnect == Action.CUT) {
            closeQuietly(client);
            return;
        }
        if (onConnect == Action.STALL && !holdTraffic()) {
            closeQuietly(client);
            return;
        }
        Socket upstream = new Socket();
        try {
            upstream.connect(server, 5_000);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(upstream);
            return;
        }
        sockets.add(upstream);
        Connection connection = new Connection(client, upstream);
        Thread back = new Thread(connection::serverToClient, "fault-proxy-back-" + number);
        back.setDaemon(true);
        back.start();
        connection.clientToServer();
    }

    /** One proxied connection: a pump per direction, sharing the client's output for injected answers. */
    private final class Connection {
        private final Socket client;
        private final Socket upstream;
        private volatile boolean dropResponse;

        Connection(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void clientToServer() {
            try (InputStream in = new BufferedInputStream(client.getInputStream());
                    OutputStream out = upstream.getOutputStream()) {
                if (protocol == Protocol.HTTP) {
                    forwardRequests(in, out);
                } else {
                    forwardBytes(in, out);
                }
            } catch (IOException e) {
                // One side closed or was cut: the connection ends.
            } finally {
                closeBoth();
            }
        }

        void serverToClient() {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = upstream.getInputStream()) {
                OutputStream out = client.getOutputStream();
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    if (dropResponse && !isInterimResponse(buffer, read)) {
                        closeBoth();
                        return;
                    }
                    synchronized (client) {
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // Cut or closed.
            } finally {
                closeBoth();
            }
        }

        private void forwardBytes(InputStream in, OutputStream out) throws IOException {
            byte[] buffer = new byte[16 * 1024];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                int offset = 0;
                while (offset < read) {
                    long before = bytesToServer.get();
                    int chunk = read - offset;
                    boolean reaches = unit == Unit.BYTE && faultsFired.get() == 0 && before + chunk >= at;
                    if (reaches) {
                        chunk = (int) Math.max(0, at - before);
                    }
                    out.write(buffer, offset, chunk);
                    out.flush();
                    bytesToServer.addAndGet(chunk);
                    offset += chunk;
                    if (reaches && faultsFired.compareAndSet(0, 1)) {
                        if (action == Action.CUT) {
                            dropAllConnections();
                            throw new EOFException("cut by the fault proxy");
                        }
                        if (!holdTraffic()) {
                            throw new EOFException("closed during a stall");
                        }
                    }
                }
            }
        }

        private void forwardRequests(InputStream in, OutputStream out) throws IOException {
            while (true) {
                byte[] head = readHead(in);
                if (head == null) {
                    return;
                }
                int number = requests.incrementAndGet();
                requestHeads.add(new String(head, StandardCharsets.ISO_8859_1));
                Action fault = Action.PASS;
                if (unit == Unit.REQUEST && (number == at || outage && number > at)) {
                    faultsFired.incrementAndGet();
                    fault = action;
                }
                String headers = new String(head, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                byte[] whole = head;
                if (holdInTheDark(headers.substring(0, headers.indexOf('\r')), () -> keep(whole, headers, in))) {
                    return;
                }
                if (!delay.isZero() && !sleep(delay)) {
                    return;
                }
                head = withoutStrippedHeaders(head);
                switch (fault) {
                    case CUT -> {
                        return;
                    }
                    case ERROR -> {
                        if (!headers.contains("\nexpect: 100-continue")) {
                            copyBody(headers, in, OutputStream.nullOutputStream());
                        }
                        answer(errorStatus);
                        return;
                    }
                    case STALL -> {
                        if (!holdTraffic()) {
                            return;
                        }
                    }
                    case DROP_RESPONSE -> dropResponse = true;
                    case PASS -> {}
                }
                out.write(head);
                bytesToServer.addAndGet(head.length);
                copyBody(headers, in, out);
                out.flush();
            }
        }

        /** Reads the rest of the request (asking for its body where the client waits to be asked) and keeps it. */
        private void keep(byte[] head, String headers, InputStream in) throws IOException {
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            whole.write(head);
            if (headers.contains("\nexpect: 100-continue")) {
                synchronized (client) {
                    OutputStream out = client.getOutputStream();
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
            copyBody(headers, in, whole);
            synchronized (FaultProxy.this) {
                keptInTheDark = whole.toByteArray();
            }
        }

        private void answer(int status) throws IOException {
            byte[] body =
                    ("fault injected by the test proxy: HTTP " + status + "\n").getBytes(StandardCharsets.US_ASCII);
            String response = "HTTP/1.1 " + status + " Injected Fault\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            synchronized (client) {
                OutputStream out = client.getOutputStream();
                out.write(response.getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                client.shutdownOutput();
            }
        }

        private void copyBody(String headers, InputStream in, OutputStream out) throws IOException {
            if (headers.contains("\ntransfer-encoding: chunked")) {
                copyChunked(in, out);
                return;
            }
            int start = headers.indexOf("\ncontent-length:");
            if (start >= 0) {
                int end = headers.indexOf('\r', start);
                long length = Long.parseLong(headers.substring(start + "\ncontent-length:".length(), end)
                        .trim());
                copyExactly(in, out, length);
            }
        }

        private void copyChunked(InputStream in, OutputStream out) throws IOException {
            while (true) {
                byte[] sizeLine = readLine(in);
                out.write(sizeLine);
                String size = new String(sizeLine, StandardCharsets.US_ASCII).trim();
                int extension = size.indexOf(';');
                long length = Long.parseLong(extension < 0 ? size : size.substring(0, extension), 16);
                if (length == 0) {
                    // Trailers, if any, then the empty line.
                    for (byte[] line = readLine(in); ; line = readLine(in)) {
                        out.write(line);
                        if (line.length == 2) {
                            return;
                        }
                    }
                }
                copyExactly(in, out, length + 2);
            }
        }

        private void copyExactly(InputStream in, OutputStream out, long length) throws IOException {
            byte[] buffer = new byte[16 * 1024];
            for (long left = length; left > 0; ) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    throw new EOFException("the client closed inside a request body");
                }
                out.write(buffer, 0, read);
                bytesToServer.addAndGet(read);
                left -= read;
            }
        }

        private void closeBoth() {
            closeQuietly(client);
            closeQuietly(upstream);
            sockets.remove(client);
            sockets.remove(upstream);
        }
    }

    /** Reads what a request still has on the wire, for {@link #darkFromDeliveringLate}. */
    private interface Keeper {
        void keep() throws IOException;
    }

    /**
     * Whether the link is dark for a request with this (lower-case) request line: then it waits until the link comes
     * back or the proxy closes, and the request is dropped, unless it is the one to deliver late, which
     * {@code keeper} reads whole first.
     */
    private boolean holdInTheDark(String requestLine, Keeper keeper) throws IOException {
        CountDownLatch latch;
        boolean keep = false;
        synchronized (this) {
            if (dark == null) {
                if (darkFrom == null || !requestLine.contains(darkFrom.toLowerCase(Locale.ROOT))) {
                    return false;
                }
                dark = new CountDownLatch(1);
                keep = keepFirstInTheDark;
            }
            latch = dark;
        }
        if (keep) {
            keeper.keep();
        }
        heldInTheDark.incrementAndGet();
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** The request head without the headers named in {@link #stripRequestHeaders}. */
    private byte[] withoutStrippedHeaders(byte[] head) {
        Set<String> names = strippedHeaders;
        if (names.isEmpty()) {
            return head;
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        StringBuilder kept = new StringBuilder();
        for (String line : text.substring(0, text.length() - 4).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && names.contains(line.substring(0, colon).trim().toLowerCase(Locale.ROOT))) {
                headersStripped.incrementAndGet();
                continue;
            }
            kept.append(line).append("\r\n");
        }
        return kept.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The request line and headers up to and including the empty line; null at a clean end of stream. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            if (matched == 4) {
                return head.toByteArray();
            }
        }
        if (head.size() == 0) {
            return null;
        }
        throw new EOFException("the client closed inside a request head");
    }

    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b; (b = in.read()) >= 0; previous = b) {
            line.write(b);
            if (previous == '\r' && b == '\n') {
                return line.toByteArray();
            }
        }
        throw new EOFException("the client closed inside a chunked body");
    }

    private static boolean isInterimResponse(byte[] buffer, int length) {
        String start = new String(buffer, 0, Math.min(length, 10), StandardCharsets.US_ASCII);
        return start.equals("HTTP/1.1 1") || start.equals("HTTP/1.0 1");
    }

    /**
     * Holds the traffic for the stall's duration or until {@link #endStalls}; false when interrupted (the proxy is
     * closing).
     */
    private boolean holdTraffic() {
        stallsInProgress.incrementAndGet();
        try {
            stallsEnd.await(stall.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            stallsInProgress.decrementAndGet();
        }
    }

    /** Sleeps; false when interrupted (the proxy is closing). */
    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a socket that is already gone.
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (dark != null) {
                dark.countDown();
            }
        }
        closed = true;
        listener.close();
        dropAllConnections();
    }
}
