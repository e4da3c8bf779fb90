// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import io.github.releasechannels.publish.FileStore;
import io.github.releasechannels.publish.Headers;
import io.github.releasechannels.publish.NetworkTimeout;
import io.github.releasechannels.publish.PublishLock;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.StoredFile;
import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.TargetPathException;
import io.github.releasechannels.publish.TargetReadLimit;
import io.github.releasechannels.publish.VersionedContent;
import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteLayout;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A bucket prefix on Amazon S3 or an S3-compatible store. Each object carries the SHA-256 of its content as user
 * metadata ({@code x-amz-meta-sha256}), so a publish compares content without downloading it; a PUT replaces an
 * object at once for readers. No ACL is ever sent: access is the bucket policy's business, and buckets with ACLs
 * disabled (the default since 2023) reject requests that set one.
 */
public final class S3Store implements FileStore {

    static final String SHA256_METADATA = "sha256";

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    /** HEAD requests in flight at once while comparing: fast on a large site, gentle on the store. */
    private static final int STAT_THREADS = 8;
    /**
     * Listing pages {@link #prefetchSnapshot} reads at most (1,000 keys each, what a site of 10,000 channels has);
     * the snapshot lists the rest. Bounds what is held for a prefix shared with many other objects.
     */
    private static final int PREFETCH_PAGES = 25;
    /**
     * Keys of the previous manifest per listing segment: a little under a page of 1,000, so that a few objects the
     * manifest does not name (the lock, uploads by hand) fit on the segment's one page.
     */
    private static final int SEGMENT_KEYS = 990;
    /** Order of keys in a listing: S3 lists by the bytes of their UTF-8 encoding. */
    private static final Comparator<String> LISTING_ORDER =
            (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private static final Set<String> AUTH_ERRORS = Set.of(
            "AccessDenied",
            "InvalidAccessKeyId",
            "SignatureDoesNotMatch",
            "ExpiredToken",
            "InvalidToken",
            "TokenRefreshRequired",
            "InvalidClientTokenId");
    private static final Set<String> REGION_ERRORS =
            Set.of("AuthorizationHeaderMalformed", "PermanentRedirect", "IllegalLocationConstraintException");

    private final S3Client client;
    private final S3Location location;
    private final String description;
    private final String credentialSource;
    private final SdkAutoCloseable credentials;
    private final NetworkTimeout timeout;
    private final boolean conditionalWrites;
    private final String endpoint;
    private final boolean verifyHeaders;
    /** The entity tag the store answered to this store's last write of each path, for the manifest's record. */
    private final Map<String, String> written = new ConcurrentHashMap<>();
    /** The manifest and listing {@link #prefetchSnapshot} read, until the first snapshot takes the manifest. */
    private final AtomicReference<Prefetched> prefetched = new AtomicReference<>();
    /** The prefetched listing, from when the snapshot took the manifest read with it until it lists. */
    private final AtomicReference<ListedPages> prefetchedListing = new AtomicReference<>();

    /**
     * @param client           a client for the bucket's region and endpoint
     * @param location         bucket and prefix
     * @param endpointAndRegion how the store is reached, for messages, e.g. {@code region eu-west-1}
     * @param credentialSource where the credentials come from, never a secret
     * @param credentials      closed with the store (the default chain holds threads and caches)
     * @param timeout          the client's bound on each request, for messages
     * @param conditionalWrites whether the store is trusted to honour {@code If-None-Match} and {@code If-Match} on
     *                         PUT, which the publish lock proves before relying on it
     * @param endpoint         the URL requests go to, which with the bucket names the store a proof is valid for
     * @param verifyHeaders    whether every object's headers are read, even where the manifest's record holds them
     */
    S3Store(
            S3Client client,
            S3Location location,
            String endpointAndRegion,
            String credentialSource,
            SdkAutoCloseable credentials,
            NetworkTimeout timeout,
            boolean conditionalWrites,
            String endpoint,
            boolean verifyHeaders) {
        this.client = client;
        this.location = location;
        this.description = location + " (" + endpointAndRegion + "; credentials from " + credentialSource + ")";
        this.credentialSource = credentialSource;
        this.credentials = credentials;
        this.timeout = timeout;
        this.conditionalWrites = conditionalWrites;
        this.endpoint = endpoint;
        this.verifyHeaders = verifyHeaders;
    }

    @Override
    public String describe() {
        return description;
    }

    /**
     * The manifest, then the prefix's first listing pages, in the snapshot's order; a failure leaves nothing, and the
     * snapshot asks again. Taken as a pair: the listing only by the snapshot that took the manifest.
     */
    @Override
    public void prefetchSnapshot() {
        prefetchSnapshot(PREFETCH_PAGES);
    }

    /** {@link #prefetchSnapshot()} with the listing cut after {@code maxPages}, which tests make small. */
    void prefetchSnapshot(int maxPages) {
        try {
            Optional<VersionedContent> manifest = readVersionedNow(SiteLayout.MANIFEST_FILE);
            List<String> bounds = segmentBounds(manifestPaths(manifest));
            Map<String, String> entityTags = new HashMap<>();
            Optional<String> continuation = Optional.empty();
            if (!bounds.isEmpty() && bounds.size() < maxPages) {
                listSegments(bounds, key -> true, entityTags);
            } else {
                continuation = listPages(ListRange.from(Optional.empty()), key -> true, entityTags, maxPages);
            }
            prefetched.set(new Prefetched(manifest, new ListedPages(entityTags, continuation)));
        } catch (IOException | RuntimeException e) {
            prefetched.set(null);
        }
    }

    /** The paths the manifest names, none when there is none or it cannot be read (the snapshot reports that). */
    private static Collection<String> manifestPaths(Optional<VersionedContent> manifest) {
        if (manifest.isEmpty()) {
            return List.of();
        }
        try {
            return Manifest.parse(manifest.get().content()).files().stream()
                    .map(Manifest.OwnedFile::path)
                    .toList();
        } catch (Manifest.InvalidManifestException e) {
            return List.of();
        }
    }

    /** What {@link #prefetchSnapshot} read. */
    private record Prefetched(Optional<VersionedContent> manifest, ListedPages listing) {}

    /**
     * The ETag of every key on the pages listed so far, and where the listing goes on when it was cut short.
     */
    private record ListedPages(Map<String, String> entityTags, Optional<String> continuation) {}

    /** Drops what was read ahead: after a write it no longer says what the store holds. */
    private void forgetPrefetched() {
        prefetched.set(null);
        prefetchedListing.set(null);
    }

    @Override
    public Optional<byte[]> read(String path) throws IOException {
        return readVersioned(path).map(VersionedContent::content);
    }

    /** An object's body, refused when it is larger than any file of a site, by its length and as it streams. */
    private VersionedContent readBounded(String path, String key) {
        try (ResponseInputStream<GetObjectResponse> body =
                client.getObject(b -> b.bucket(location.bucket()).key(key))) {
            Long length = body.response().contentLength();
            try {
                if (length != null) {
                    TargetReadLimit.checkSize(length, path, describe());
                }
                // Unquoted, as the listing's: the version a snapshot lists is the one a read gives.
                return new VersionedContent(
                        TargetReadLimit.readAll(body, path, describe()),
                        unquoted(body.response().eTag()),
                        Optional.of(headers(
                                body.response().contentType(), body.response().cacheControl())));
            } catch (TargetPathException e) {
                // Do not drain a huge body to reuse the connection.
                body.abort();
                throw new UncheckedIOException(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, StoredFile> stat(Collection<String> paths) throws IOException {
        return headAll(paths);
    }

    /**
     * Lists the prefix (one request per 1,000 keys) instead of a HEAD per object: an object that is not listed does
     * not exist, and a listed one whose ETag is the one the manifest recorded is the object that publish wrote, with
     * the recorded hash and headers. Only the others are HEADed: objects the manifest has no record of (older
     * manifests, uploads by hand), objects whose ETag differs (replaced out of band, or a store whose ETags change
     * without a write), and objects whose recorded headers are not the ones this publish wants (or all of them,
     * with {@code s3.verifyHeaders}), so their real headers are compared.
     */
    @Override
    public Map<String, StoredFile> stat(
            Collection<String> paths, Map<String, Manifest.OwnedFile> recorded, Map<String, Headers> wanted)
            throws IOException {
        if (paths.isEmpty()) {
            return Map.of();
        }
        Map<String, String> keys = new HashMap<>();
        paths.forEach(path -> keys.put(location.key(path), path));
        Map<String, String> listed = list(keys, recorded.keySet());
        Map<String, StoredFile> existing = new TreeMap<>();
        List<String> toHead = new ArrayList<>();
        for (String path : paths) {
            String entityTag = listed.get(location.key(path));
            if (entityTag == null) {
                continue;
            }
            if (!recorded.containsKey(path) && !wanted.containsKey(path)) {
                // Neither the site's nor the manifest's (the publish lock): only whether it exists matters.
                existing.put(path, new StoredFile(path, Optional.empty(), Optional.empty(), Optional.of(entityTag)));
                continue;
            }
            Optional<StoredFile> known =
                    verifyHeaders ? Optional.empty() : known(path, entityTag, recorded.get(path), wanted.get(path));
            if (known.isPresent()) {
                existing.put(path, known.get());
            } else {
                toHead.add(path);
            }
        }
        existing.putAll(headAll(toHead));
        return existing;
    }

    /**
     * The ETag of each listed key among {@code keys}, following the listing's pages; from the pages read ahead with
     * the manifest this snapshot took, when it took it from {@link #prefetchSnapshot}; in segments side by side
     * when the previous manifest names more than a page of {@code recorded} paths.
     */
    private Map<String, String> list(Map<String, String> keys, Collection<String> recorded) throws IOException {
        Map<String, String> listed = new HashMap<>();
        Optional<String> continuation = Optional.empty();
        ListedPages ahead = prefetchedListing.getAndSet(null);
        if (ahead != null) {
            ahead.entityTags().forEach((key, entityTag) -> {
                if (keys.containsKey(key)) {
                    listed.put(key, entityTag);
                }
            });
            if (ahead.continuation().isEmpty()) {
                return listed;
            }
            continuation = ahead.continuation();
        }
        List<String> bounds = segmentBounds(recorded);
        if (continuation.isEmpty() && !bounds.isEmpty()) {
            listSegments(bounds, keys::containsKey, listed);
        } else {
            listPages(ListRange.from(continuation), keys::containsKey, listed, Integer.MAX_VALUE);
        }
        return listed;
    }

    /**
     * Where the listing of a large prefix is cut into segments: every {@link #SEGMENT_KEYS}th key of the previous
     * manifest, in listing order; none for a manifest of one page or less. S3 lists one page after another, each
     * waiting for the last; segments starting after these keys are listed side by side, and together still cover
     * every key of the prefix, whatever the manifest says (a segment reads on until it passes its end).
     */
    private List<String> segmentBounds(Collection<String> manifestPaths) {
        // A manifest is read from the target: one that names far more keys than any site has must not multiply the
        // requests of a listing whose objects may not exist. Beyond PREFETCH_PAGES segments, page after page.
        if (manifestPaths.size() <= SEGMENT_KEYS || manifestPaths.size() > SEGMENT_KEYS * PREFETCH_PAGES) {
            return List.of();
        }
        TreeSet<String> keys = new TreeSet<>(LISTING_ORDER);
        manifestPaths.forEach(path -> keys.add(location.key(path)));
        List<String> bounds = new ArrayList<>();
        int index = 0;
        for (String key : keys) {
            index++;
            if (index % SEGMENT_KEYS == 0 && index < keys.size()) {
                bounds.add(key);
            }
        }
        return bounds;
    }

    /**
     * Lists the prefix as segments, side by side: up to the first bound, after each bound up to the next, after the
     * last to the end; puts the ETag of each key {@code keep} accepts into {@code entityTags}.
     */
    private void listSegments(List<String> bounds, Predicate<String> keep, Map<String, String> entityTags)
            throws IOException {
        ExecutorService pool = daemonPool("s3-list", Math.min(STAT_THREADS, bounds.size() + 1));
        try {
            List<Future<Map<String, String>>> segments = new ArrayList<>();
            for (int i = 0; i <= bounds.size(); i++) {
                Optional<String> after = i == 0 ? Optional.empty() : Optional.of(bounds.get(i - 1));
                Optional<String> upTo = i == bounds.size() ? Optional.empty() : Optional.of(bounds.get(i));
                segments.add(pool.submit(() -> listSegment(after, upTo, keep)));
            }
            for (Future<Map<String, String>> segment : segments) {
                entityTags.putAll(await(segment));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The keys after {@code after} up to and including {@code upTo} that {@code keep} accepts, with their ETags. */
    private Map<String, String> listSegment(Optional<String> after, Optional<String> upTo, Predicate<String> keep)
            throws IOException {
        Map<String, String> entityTags = new HashMap<>();
        listPages(new ListRange(Optional.empty(), after, upTo), keep, entityTags, Integer.MAX_VALUE);
        return entityTags;
    }

    /**
     * Where a listing starts and ends: from {@code continuation}, else after the key {@code after}, else from the
     * prefix's start; up to and including {@code upTo}, else to the prefix's end.
     */
    private record ListRange(Optional<String> continuation, Optional<String> after, Optional<String> upTo) {

        static ListRange from(Optional<String> continuation) {
            return new ListRange(continuation, Optional.empty(), Optional.empty());
        }

        boolean holds(String key) {
            return (after.isEmpty() || LISTING_ORDER.compare(key, after.get()) > 0)
                    && (upTo.isEmpty() || LISTING_ORDER.compare(key, upTo.get()) <= 0);
        }

        boolean isPast(String key) {
            return upTo.isPresent() && LISTING_ORDER.compare(key, upTo.get()) > 0;
        }
    }

    /**
     * Lists the prefix over {@code range}, at most {@code maxPages} pages, and puts the ETag of each key in the range
     * that {@code keep} accepts into {@code entityTags}; returns where the listing goes on when {@code maxPages} cut it
     * short, empty at the range's end. A store that ignores {@code StartAfter} costs pages, not keys: the range is
     * also checked here.
     */
    private Optional<String> listPages(
            ListRange range, Predicate<String> keep, Map<String, String> entityTags, int maxPages) throws IOException {
        String prefix = location.key("");
        Optional<String> next = range.continuation();
        boolean passedEnd = false;
        int pages = 0;
        do {
            Optional<String> token = next;
            ListObjectsV2Response page = call(
                    "list the objects under",
                    "",
                    () -> client.listObjectsV2(b -> b.bucket(location.bucket())
                            .prefix(prefix)
                            .startAfter(token.isEmpty() ? range.after().orElse(null) : null)
                            .continuationToken(token.orElse(null))));
            for (S3Object object : page.contents()) {
                passedEnd |= range.isPast(object.key());
                if (range.holds(object.key()) && keep.test(object.key()) && object.eTag() != null) {
                    entityTags.put(object.key(), unquoted(object.eTag()));
                }
            }
            next = Boolean.TRUE.equals(page.isTruncated()) && !passedEnd
                    ? Optional.ofNullable(page.nextContinuationToken())
                    : Optional.empty();
            pages++;
        } while (next.isPresent() && pages < maxPages);
        return next;
    }

    /** The file as the manifest recorded it, when the listed ETag is the recorded one and its headers are wanted. */
    private static Optional<StoredFile> known(
            String path, String entityTag, Manifest.OwnedFile record, Headers wanted) {
        if (record == null
                || record.stored().isEmpty()
                || !SHA256_HEX.matcher(record.sha256()).matches()) {
            return Optional.empty();
        }
        Manifest.Stored stored = record.stored().get();
        Headers headers = new Headers(stored.contentType(), stored.cacheControl());
        if (!sameEntityTag(stored.entityTag(), entityTag) || (wanted != null && !wanted.equals(headers))) {
            return Optional.empty();
        }
        return Optional.of(
                new StoredFile(path, Optional.of(record.sha256()), Optional.of(headers), Optional.of(entityTag)));
    }

    /**
     * ETags compare and are recorded without the quotes around them, which some S3-compatible stores leave out in
     * a listing.
     */
    private static boolean sameEntityTag(String a, String b) {
        return unquoted(a).equals(unquoted(b));
    }

    private static String unquoted(String entityTag) {
        return entityTag.length() >= 2 && entityTag.startsWith("\"") && entityTag.endsWith("\"")
                ? entityTag.substring(1, entityTag.length() - 1)
                : entityTag;
    }

    @Override
    public Optional<String> writtenEntityTag(String path) {
        return Optional.ofNullable(written.get(path));
    }

    private Map<String, StoredFile> headAll(Collection<String> paths) throws IOException {
        if (paths.isEmpty()) {
            return Map.of();
        }
        ExecutorService pool = daemonPool("s3-stat", Math.min(STAT_THREADS, paths.size()));
        try {
            Map<String, Future<Optional<StoredFile>>> pending = new LinkedHashMap<>();
            for (String path : paths) {
                pending.put(path, pool.submit(() -> head(path)));
            }
            Map<String, StoredFile> existing = new TreeMap<>();
            for (Map.Entry<String, Future<Optional<StoredFile>>> entry : pending.entrySet()) {
                await(entry.getValue()).ifPresent(file -> existing.put(entry.getKey(), file));
            }
            return existing;
        } finally {
            pool.shutdownNow();
        }
    }

    private static ExecutorService daemonPool(String name, int threads) {
        return Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    private Optional<StoredFile> head(String path) throws IOException {
        String key = location.key(path);
        return call("read the metadata of", path, () -> {
            HeadObjectResponse response;
            try {
                response = client.headObject(b -> b.bucket(location.bucket()).key(key));
            } catch (S3Exception e) {
                if (isMissingObject(e)) {
                    return Optional.empty();
                }
                throw e;
            }
            Optional<String> sha256 = response.metadata().entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(SHA256_METADATA))
                    .map(Map.Entry::getValue)
                    .filter(value -> value != null && SHA256_HEX.matcher(value).matches())
                    .findFirst();
            return Optional.of(new StoredFile(
                    path,
                    sha256,
                    Optional.of(headers(response.contentType(), response.cacheControl())),
                    Optional.ofNullable(response.eTag()).map(S3Store::unquoted)));
        });
    }

    /** A header the store does not return compares as different, so the next publish sets it. */
    private static Headers headers(String contentType, String cacheControl) {
        return new Headers(
                Optional.ofNullable(contentType)
                        .map(S3Store::canonicalMediaType)
                        .orElse(""),
                Optional.ofNullable(cacheControl).map(String::trim).orElse(""));
    }

    /**
     * A Content-Type in the form the site's own are written in ({@code text/plain; charset=utf-8}). Some stores
     * answer an equivalent spelling ({@code text/plain;charset=UTF-8}), which must not count as a change, or every
     * publish would copy every object again.
     */
    static String canonicalMediaType(String contentType) {
        String[] parts = contentType.split(";", -1);
        StringBuilder canonical = new StringBuilder(parts[0].trim().toLowerCase(Locale.ROOT));
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String name = (equals < 0 ? parameter : parameter.substring(0, equals))
                    .trim()
                    .toLowerCase(Locale.ROOT);
            String value = equals < 0 ? "" : parameter.substring(equals + 1).trim();
            canonical
                    .append("; ")
                    .append(name)
                    .append(equals < 0 ? "" : "=")
                    .append(name.equals("charset") ? value.toLowerCase(Locale.ROOT) : value);
        }
        return canonical.toString();
    }

    private static <T> T await(Future<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading object metadata");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void write(SiteFile file, Headers headers) throws IOException {
        put(file, headers, condition -> {});
    }

    private void put(SiteFile file, Headers headers, Consumer<PutObjectRequest.Builder> condition) throws IOException {
        forgetPrefetched();
        String key = location.key(file.path());
        PutObjectResponse response = call(
                "upload",
                file.path(),
                () -> client.putObject(
                        b -> condition.accept(b.bucket(location.bucket())
                                .key(key)
                                .contentType(headers.contentType())
                                .cacheControl(headers.cacheControl())
                                .metadata(Map.of(SHA256_METADATA, file.sha256()))),
                        RequestBody.fromBytes(file.content())));
        remember(file.path(), response.eTag());
    }

    private void remember(String path, String entityTag) {
        if (entityTag == null) {
            written.remove(path);
        } else {
            written.put(path, unquoted(entityTag));
        }
    }

    /**
     * Per-object headers; as many requests at once as the pipeline allows; conditional writes when configured, which
     * are claimed, not known (see {@link #claimedConditions}).
     */
    @Override
    public Capabilities capabilities() {
        return new Capabilities(
                conditionalWrites ? ConditionalWrites.ATOMIC : ConditionalWrites.CHECK_THEN_WRITE,
                true,
                Integer.MAX_VALUE,
                claimedConditions());
    }

    /**
     * Conditional writes are configured, not known: S3-compatible stores and gateways in front of them may drop
     * {@code If-None-Match} and {@code If-Match} and write anyway. Proven per endpoint and bucket.
     */
    private Optional<ClaimedConditions> claimedConditions() {
        if (!conditionalWrites) {
            return Optional.empty();
        }
        return Optional.of(new ClaimedConditions(
                endpoint + " bucket " + location.bucket(),
                "Set releaseChannels."
                        + S3Options.CONDITIONAL_WRITES
                        + "=false for this store: the lock object is then written after a "
                        + "check and read back after a pause of "
                        + PublishLock.Policy.DEFAULT.settle().toSeconds() + " s "
                        + "that every publish waits, and the manifest is replaced "
                        + "after reading it; that catches two publishes that start together, not ones that interleave more "
                        + "closely. Or use a store that honours If-None-Match and If-Match on PUT (Amazon S3 does since "
                        + "2024), or remove the gateway that drops them."));
    }

    /**
     * The version is the ETag, which S3 compares in {@code If-Match}. The manifest {@link #prefetchSnapshot} read is
     * given once, to the snapshot that asks for it first.
     */
    @Override
    public Optional<VersionedContent> readVersioned(String path) throws IOException {
        if (path.equals(SiteLayout.MANIFEST_FILE)) {
            Prefetched ahead = prefetched.getAndSet(null);
            // A listing only ever goes with the manifest read beside it.
            prefetchedListing.set(ahead == null ? null : ahead.listing());
            if (ahead != null) {
                return ahead.manifest();
            }
        }
        return readVersionedNow(path);
    }

    private Optional<VersionedContent> readVersionedNow(String path) throws IOException {
        String key = location.key(path);
        return call("read", path, () -> {
            try {
                return Optional.of(readBounded(path, key));
            } catch (S3Exception e) {
                if (isMissingObject(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** {@code If-None-Match: *}: the store refuses the PUT when the object exists. */
    @Override
    public boolean createIfAbsent(SiteFile file, Headers headers) throws IOException {
        if (!conditionalWrites) {
            if (readVersioned(file.path()).isPresent()) {
                return false;
            }
            write(file, headers);
            return true;
        }
        return conditionally(() -> {
            put(file, headers, condition -> condition.ifNoneMatch("*"));
            return null;
        });
    }

    /** {@code If-Match: <etag>}: the store refuses the PUT when the object changed since it was read. */
    @Override
    public boolean replaceIfUnchanged(SiteFile file, Headers headers, String expected) throws IOException {
        if (!conditionalWrites) {
            Optional<VersionedContent> current = readVersioned(file.path());
            if (current.isEmpty() || !sameEntityTag(current.get().version(), expected)) {
                return false;
            }
            write(file, headers);
            return true;
        }
        // An entity tag goes in quotes, whichever form it was recorded in.
        String quoted = "\"" + unquoted(expected) + "\"";
        return conditionally(() -> {
            put(file, headers, condition -> condition.ifMatch(quoted));
            return null;
        });
    }

    /**
     * With conditional writes, a PUT with {@code If-Match} on the ETag the snapshot listed, or {@code If-None-Match:
     * *} where it listed none: costs no request, and a PUT of a publish whose lease ran out that lands late finds the
     * object changed by the publish that took over and is refused.
     */
    @Override
    public boolean writeIfUnchanged(SiteFile file, Headers headers, Optional<String> expected) throws IOException {
        return expected.isPresent() ? replaceIfUnchanged(file, headers, expected.get()) : createIfAbsent(file, headers);
    }

    /** With conditional writes, the copy onto itself carries {@code x-amz-copy-source-if-match}. */
    @Override
    public boolean updateHeadersIfUnchanged(SiteFile file, Headers headers, String expected) throws IOException {
        String quoted = "\"" + unquoted(expected) + "\"";
        return conditionally(() -> {
            copyWithHeaders(file, headers, copy -> copy.copySourceIfMatch(quoted));
            return null;
        });
    }

    /** Runs a conditional PUT: {@code false} when its condition failed (412) or a concurrent one won (409). */
    private boolean conditionally(Retry.Operation<Void> put) throws IOException {
        try {
            put.run();
            return true;
        } catch (IOException e) {
            if (e.getCause() instanceof S3Exception s3) {
                if (s3.statusCode() == 412 || s3.statusCode() == 409) {
                    return false;
                }
                if (s3.statusCode() == 501 || "NotImplemented".equals(errorCode(s3))) {
                    throw new TargetException(
                            location.uri("") + " does not support conditional writes (If-None-Match "
                                    + "and If-Match on PUT), which keep two publishes from overwriting each other. Set "
                                    + "releaseChannels." + S3Options.CONDITIONAL_WRITES + "=false to use only the "
                                    + "lock object, checked by reading it back. The store said: " + s3.getMessage(),
                            s3);
                }
            }
            throw e;
        }
    }

    /** The SDK's client is thread-safe; its connection pool bounds what is really in flight. */
    /**
     * Copies the object onto itself with new headers: the content stays as it is, and Cache-Control reaches objects
     * whose content did not change (which {@code aws s3 sync} never updates).
     */
    @Override
    public void updateHeaders(SiteFile file, Headers headers) throws IOException {
        copyWithHeaders(file, headers, condition -> {});
    }

    private void copyWithHeaders(SiteFile file, Headers headers, Consumer<CopyObjectRequest.Builder> condition)
            throws IOException {
        forgetPrefetched();
        String key = location.key(file.path());
        CopyObjectResponse response = call(
                "update the headers of",
                file.path(),
                () -> client.copyObject(b -> condition.accept(b.sourceBucket(location.bucket())
                        .sourceKey(key)
                        .destinationBucket(location.bucket())
                        .destinationKey(key)
                        .metadataDirective(MetadataDirective.REPLACE)
                        .metadata(Map.of(SHA256_METADATA, file.sha256()))
                        .contentType(headers.contentType())
                        .cacheControl(headers.cacheControl()))));
        remember(
                file.path(),
                response.copyObjectResult() == null
                        ? null
                        : response.copyObjectResult().eTag());
    }

    @Override
    public void delete(String path) throws IOException {
        forgetPrefetched();
        written.remove(path);
        String key = location.key(path);
        // S3 answers 204 whether or not the object existed.
        call(
                "delete",
                path,
                () -> client.deleteObject(b -> b.bucket(location.bucket()).key(key)));
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            credentials.close();
        }
    }

    /** One SDK call; its unchecked exceptions become a {@link TargetException} or a retryable {@link IOException}. */
    @FunctionalInterface
    private interface SdkCall<T> {
        T run();
    }

    private <T> T call(String verb, String path, SdkCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof TargetException refused) {
                throw refused;
            }
            throw new IOException(
                    "could not " + verb + " " + location.uri(path) + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (S3Exception e) {
            throw translate(verb, path, e);
        } catch (SdkClientException e) {
            // No answer from the store (connection refused, timeout, reset): worth retrying.
            String reason = isTimeout(e) ? timeout.timedOut() + " (" + e.getMessage() + ")" : e.getMessage();
            throw new IOException("could not " + verb + " " + location.uri(path) + ": " + reason, e);
        }
    }

    private static boolean isTimeout(SdkClientException e) {
        return e instanceof ApiCallAttemptTimeoutException
                || e instanceof ApiCallTimeoutException
                || NetworkTimeout.isSocketTimeout(e);
    }

    private static boolean isMissingObject(S3Exception e) {
        return e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e));
    }

    private IOException translate(String verb, String path, S3Exception e) {
        String code = errorCode(e);
        int status = e.statusCode();
        String what = "could not " + verb + " " + location.uri(path) + " (HTTP " + status
                + (code.isEmpty() ? "" : " " + code) + "): ";
        if ("NoSuchBucket".equals(code)) {
            return new TargetException(
                    what + "the bucket '" + location.bucket() + "' does not exist. Check the bucket "
                            + "name in releaseChannels.target and, for an S3-compatible store, releaseChannels.s3.endpoint",
                    e);
        }
        if (status == 301 || REGION_ERRORS.contains(code)) {
            Optional<String> bucketRegion = e.awsErrorDetails() == null
                    ? Optional.empty()
                    : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region");
            return new TargetException(
                    what + "the bucket is in another region"
                            + bucketRegion.map(region -> " (" + region + ")").orElse("")
                            + "; set releaseChannels.s3.region "
                            + "to the bucket's region",
                    e);
        }
        if (status == 403 || AUTH_ERRORS.contains(code)) {
            return new TargetException(what + authAdvice(code), e);
        }
        if (status == 501
                || code.equals("NotImplemented")
                || code.toLowerCase(Locale.ROOT).contains("checksum")
                || code.equals("InvalidArgument")) {
            return new TargetException(
                    what + "the store rejected the request. S3-compatible stores (Google Cloud "
                            + "Storage, Cloudflare R2, MinIO) may not accept the newer checksum headers: set "
                            + "releaseChannels.s3.requestChecksums=when_required. The store said: " + e.getMessage(),
                    e);
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return new TargetException(what + "the store refused the request: " + e.getMessage(), e);
        }
        // 5xx, throttling and timeouts pass with time.
        return new IOException(what + e.getMessage(), e);
    }

    private String authAdvice(String code) {
        return switch (code) {
            case "InvalidAccessKeyId", "InvalidClientTokenId" ->
                "the store does not know the access key id from "
                        + credentialSource + ". Check the key, and that releaseChannels.s3.endpoint names the store "
                        + "the key belongs to";
            case "SignatureDoesNotMatch" ->
                "the secret key from " + credentialSource + " does not match its access "
                        + "key id (or a proxy changed the request). Check the secret key";
            case "ExpiredToken", "TokenRefreshRequired", "InvalidToken" ->
                "the session token from " + credentialSource + " has expired or is invalid. Renew the credentials";
            default ->
                "access denied for the credentials from " + credentialSource + ". Allow s3:GetObject, "
                        + "s3:PutObject and s3:DeleteObject on arn:aws:s3:::" + location.bucket() + "/"
                        + location.key("*") + " and s3:ListBucket on the bucket (without it a missing object "
                        + "answers 403 instead of 404), and check that no bucket policy denies it";
        };
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? ""
                : e.awsErrorDetails().errorCode();
    }
}
