// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.releasechannels.testing.RealServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 the tests publish to decides a conditional PUT atomically, as Amazon S3 does: of many PUTs sent at once on
 * one condition, exactly one lands. The publish lock is taken with such a write, and the concurrency, lease and lock
 * tests rely on it. S3Mock alone lets several through (see {@link S3AtomicWritesFront}).
 */
@RealServer
@ExtendWith(S3MockServer.Extension.class)
class S3ConditionalWriteAtomicityTest {

    private static final int ROUNDS = 30;
    private static final int WRITERS = 12;

    private static S3MockServer s3;
    private static S3Client client;
    private static ExecutorService writers;

    @BeforeAll
    static void setUp(S3MockServer server) {
        s3 = server;
        client = S3Client.builder()
                .endpointOverride(s3.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                // Each PUT is sent once: a retried one could only be refused, and would count as such.
                .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        writers = Executors.newFixedThreadPool(WRITERS);
    }

    @AfterAll
    static void tearDown() {
        writers.shutdownNow();
        client.close();
    }

    @Test
    void ofManyPutsSentAtOnceWithIfMatchOnTheSameEtagExactlyOneLands() throws Exception {
        List<Integer> landed = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            String key = "atomicity/if-match-" + round;
            String etag = client.putObject(
                            b -> b.bucket(S3MockServer.BUCKET).key(key), RequestBody.fromString("before"))
                    .eTag();
            landed.add(race(key, put -> put.ifMatch(etag)));
        }
        assertEquals(Collections.nCopies(ROUNDS, 1), landed, "PUTs that landed in each round");
    }

    @Test
    void ofManyPutsSentAtOnceWithIfNoneMatchOnAnAbsentKeyExactlyOneLands() throws Exception {
        List<Integer> landed = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            landed.add(race("atomicity/if-none-match-" + round, put -> put.ifNoneMatch("*")));
        }
        assertEquals(Collections.nCopies(ROUNDS, 1), landed, "PUTs that landed in each round");
    }

    /**
     * Sends {@link #WRITERS} conditional PUTs of {@code key} at once, each with a content of its own; returns how many
     * landed, after checking that the object holds the content of the one that did.
     */
    private static int race(String key, Consumer<PutObjectRequest.Builder> condition) throws Exception {
        CountDownLatch ready = new CountDownLatch(WRITERS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> answers = new ArrayList<>();
        for (int writer = 1; writer <= WRITERS; writer++) {
            String content = "writer " + writer;
            answers.add(writers.submit(() -> {
                ready.countDown();
                go.await();
                try {
                    PutObjectRequest.Builder put = PutObjectRequest.builder()
                            .bucket(S3MockServer.BUCKET)
                            .key(key);
                    condition.accept(put);
                    client.putObject(put.build(), RequestBody.fromString(content));
                    return true;
                } catch (S3Exception e) {
                    if (e.statusCode() == 412 || e.statusCode() == 409) {
                        return false;
                    }
                    throw e;
                }
            }));
        }
        ready.await(30, TimeUnit.SECONDS);
        go.countDown();
        List<String> winners = new ArrayList<>();
        for (int writer = 1; writer <= WRITERS; writer++) {
            if (answers.get(writer - 1).get(60, TimeUnit.SECONDS)) {
                winners.add("writer " + writer);
            }
        }
        if (winners.size() == 1) {
            String held = new String(
                    client.getObjectAsBytes(b -> b.bucket(S3MockServer.BUCKET).key(key))
                            .asByteArray(),
                    StandardCharsets.UTF_8);
            assertEquals(winners.get(0), held, "the object holds what the PUT that landed wrote");
        }
        return winners.size();
    }
}
