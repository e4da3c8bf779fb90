// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.OptionsKind;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.PublisherFactory;
import io.github.releasechannels.publish.TargetSettings;
import java.io.IOException;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * {@code s3://BUCKET/PREFIX} on Amazon S3 or an S3-compatible store (Google Cloud Storage, Cloudflare R2, MinIO).
 * Options: {@link S3Options} and {@link io.github.releasechannels.publish.CommonOptions}. Credentials:
 * the settings.xml server (access key id as username, secret key as password), else the AWS default chain. Loading
 * this class loads none of the AWS SDK: {@link S3Clients} does, when a target is opened.
 */
public final class S3PublisherFactory implements PublisherFactory {

    @Override
    public List<String> schemes() {
        return List.of("s3");
    }

    @Override
    public String example() {
        return "s3://my-bucket/teleport";
    }

    @Override
    public List<OptionsKind<?>> options() {
        return List.of(S3Options.KIND);
    }

    @Override
    public Publisher create(String target, TargetSettings settings) throws InvalidTargetException, IOException {
        return PublishPipeline.forStore(openStore(target, settings, List.of()), settings);
    }

    /** The store for {@code target}; tests add interceptors that watch the requests the SDK sends. */
    S3Store openStore(String target, TargetSettings settings, List<ExecutionInterceptor> interceptors)
            throws InvalidTargetException, IOException {
        return S3Clients.openStore(target, settings, interceptors);
    }
}
