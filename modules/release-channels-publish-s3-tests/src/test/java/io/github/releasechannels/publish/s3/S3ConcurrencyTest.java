// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.releasechannels.publish.concurrent.ConcurrentPublishContract;
import io.github.releasechannels.testing.RealServer;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Two real publishing processes on one bucket prefix of S3Mock, which honours If-None-Match and If-Match on PUT. */
@RealServer
@ExtendWith(S3MockServer.Extension.class)
class S3ConcurrencyTest extends ConcurrentPublishContract {

    private static S3MockServer s3;
    private static S3Client inspector;

    @BeforeAll
    static void setUp(S3MockServer server) {
        s3 = server;
        inspector = S3Fixtures.inspector(server);
    }

    @AfterAll
    static void tearDown() {
        inspector.close();
    }

    @Override
    protected String target(String name) {
        return "s3://" + S3MockServer.BUCKET + "/" + name;
    }

    @Override
    protected Map<String, String> options() {
        return Map.of(
                S3Options.ENDPOINT,
                s3.endpoint().toString(),
                S3Options.PATH_STYLE,
                "true",
                S3Options.REGION,
                "us-east-1",
                "user",
                "test-access-key",
                "password",
                "test-secret-key");
    }

    /**
     * One listing page (a site here is a few dozen objects), so a store that repeats its page cannot loop. The
     * manifest as the site rendered it, without the store's records; the lock only while it is held (a released one
     * stays on S3).
     */
    @Override
    protected Map<String, String> served(String name) {
        ListObjectsV2Response listing = inspector.listObjectsV2(
                b -> b.bucket(S3MockServer.BUCKET).prefix(name + "/").maxKeys(1000));
        assertFalse(listing.isTruncated(), "more objects than one listing holds");
        Map<String, byte[]> objects = new TreeMap<>();
        for (S3Object object : listing.contents()) {
            objects.put(
                    object.key().substring(name.length() + 1),
                    inspector
                            .getObjectAsBytes(b -> b.bucket(S3MockServer.BUCKET).key(object.key()))
                            .asByteArray());
        }
        return S3Fixtures.withoutReleasedLock(objects);
    }
}
