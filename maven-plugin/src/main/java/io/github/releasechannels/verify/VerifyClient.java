package io.github.releasechannels.verify;

import io.github.releasechannels.proxy.ProxySettings;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Reads the version server exactly as an agent does: one unauthenticated GET, TLS 1.2 or 1.3 with the trusted
 * certificates and host name checked, no redirects followed, a time limit. {@code Cache-Control: no-cache} asks
 * caches in between to revalidate, so the answer reflects what the origin serves now.
 */
public final class VerifyClient {

    /** The time limit of Teleport's updaters. */
    public static final Duration AGENT_TIMEOUT = Duration.ofSeconds(10);
    static final String[] TLS_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final HttpClient client;
    private final Duration timeout;

    /**
     * @param sslContext the trusted certificates, from {@link TrustedCertificates#sslContext}
     * @param timeout    the limit to connect and the limit for the whole answer
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
     * @throws IOException when no HTTP answer arrives: TLS failure, connection refused, time limit
     *                     ({@link java.net.http.HttpTimeoutException})
     */
    public ServedResponse get(URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(timeout)
                .header("Cache-Control", "no-cache")
                .header("User-Agent", "release-channels-maven-plugin verify")
                .build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            var headers = response.headers();
            return new ServedResponse(uri, response.statusCode(), response.body(),
                    headers.firstValue("Cache-Control"), headers.firstValue("Age"), headers.firstValue("Location"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading " + uri);
        }
    }
}
