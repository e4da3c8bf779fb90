// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import static io.github.releasechannels.publish.s3.S3Fixtures.serverCredentials;
import static io.github.releasechannels.publish.s3.S3Fixtures.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.PublishGuard;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.PublishRequest;
import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.TargetOptions;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.testing.RecordingLog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How store failures reach the user, against a loopback HTTP server that answers every request with one S3 error
 * (S3Mock does not check credentials, so it cannot produce these). The real SDK parses each answer.
 */
@RealServer
class S3ErrorMappingTest {

    private static final String PLANTED_SECRET = "planted-Secret/Key+for-error-paths";

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int status;
    private volatile String code;
    private volatile Map<String, String> extraHeaders = Map.of();
    private final RecordingLog log = new RecordingLog();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>"
                            + "answer from the test server</Message><RequestId>REQ1</RequestId></Error>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            extraHeaders.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.getRequestBody().readAllBytes();
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop(0);
    }

    @Test
    void unknownAccessKeyIsATargetExceptionNotRetried() throws Exception {
        IOException e = publishAgainst(403, "InvalidAccessKeyId");

        assertInstanceOf(TargetException.class, e);
        assertTrue(
                e.getMessage().contains("does not know the access key id from settings.xml server 'test-s3'"),
                e.getMessage());
        assertEquals(1, requests.get(), "an auth failure is not retried");
    }

    @Test
    void wrongSecretIsATargetException() throws Exception {
        IOException e = publishAgainst(403, "SignatureDoesNotMatch");

        assertInstanceOf(TargetException.class, e);
        assertTrue(
                e.getMessage().contains("the secret key from settings.xml server 'test-s3' does not match"),
                e.getMessage());
    }

    @Test
    void accessDeniedSaysWhichPermissionsToGrant() throws Exception {
        IOException e = publishAgainst(403, "AccessDenied");

        assertInstanceOf(TargetException.class, e);
        assertTrue(e.getMessage().contains("s3:PutObject"), e.getMessage());
        assertTrue(e.getMessage().contains("arn:aws:s3:::bucket/teleport/*"), e.getMessage());
    }

    @Test
    void bucketInAnotherRegionNamesThatRegion() throws Exception {
        extraHeaders = Map.of("x-amz-bucket-region", "eu-central-1");

        IOException e = publishAgainst(301, "PermanentRedirect");

        assertInstanceOf(TargetException.class, e);
        assertTrue(
                e.getMessage().contains("another region (eu-central-1); set releaseChannels.s3.region"),
                e.getMessage());
    }

    @Test
    void rejectedChecksumHeadersPointToWhenRequired() throws Exception {
        IOException e = publishAgainst(501, "NotImplemented");

        assertInstanceOf(TargetException.class, e);
        assertTrue(e.getMessage().contains("releaseChannels.s3.requestChecksums=when_required"), e.getMessage());
    }

    @Test
    void serverErrorsAreRetriedAsPlainIoExceptions() throws Exception {
        IOException e = publishAgainst(500, "InternalError");

        assertFalse(e instanceof TargetException, e.toString());
        // Our Retry's four attempts, each with the SDK's two.
        assertEquals(8, requests.get());
        assertEquals(
                3,
                log.lines().stream()
                        .filter(line -> line.startsWith("WARN Could not read"))
                        .count(),
                log.lines().toString());
    }

    @Test
    void unreachableStoreIsRetriedAsPlainIoException() throws Exception {
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
        server.stop(0);

        IOException e = publishAgainst(endpoint);

        assertFalse(e instanceof TargetException, e.toString());
        assertTrue(e.getMessage().contains("gave up after 4 attempts"), e.getMessage());
    }

    private IOException publishAgainst(int status, String code) throws InvalidTargetException {
        this.status = status;
        this.code = code;
        return publishAgainst("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private IOException publishAgainst(String endpoint) throws InvalidTargetException {
        TargetSettings settings = new TargetSettings(
                Optional.of(serverCredentials("AKIAERRORPATHS", PLANTED_SECRET)),
                TargetOptions.parse(Map.of(
                        S3Options.ENDPOINT, endpoint, S3Options.REGION, "us-east-1", S3Options.PATH_STYLE, "true")),
                Map.of(),
                Path.of("target"),
                S3Fixtures.fastRetry());
        IOException e = assertThrows(IOException.class, () -> {
            try (PublishPipeline publisher = PublishPipeline.forStore(
                    new S3PublisherFactory().openStore("s3://bucket/teleport", settings, List.of()),
                    settings.retry())) {
                publisher.publish(
                        site(S3PublishTest.V1),
                        new PublishRequest(false, HeaderPolicy.defaults(), PublishGuard.NONE, log));
            }
        });
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(PLANTED_SECRET), t.toString());
        }
        assertTrue(
                log.lines().stream().noneMatch(line -> line.contains(PLANTED_SECRET)),
                log.lines().toString());
        return e;
    }
}
