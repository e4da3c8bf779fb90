// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import io.github.releasechannels.publish.PublishLock;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.TargetSafetyContract;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.testing.RealServer;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** A bucket prefix on S3Mock: the shared refusals, and no request ever leaves the prefix. */
@RealServer
@ExtendWith(S3MockServer.Extension.class)
class S3TargetSafetyTest extends TargetSafetyContract {

    private static S3MockServer s3;
    private static S3Client inspector;

    private final String prefix = "safety-" + UUID.randomUUID();
    private final String victimKey = "victim-" + UUID.randomUUID();
    private final RequestRecorder recorder = new RequestRecorder();

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
    protected Publisher publisher() throws Exception {
        TargetSettings settings = S3Fixtures.settings(s3);
        return PublishPipeline.forStore(
                new S3PublisherFactory()
                        .openStore("s3://" + S3MockServer.BUCKET + "/" + prefix, settings, List.of(recorder)),
                settings.retry());
    }

    @Override
    protected void put(String path, String content) {
        S3Fixtures.put(inspector, S3MockServer.BUCKET, prefix + "/" + path, content);
    }

    @Override
    protected void remove(String path) {
        inspector.deleteObject(b -> b.bucket(S3MockServer.BUCKET).key(prefix + "/" + path));
    }

    @Override
    protected Optional<String> get(String path) {
        try {
            return Optional.of(inspector
                    .getObjectAsBytes(b -> b.bucket(S3MockServer.BUCKET).key(prefix + "/" + path))
                    .asUtf8String());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** {@code DELETE /channels/PREFIX/../../site-root/KEY}, once normalised, is an object of another bucket. */
    @Override
    protected String pathToVictim() {
        S3Fixtures.put(inspector, S3MockServer.ROOT_BUCKET, victimKey, "someone else's");
        return "../../" + S3MockServer.ROOT_BUCKET + "/" + victimKey;
    }

    /** The other bucket's object is there, and no request was sent for a key outside the prefix, nor a DELETE. */
    @Override
    protected boolean victimIntact() {
        return inspector
                        .getObjectAsBytes(
                                b -> b.bucket(S3MockServer.ROOT_BUCKET).key(victimKey))
                        .asUtf8String()
                        .equals("someone else's")
                // The only deletion is this publish's own lock, released when it stopped.
                && recorder.calls("DeleteObject").stream()
                        .allMatch(call -> call.key().equals(prefix + "/" + PublishLock.LOCK_FILE))
                && recorder.calls().stream()
                        .allMatch(call -> call.key().startsWith(prefix + "/")
                                && !call.key().contains(".."));
    }
}
