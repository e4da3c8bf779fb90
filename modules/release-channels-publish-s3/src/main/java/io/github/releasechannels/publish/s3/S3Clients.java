// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import io.github.releasechannels.proxy.ProxySettings;
import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.NetworkTimeout;
import io.github.releasechannels.publish.OptionReader;
import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.TargetSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
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
 * Builds the AWS SDK's S3 client and the {@link S3Store} on it: the one class of this target that names the SDK's
 * set-up, so the SDK is loaded only when an s3: target is opened ({@link S3PublisherFactory} is loaded with every
 * other factory).
 */
final class S3Clients {

    static final String DEFAULT_CHAIN = "the AWS default credential chain";

    /**
     * Two attempts per request inside the SDK: the second absorbs a reset keep-alive connection and lets the SDK
     * correct clock skew. Longer outages are left to {@link io.github.releasechannels.publish.Retry}, which backs
     * off and logs each attempt; the SDK's default three attempts inside its four would send up to twelve requests.
     */
    private static final int SDK_ATTEMPTS = 2;

    private S3Clients() {}

    /** The store for {@code target}; tests add interceptors that watch the requests the SDK sends. */
    static S3Store openStore(String target, TargetSettings settings, List<ExecutionInterceptor> interceptors)
            throws InvalidTargetException, IOException {
        S3Location location = S3Location.parse(target);
        S3Options options = settings.options().of(S3Options.class);
        NetworkTimeout timeout = settings.common().timeout();
        Optional<URI> endpoint = options.endpoint();
        Region region = region(options, location);
        boolean pathStyle = options.pathStyle();
        boolean conditionalWrites = options.conditionalWrites();
        boolean verifyHeaders = options.verifyHeaders();
        S3Options.ChecksumMode checksums = options.checksums();
        CredentialSource credentials = credentials(settings, location);

        SdkHttpClient httpClient = httpClient(timeout, settings.proxies());

        S3ClientBuilder builder = S3Client.builder()
                .region(region)
                .credentialsProvider(credentials.provider())
                .forcePathStyle(pathStyle)
                .requestChecksumCalculation(
                        checksums == S3Options.ChecksumMode.WHEN_REQUIRED
                                ? RequestChecksumCalculation.WHEN_REQUIRED
                                : RequestChecksumCalculation.WHEN_SUPPORTED)
                .responseChecksumValidation(
                        checksums == S3Options.ChecksumMode.WHEN_REQUIRED
                                ? ResponseChecksumValidation.WHEN_REQUIRED
                                : ResponseChecksumValidation.WHEN_SUPPORTED)
                .httpClient(httpClient)
                .overrideConfiguration(config -> config.apiCallAttemptTimeout(timeout.duration())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(SDK_ATTEMPTS)
                                .build())
                        .executionInterceptors(interceptors));
        endpoint.ifPresent(builder::endpointOverride);
        String reachedAt = endpoint.map(uri -> "endpoint " + uri + ", ").orElse("") + "region " + region.id()
                + (pathStyle ? ", path-style" : "")
                + (checksums == S3Options.ChecksumMode.WHEN_REQUIRED ? ", checksums when required" : "")
                + (conditionalWrites ? "" : ", no conditional writes");
        SdkAutoCloseable closeable = () -> {
            credentials.closeable().close();
            httpClient.close();
        };
        return new S3Store(
                builder.build(),
                location,
                reachedAt + proxyNote(settings.proxies(), endpoint, region),
                credentials.source(),
                closeable,
                timeout,
                conditionalWrites,
                reached(endpoint, region).toString(),
                verifyHeaders);
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
        return proxies.forTarget(reached(endpoint, region))
                .map(proxy -> ", via " + proxy.describe())
                .orElse("");
    }

    /** The URL requests go to: the endpoint option, else Amazon S3's regional endpoint. */
    private static URI reached(Optional<URI> endpoint, Region region) {
        return endpoint.orElse(URI.create("https://s3." + region.id() + ".amazonaws.com"));
    }

    private static Region region(S3Options options, S3Location location) throws InvalidTargetException {
        if (options.region().isPresent()) {
            return Region.of(options.region().get());
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            throw new InvalidTargetException(
                    location.toString(),
                    "No region for " + location + ": set "
                            + OptionReader.PREFIX + S3Options.REGION + " (e.g. -D" + OptionReader.PREFIX
                            + S3Options.REGION
                            + "=eu-west-1; auto for Cloudflare "
                            + "R2, us-east-1 for Google Cloud Storage and MinIO) or AWS_REGION");
        }
    }

    /** A credentials provider, what to close with the store, and where the credentials come from. */
    private record CredentialSource(AwsCredentialsProvider provider, SdkAutoCloseable closeable, String source) {}

    private static CredentialSource credentials(TargetSettings settings, S3Location location)
            throws InvalidTargetException, TargetException {
        Optional<Credentials> server = settings.credentials();
        if (server.isPresent()) {
            Credentials credentials = server.get();
            boolean hasKeyId = credentials.username().isPresent();
            boolean hasSecret = credentials.password().isPresent();
            if (hasKeyId && hasSecret) {
                return new CredentialSource(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(
                                credentials.username().get(),
                                credentials.password().get())),
                        () -> {},
                        credentials.source());
            }
            if (hasKeyId || hasSecret) {
                throw new InvalidTargetException(
                        credentials.source(),
                        credentials.source() + " has "
                                + (hasKeyId ? "a <username> but no <password>" : "a <password> but no <username>")
                                + ": for S3 set <username> to the access key id and <password> to the secret access key");
            }
        }
        String source = DEFAULT_CHAIN
                + server.map(c -> " (" + c.source() + " has no <username>/<password>)")
                        .orElse("");
        Optional<AwsCredentialsProvider> systemSettings = systemSettingsCredentials();
        if (systemSettings.isPresent()) {
            return new CredentialSource(systemSettings.get(), () -> {}, source);
        }
        DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        try {
            // Fail before planning, with advice, rather than on the first request.
            chain.resolveCredentials();
        } catch (SdkClientException e) {
            chain.close();
            throw new TargetException(
                    "No AWS credentials for " + location + ". Add a settings.xml <server> with the "
                            + "access key id as <username> and the secret key as <password> (its id in "
                            + "releaseChannels.serverId), or provide them to " + DEFAULT_CHAIN
                            + ": AWS_ACCESS_KEY_ID and "
                            + "AWS_SECRET_ACCESS_KEY, AWS_PROFILE, an instance or container role, or AWS_ROLE_ARN with "
                            + "AWS_WEB_IDENTITY_TOKEN_FILE (OIDC in CI). The SDK said: " + e.getMessage(),
                    e);
        }
        return new CredentialSource(chain, chain, source);
    }

    /**
     * The default chain's first two links on their own, in its order: the {@code aws.accessKeyId} system properties,
     * then {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} (and {@code AWS_SESSION_TOKEN}), what CI jobs
     * set. When either holds credentials the chain would return them, so it is not built: building it loads its web
     * identity, profile, container and instance providers (45 classes of the SDK on an unchanged s3 deploy) for
     * nothing.
     */
    private static Optional<AwsCredentialsProvider> systemSettingsCredentials() {
        for (AwsCredentialsProvider provider :
                List.of(SystemPropertyCredentialsProvider.create(), EnvironmentVariableCredentialsProvider.create())) {
            try {
                provider.resolveCredentials();
                return Optional.of(provider);
            } catch (SdkClientException e) {
                // Not set there (or only half): the next link decides, as in the chain.
            }
        }
        return Optional.empty();
    }
}
