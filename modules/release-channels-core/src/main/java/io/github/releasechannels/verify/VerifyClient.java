// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.verify;

import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.proxy.ProxySettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Reads the version server exactly as an agent does: one unauthenticated GET, TLS 1.2 or 1.3 with the trusted
 * certificates and host name checked, no redirects followed, a total time limit. {@code Cache-Control: no-cache}
 * asks caches in between to revalidate, so the answer reflects what the origin serves now.
 *
 * <p>The limit covers the whole exchange, body included, as Go's {@code http.Client{Timeout}} does for agents:
 * {@link HttpRequest.Builder#timeout} alone ends at the headers, so a body dripped a byte a second would be read to
 * the end and called in sync although every agent gave up.
 */
public final class VerifyClient {

    /** The time limit of Teleport's updaters. */
    public static final Duration AGENT_TIMEOUT = Duration.ofSeconds(10);
    /** The most a served file may hold: a version or critical body is a few bytes, cmc.yaml a few hundred. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    static final String[] TLS_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final HttpClient client;
    private final Duration timeout;

    /**
     * @param sslContext the trusted certificates, from {@link TrustedCertificates#sslContext}
     * @param timeout    the total limit of one GET: connect, TLS, headers and body
     */
    public VerifyClient(SSLContext sslContext, Duration timeout) {
        this(sslContext, timeout, ProxySettings.NONE);
    }

    /**
     * @param proxies the HTTP proxies to reach the version server through (HTTPS through a CONNECT tunnel, so the
     *                proxy sees only the host name); none: direct
     */
    public VerifyClient(SSLContext sslContext, Duration timeout, ProxySettings proxies) {
        SSLParameters parameters = sslContext.getDefaultSSLParameters();
        parameters.setProtocols(TLS_PROTOCOLS);
        HttpClient.Builder builder = HttpClient.newBuilder()
                .sslContext(sslContext)
                .sslParameters(parameters)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout);
        if (!proxies.isEmpty()) {
            builder.proxy(proxies.selector());
            proxies.authenticator().ifPresent(builder::authenticator);
        }
        this.client = builder.build();
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * @throws IOException when no complete HTTP answer arrives: TLS failure, connection refused, the time limit
     *                     ({@link HttpTimeoutException}, also when the body is still arriving), a body over
     *                     {@value #MAX_BODY_BYTES} bytes ({@link BodyTooLargeException})
     */
    public ServedResponse get(URI uri) throws IOException {
        return get(uri, MAX_BODY_BYTES);
    }

    /** {@link #get(URI)} with another bound on the body, for a file larger than a channel's, such as a manifest. */
    public ServedResponse get(URI uri, int maxBodyBytes) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(timeout)
                .header("Cache-Control", "no-cache")
                .header("User-Agent", "release-channels-maven-plugin verify")
                .build();
        CompletableFuture<HttpResponse<byte[]>> exchange =
                client.sendAsync(request, info -> new BoundedBody(maxBodyBytes));
        try {
            HttpResponse<byte[]> response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            var headers = response.headers();
            return new ServedResponse(
                    uri,
                    response.statusCode(),
                    // No body at all when a proxy refused the CONNECT tunnel (407): the JDK does not read one.
                    response.body() == null ? new byte[0] : response.body(),
                    headers.firstValue("Cache-Control"),
                    headers.firstValue("Age"),
                    headers.firstValue("Location"));
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("no complete answer from " + uri + " within " + timeout);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading " + uri);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    /** A body longer than {@link #MAX_BODY_BYTES}: no version server serves that, so it is not read further. */
    public static final class BodyTooLargeException extends EnvironmentProblemException {
        BodyTooLargeException(int limit) {
            super("the body is larger than " + limit + " bytes; a version server's files are a few bytes");
        }
    }

    /** Collects the body, cancelling the stream once it passes the limit. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        BoundedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLargeException(limit));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
