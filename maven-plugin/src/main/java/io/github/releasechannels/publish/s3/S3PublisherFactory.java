package io.github.releasechannels.publish.s3;

import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.NetworkTimeout;
import io.github.releasechannels.publish.PublishLock;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.PublisherFactory;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.proxy.ProxySettings;
import io.github.releasechannels.url.Loopback;
import io.github.releasechannels.url.UrlParts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * {@code s3://BUCKET/PREFIX} on Amazon S3 or an S3-compatible store (Google Cloud Storage, Cloudflare R2, MinIO).
 * Options: {@code s3.region}, {@code s3.endpoint}, {@code s3.pathStyle}, {@code s3.requestChecksums},
 * {@code s3.verifyHeaders}, {@code timeoutSeconds}. Credentials:
 * the settings.xml server (access key id as username, secret key as password), else the AWS default chain.
 */
public final class S3PublisherFactory implements PublisherFactory {

    static final String REGION = "s3.region";
    static final String ENDPOINT = "s3.endpoint";
    static final String PATH_STYLE = "s3.pathStyle";
    /** {@code false} for stores that ignore or reject {@code If-None-Match} / {@code If-Match} on PUT. */
    static final String CONDITIONAL_WRITES = "s3.conditionalWrites";
    static final String REQUEST_CHECKSUMS = "s3.requestChecksums";
    /** {@code true} to HEAD every object and compare its headers, not only those the manifest has no record of. */
    static final String VERIFY_HEADERS = "s3.verifyHeaders";

    static final String DEFAULT_CHAIN = "the AWS default credential chain";

    private static final Pattern REGION_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    /**
     * Two attempts per request inside the SDK: the second absorbs a reset keep-alive connection and lets the SDK
     * correct clock skew. Longer outages are left to {@link io.github.releasechannels.publish.Retry}, which backs
     * off and logs each attempt; the SDK's default three attempts inside its four would send up to twelve requests.
     */
    private static final int SDK_ATTEMPTS = 2;

    @Override
    public List<String> schemes() {
        return List.of("s3");
    }

    @Override
    public String example() {
        return "s3://my-bucket/teleport";
    }

    @Override
    public Publisher create(String target, TargetSettings settings) throws InvalidTargetException, IOException {
        return PublishPipeline.forStore(openStore(target, settings, List.of()), settings.retry(),
                PublishLock.Policy.from(settings), PublishPipeline.parallelism(settings));
    }

    /** The store for {@code target}; tests add interceptors that watch the requests the SDK sends. */
    S3Store openStore(String target, TargetSettings settings, List<ExecutionInterceptor> interceptors)
            throws InvalidTargetException, IOException {
        S3Location location = S3Location.parse(target);
        NetworkTimeout timeout = NetworkTimeout.of(settings);
        Optional<URI> endpoint = endpoint(settings);
        Region region = region(settings, location);
        boolean pathStyle = booleanOption(settings, PATH_STYLE, false);
        boolean conditionalWrites = booleanOption(settings, CONDITIONAL_WRITES, true);
        boolean verifyHeaders = booleanOption(settings, VERIFY_HEADERS, false);
        ChecksumMode checksums = checksumMode(settings);
        CredentialSource credentials = credentials(settings, location);

        SdkHttpClient httpClient = httpClient(timeout, settings.proxies());

        S3ClientBuilder builder = S3Client.builder()
                .region(region)
                .credentialsProvider(credentials.provider())
                .forcePathStyle(pathStyle)
                .requestChecksumCalculation(checksums.request())
                .responseChecksumValidation(checksums.response())
                .httpClient(httpClient)
                .overrideConfiguration(config -> config
                        .apiCallAttemptTimeout(timeout.duration())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(SDK_ATTEMPTS).build())
                        .executionInterceptors(interceptors));
        endpoint.ifPresent(builder::endpointOverride);
        String reachedAt = endpoint.map(uri -> "endpoint " + uri + ", ").orElse("") + "region " + region.id()
                + (pathStyle ? ", path-style" : "") + (checksums == ChecksumMode.WHEN_REQUIRED
                        ? ", checksums when required" : "") + (conditionalWrites ? "" : ", no conditional writes");
        SdkAutoCloseable closeable = () -> {
            credentials.closeable().close();
            httpClient.close();
        };
        return new S3Store(builder.build(), location, reachedAt + proxyNote(settings.proxies(), endpoint, region),
                credentials.source(), closeable, timeout, conditionalWrites, verifyHeaders);
    }

    /**
     * The JDK's HttpURLConnection client, each connection through the proxy {@link ProxySettings#forTarget} picks
     * for its URL (the one rule for every HTTP client of the plugin; the SDK's own proxy settings, system properties
     * and environment variables are not read). Objects are small, so one attempt (connect, send, answer) gets the
     * same bound as each of its steps: a stalled request fails after the timeout whichever step it stalls in.
     */
    private static SdkHttpClient httpClient(NetworkTimeout timeout, ProxySettings proxies) {
        int millis = Math.toIntExact(timeout.duration().toMillis());
        Optional<Authenticator> authenticator = proxies.authenticator();
        return UrlConnectionHttpClient.create(uri -> {
            try {
                HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(proxies.javaProxy(uri));
                connection.setConnectTimeout(millis);
                connection.setReadTimeout(millis);
                authenticator.ifPresent(connection::setAuthenticator);
                return connection;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** ", via proxy 'id' at host:port" when the endpoint goes through one; never its password. */
    private static String proxyNote(ProxySettings proxies, Optional<URI> endpoint, Region region) {
        URI reached = endpoint.orElse(URI.create("https://s3." + region.id() + ".amazonaws.com"));
        return proxies.forTarget(reached).map(proxy -> ", via " + proxy.describe()).orElse("");
    }

    private static Optional<URI> endpoint(TargetSettings settings) throws InvalidTargetException {
        Optional<String> value = settings.option(ENDPOINT);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get().contains("@")) {
            // Most likely user:secret@host; checked before parsing, which a '/' in a secret would derail.
            throw new InvalidTargetException("***", "releaseChannels.s3.endpoint must not contain credentials; put "
                    + "the access key in a settings.xml <server> or use the AWS default credential chain");
        }
        String fix = "; write e.g. https://storage.googleapis.com or https://ACCOUNT_ID.r2.cloudflarestorage.com";
        // A query may carry a token: every message below shows the endpoint with it masked.
        String shown = UrlParts.redact(value.get());
        URI uri;
        try {
            uri = new URI(value.get());
        } catch (URISyntaxException e) {
            throw new InvalidTargetException(shown, "releaseChannels.s3.endpoint '" + shown
                    + "' is not a URL (" + e.getReason() + ")" + fix);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidTargetException(shown, "releaseChannels.s3.endpoint '" + shown
                    + "' is not an https:// URL with a host and no query" + fix);
        }
        if (scheme.equals("http") && !Loopback.isLoopbackHost(uri.getHost())) {
            throw new InvalidTargetException(shown, "releaseChannels.s3.endpoint '" + shown
                    + "' uses plain http, which would send the site and signed requests unencrypted; use https "
                    + "(http is accepted only for a store on this machine: localhost, 127.0.0.1, [::1])");
        }
        return Optional.of(uri);
    }

    private static Region region(TargetSettings settings, S3Location location) throws InvalidTargetException {
        Optional<String> value = settings.option(REGION);
        if (value.isPresent()) {
            String region = value.get().toLowerCase(Locale.ROOT);
            if (!REGION_NAME.matcher(region).matches()) {
                throw new InvalidTargetException(value.get(), "releaseChannels.s3.region '" + value.get()
                        + "' is not a region name; write e.g. eu-west-1 (Amazon S3), auto (Cloudflare R2) or "
                        + "us-east-1 (Google Cloud Storage, MinIO)");
            }
            return Region.of(region);
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            throw new InvalidTargetException(location.toString(), "No region for " + location + ": set "
                    + "releaseChannels.s3.region (e.g. -DreleaseChannels.s3.region=eu-west-1; auto for Cloudflare "
                    + "R2, us-east-1 for Google Cloud Storage and MinIO) or AWS_REGION");
        }
    }

    private static boolean booleanOption(TargetSettings settings, String name, boolean fallback)
            throws InvalidTargetException {
        Optional<String> value = settings.option(name);
        if (value.isEmpty()) {
            return fallback;
        }
        if (value.get().equalsIgnoreCase("false") || value.get().equalsIgnoreCase("true")) {
            return Boolean.parseBoolean(value.get());
        }
        throw new InvalidTargetException(value.get(), "releaseChannels." + name + " '" + value.get()
                + "' is not true or false");
    }

    /** How the SDK computes and checks checksums; stores that reject the newer headers need WHEN_REQUIRED. */
    enum ChecksumMode {
        WHEN_SUPPORTED(RequestChecksumCalculation.WHEN_SUPPORTED, ResponseChecksumValidation.WHEN_SUPPORTED),
        WHEN_REQUIRED(RequestChecksumCalculation.WHEN_REQUIRED, ResponseChecksumValidation.WHEN_REQUIRED);

        private final RequestChecksumCalculation request;
        private final ResponseChecksumValidation response;

        ChecksumMode(RequestChecksumCalculation request, ResponseChecksumValidation response) {
            this.request = request;
            this.response = response;
        }

        RequestChecksumCalculation request() {
            return request;
        }

        ResponseChecksumValidation response() {
            return response;
        }
    }

    private static ChecksumMode checksumMode(TargetSettings settings) throws InvalidTargetException {
        Optional<String> value = settings.option(REQUEST_CHECKSUMS);
        if (value.isEmpty()) {
            return ChecksumMode.WHEN_SUPPORTED;
        }
        for (ChecksumMode mode : ChecksumMode.values()) {
            if (mode.name().equalsIgnoreCase(value.get().replace('-', '_'))) {
                return mode;
            }
        }
        throw new InvalidTargetException(value.get(), "releaseChannels.s3.requestChecksums '" + value.get()
                + "' is not when_supported (the default) or when_required (for stores that reject the newer "
                + "checksum headers, such as Google Cloud Storage)");
    }

    /** A credentials provider, what to close with the store, and where the credentials come from. */
    private record CredentialSource(AwsCredentialsProvider provider, SdkAutoCloseable closeable, String source) {
    }

    private static CredentialSource credentials(TargetSettings settings, S3Location location)
            throws InvalidTargetException, TargetException {
        Optional<Credentials> server = settings.credentials();
        if (server.isPresent()) {
            Credentials credentials = server.get();
            boolean hasKeyId = credentials.username().isPresent();
            boolean hasSecret = credentials.password().isPresent();
            if (hasKeyId && hasSecret) {
                return new CredentialSource(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        credentials.username().get(), credentials.password().get())), () -> { },
                        credentials.source());
            }
            if (hasKeyId || hasSecret) {
                throw new InvalidTargetException(credentials.source(), credentials.source() + " has "
                        + (hasKeyId ? "a <username> but no <password>" : "a <password> but no <username>")
                        + ": for S3 set <username> to the access key id and <password> to the secret access key");
            }
        }
        DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        String source = DEFAULT_CHAIN + server.map(c -> " (" + c.source() + " has no <username>/<password>)")
                .orElse("");
        try {
            // Fail before planning, with advice, rather than on the first request.
            chain.resolveCredentials();
        } catch (SdkClientException e) {
            chain.close();
            throw new TargetException("No AWS credentials for " + location + ". Add a settings.xml <server> with the "
                    + "access key id as <username> and the secret key as <password> (its id in "
                    + "releaseChannels.serverId), or provide them to " + DEFAULT_CHAIN + ": AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY, AWS_PROFILE, an instance or container role, or AWS_ROLE_ARN with "
                    + "AWS_WEB_IDENTITY_TOKEN_FILE (OIDC in CI). The SDK said: " + e.getMessage(), e);
        }
        return new CredentialSource(chain, chain, source);
    }
}
