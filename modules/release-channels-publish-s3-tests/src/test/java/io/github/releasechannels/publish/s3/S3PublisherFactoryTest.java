// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import static io.github.releasechannels.publish.s3.S3Fixtures.contents;
import static io.github.releasechannels.publish.s3.S3Fixtures.serverCredentials;
import static io.github.releasechannels.publish.s3.S3Fixtures.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.PublishGuard;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.PublishRequest;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.Publishers;
import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.TargetOptions;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.testing.RealServer;
import io.github.releasechannels.testing.RecordingLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;

/** Target URIs, options and credentials of the s3: target; the end-to-end cases run against S3Mock. */
@RealServer
@ExtendWith(S3MockServer.Extension.class)
class S3PublisherFactoryTest {

    /** Recognisable, so a test can prove it never reaches a log line, a header or a message. */
    private static final String PLANTED_SECRET = "planted/Secret+Value-4242-do-not-print";

    private static final String PLANTED_KEY_ID = "AKIAPLANTEDKEYID0001";

    private static S3MockServer s3;
    private static S3Client inspector;

    private final S3PublisherFactory factory = new S3PublisherFactory();
    private final RequestRecorder recorder = new RequestRecorder();
    private final RecordingLog log = new RecordingLog();

    @BeforeAll
    static void setUp(S3MockServer server) {
        s3 = server;
        inspector = S3Fixtures.inspector(server);
    }

    @AfterAll
    static void tearDown() {
        inspector.close();
    }

    @Test
    void parsesBucketAndPrefix() throws Exception {
        assertEquals(new S3Location("my-bucket", "teleport"), S3Location.parse("s3://my-bucket/teleport"));
        assertEquals(new S3Location("my-bucket", ""), S3Location.parse("s3://my-bucket"));
        assertEquals(new S3Location("my-bucket", ""), S3Location.parse("s3://my-bucket/"));
        assertEquals(new S3Location("my.bucket_1", "a/b"), S3Location.parse(" S3://my.bucket_1/a/b/ "));
        assertEquals(
                "a/b/current/version", S3Location.parse("s3://my-bucket/a/b/").key("current/version"));
        assertEquals("current/version", S3Location.parse("s3://my-bucket").key("current/version"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "s3://",
                "s3://ab/x",
                "s3://My-Bucket/x",
                "s3://-bucket",
                "s3://bucket-/x",
                "s3://bu..cket",
                "s3://buc ket/x",
                "s3://bucket/a//b",
                "s3://bucket/a/../b",
                "s3://bucket/x#v1",
                "https://bucket.s3.amazonaws.com/x"
            })
    void invalidTargetsAreRejectedWithTheValue(String target) {
        InvalidTargetException e = assertThrows(
                InvalidTargetException.class, () -> factory.openStore(target, settings(Map.of()), List.of()));

        assertTrue(e.getMessage().contains("releaseChannels.target '" + target + "'"), e.getMessage());
    }

    @Test
    void credentialsInTheTargetAreRefusedWithoutRepeatingThem() {
        String target = "s3://" + PLANTED_KEY_ID + ":" + PLANTED_SECRET + "@bucket/teleport";

        InvalidTargetException e = assertThrows(
                InvalidTargetException.class, () -> factory.openStore(target, settings(Map.of()), List.of()));

        assertFalse(e.getMessage().contains(PLANTED_SECRET), e.getMessage());
        assertFalse(e.target().contains(PLANTED_SECRET), e.target());
        assertTrue(e.getMessage().contains("settings.xml <server>"), e.getMessage());
    }

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of(S3Options.REGION, "eu west 1"),
                Arguments.of(S3Options.PATH_STYLE, "yes"),
                Arguments.of(S3Options.REQUEST_CHECKSUMS, "always"),
                Arguments.of(S3Options.ENDPOINT, "ftp://storage.example.com"),
                Arguments.of(S3Options.ENDPOINT, "storage.example.com"),
                Arguments.of(S3Options.ENDPOINT, "https://storage.example.com/#x"),
                Arguments.of(S3Options.ENDPOINT, "http://storage.example.com"),
                Arguments.of(S3Options.ENDPOINT, "https://exa mple.com"));
    }

    @ParameterizedTest
    @MethodSource("badOptions")
    void badOptionValuesAreRejectedNamingOptionAndValue(String option, String value) {
        InvalidTargetException e = assertThrows(
                InvalidTargetException.class,
                () -> factory.openStore("s3://bucket/x", settings(Map.of(option, value)), List.of()));

        assertTrue(e.getMessage().contains("releaseChannels." + option + " '" + value + "'"), e.getMessage());
    }

    @Test
    void plainHttpIsAcceptedOnlyForLoopbackEndpoints() throws Exception {
        for (String endpoint : List.of("http://127.0.0.1:9000", "http://localhost:9000", "http://[::1]:9000")) {
            try (S3Store store =
                    factory.openStore("s3://bucket/x", settings(Map.of(S3Options.ENDPOINT, endpoint)), List.of())) {
                assertTrue(store.describe().contains("endpoint " + endpoint), store.describe());
            }
        }
    }

    @Test
    void endpointWithCredentialsIsRefusedWithoutRepeatingThem() {
        String endpoint = "https://" + PLANTED_KEY_ID + ":" + PLANTED_SECRET + "@storage.example.com";

        InvalidTargetException e = assertThrows(
                InvalidTargetException.class,
                () -> factory.openStore("s3://bucket/x", settings(Map.of(S3Options.ENDPOINT, endpoint)), List.of()));

        assertFalse(e.getMessage().contains(PLANTED_SECRET), e.getMessage());
        assertFalse(e.target().contains(PLANTED_SECRET), e.target());
    }

    @Test
    void withoutAnyRegionTheMessageSaysToSetTheOption() {
        assumeTrue(
                System.getenv("AWS_REGION") == null
                        && System.getenv("AWS_DEFAULT_REGION") == null
                        && System.getProperty("aws.region") == null,
                "a region is configured in this environment");
        Map<String, String> options = Map.of();

        InvalidTargetException e = assertThrows(
                InvalidTargetException.class,
                () -> factory.openStore(
                        "s3://bucket/x",
                        new TargetSettings(
                                Optional.of(serverCredentials("id", "secret")),
                                TargetOptions.parse(options),
                                Map.of(),
                                Path.of("target"),
                                S3Fixtures.fastRetry()),
                        List.of()));

        assertTrue(e.getMessage().contains("set releaseChannels.s3.region"), e.getMessage());
    }

    @Test
    void halfASettingsServerIsRejectedWithoutRepeatingTheSecret() {
        InvalidTargetException e = assertThrows(
                InvalidTargetException.class,
                () -> factory.openStore(
                        "s3://bucket/x",
                        settings(Map.of(), Optional.of(serverCredentials(null, PLANTED_SECRET))),
                        List.of()));

        assertTrue(
                e.getMessage().contains("settings.xml server 'test-s3' has a <password> but no <username>"),
                e.getMessage());
        assertFalse(e.getMessage().contains(PLANTED_SECRET), e.getMessage());
    }

    @Test
    void withoutAnyCredentialsTheMessageSaysWhereToPutThem() {
        assumeTrue(
                Stream.of(
                                        "AWS_ACCESS_KEY_ID",
                                        "AWS_PROFILE",
                                        "AWS_WEB_IDENTITY_TOKEN_FILE",
                                        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                                        "AWS_CONTAINER_CREDENTIALS_FULL_URI")
                                .allMatch(name -> System.getenv(name) == null)
                        && System.getProperty("aws.accessKeyId") == null,
                "AWS credentials are configured in this environment");

        TargetException e = assertThrows(
                TargetException.class,
                () -> factory.openStore("s3://bucket/x", settings(Map.of(), Optional.empty()), List.of()));

        assertTrue(e.getMessage().contains("No AWS credentials for s3://bucket/x"), e.getMessage());
        assertTrue(e.getMessage().contains("releaseChannels.serverId"), e.getMessage());
        assertTrue(e.getMessage().contains("AWS_WEB_IDENTITY_TOKEN_FILE"), e.getMessage());
    }

    @Test
    void settingsServerCredentialsSignRequestsAndTheSecretIsNeverShown() throws Exception {
        TargetSettings settings = settings(Map.of(), Optional.of(serverCredentials(PLANTED_KEY_ID, PLANTED_SECRET)));
        Site site = site(S3PublishTest.V1);
        List<String> shown = new ArrayList<>();

        try (PublishPipeline publisher = PublishPipeline.forStore(
                factory.openStore("s3://channels/signed", settings, List.of(recorder)), settings.retry())) {
            shown.add(publisher.describe());
            shown.add(publisher.publish(site, request()).summary());
        }
        assertEquals(contents(site), contents(inspector, "channels", "signed"));
        assertTrue(shown.get(0).contains("credentials from settings.xml server 'test-s3'"), shown.get(0));
        assertFalse(recorder.calls().isEmpty());
        for (RequestRecorder.Call call : recorder.calls()) {
            String authorization = String.join(",", call.headers().getOrDefault("Authorization", List.of()));
            assertTrue(authorization.contains("Credential=" + PLANTED_KEY_ID + "/"), call + ": " + authorization);
            assertFalse(call.headers().toString().contains(PLANTED_SECRET), call.toString());
        }

        // A failure that reaches the user: its message and every cause's message.
        try (Publisher publisher = PublishPipeline.forStore(
                factory.openStore("s3://no-such-bucket/x", settings, List.of()), settings.retry())) {
            TargetException e = assertThrows(TargetException.class, () -> publisher.publish(site, request()));
            for (Throwable t = e; t != null; t = t.getCause()) {
                shown.add(String.valueOf(t.getMessage()));
                shown.add(t.toString());
            }
        }

        shown.addAll(log.lines());
        assertFalse(log.lines().isEmpty());
        for (String line : shown) {
            assertFalse(line.contains(PLANTED_SECRET), line);
        }
    }

    @Test
    void defaultChainCredentialsWorkAndAreNamedAsTheSource() throws Exception {
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null, "environment credentials would take precedence");
        System.setProperty("aws.accessKeyId", PLANTED_KEY_ID);
        System.setProperty("aws.secretAccessKey", PLANTED_SECRET);
        try {
            TargetSettings settings = settings(Map.of(), Optional.empty());
            Site site = site(S3PublishTest.V1);
            try (PublishPipeline publisher = PublishPipeline.forStore(
                    factory.openStore("s3://channels/default-chain", settings, List.of(recorder)), settings.retry())) {
                String description = publisher.describe();
                assertTrue(description.contains("credentials from the AWS default credential chain"), description);
                assertFalse(description.contains(PLANTED_SECRET), description);
                publisher.publish(site, request());
            }
            assertEquals(contents(site), contents(inspector, "channels", "default-chain"));
            assertTrue(String.join(
                            ",", recorder.calls("PutObject").get(0).headers().get("Authorization"))
                    .contains("Credential=" + PLANTED_KEY_ID + "/"));
            assertTrue(log.lines().stream().noneMatch(line -> line.contains(PLANTED_SECRET)));
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void whenRequiredSendsNoChecksumHeadersAndStillPublishes() throws Exception {
        Site site = site(S3PublishTest.V1);

        publishWith(Map.of(), "s3://channels/checksums-default", site);
        List<RequestRecorder.Call> defaultPuts = recorder.calls("PutObject");
        recorder.clear();
        publishWith(Map.of(S3Options.REQUEST_CHECKSUMS, "when_required"), "s3://channels/checksums-required", site);
        // A second run reads the manifest back (GetObject) with response validation off.
        publishWith(Map.of(S3Options.REQUEST_CHECKSUMS, "WHEN_REQUIRED"), "s3://channels/checksums-required", site);

        assertTrue(
                defaultPuts.stream().allMatch(S3PublisherFactoryTest::hasChecksumHeaders),
                "the default sends checksums, or this test proves nothing: "
                        + defaultPuts.get(0).headers());
        assertFalse(recorder.calls().isEmpty());
        for (RequestRecorder.Call call : recorder.calls()) {
            assertFalse(hasChecksumHeaders(call), call + " " + call.headers());
        }
        assertFalse(recorder.calls("GetObject").isEmpty());
        assertEquals(contents(site), contents(inspector, "channels", "checksums-required"));
    }

    private static boolean hasChecksumHeaders(RequestRecorder.Call call) {
        return call.headers().keySet().stream()
                .map(String::toLowerCase)
                .anyMatch(name -> name.startsWith("x-amz-checksum-")
                        || name.equals("x-amz-sdk-checksum-algorithm")
                        || name.equals("x-amz-trailer"));
    }

    @Test
    void publishersStandardOpensS3Targets() throws Exception {
        try (Publisher publisher = Publishers.standard().open("s3://channels/standard", S3Fixtures.settings(s3))) {
            assertTrue(
                    publisher.describe().startsWith("s3://channels/standard (endpoint " + s3.endpoint()),
                    publisher.describe());
        }
        InvalidTargetException e = assertThrows(
                InvalidTargetException.class,
                () -> Publishers.standard().open("gs://bucket/x", S3Fixtures.settings(s3)));
        assertTrue(e.getMessage().contains("s3 (e.g. s3://my-bucket/teleport)"), e.getMessage());
    }

    private void publishWith(Map<String, String> options, String target, Site site) throws Exception {
        TargetSettings settings =
                S3Fixtures.settings(s3, options, Optional.of(serverCredentials("test-access-key", "test-secret-key")));
        try (PublishPipeline publisher =
                PublishPipeline.forStore(factory.openStore(target, settings, List.of(recorder)), settings.retry())) {
            publisher.publish(site, request());
        }
    }

    private PublishRequest request() {
        return new PublishRequest(false, HeaderPolicy.defaults(), PublishGuard.NONE, log);
    }

    /** Options for a store that is never contacted, with settings.xml credentials. */
    private static TargetSettings settings(Map<String, String> options) throws InvalidTargetException {
        return settings(options, Optional.of(serverCredentials("id", "secret")));
    }

    private static TargetSettings settings(Map<String, String> options, Optional<Credentials> credentials)
            throws InvalidTargetException {
        Map<String, String> all = new HashMap<>(Map.of(
                S3Options.REGION,
                "us-east-1",
                S3Options.ENDPOINT,
                s3.endpoint().toString(),
                S3Options.PATH_STYLE,
                "true"));
        all.putAll(options);
        return new TargetSettings(
                credentials, TargetOptions.parse(all), Map.of(), Path.of("target"), S3Fixtures.fastRetry());
    }
}
