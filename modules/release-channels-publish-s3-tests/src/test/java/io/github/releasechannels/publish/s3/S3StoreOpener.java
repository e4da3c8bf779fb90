// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.Publishers;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.TargetOptions;
import io.github.releasechannels.publish.TargetSettings;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;

/**
 * Opens an s3: target as {@code deploy} does (no settings.xml server, so credentials come from the process's
 * environment) and closes it, sending no request: for {@link S3CredentialsClassLoadingTest}, which starts it in a JVM
 * of its own to see which classes opening a store loads. Usage: {@code S3StoreOpener <s3://bucket/prefix>}.
 */
public final class S3StoreOpener {

    private S3StoreOpener() {}

    public static void main(String[] args) throws Exception {
        TargetSettings settings = new TargetSettings(
                Optional.empty(),
                TargetOptions.parse(Map.of(
                        S3Options.ENDPOINT,
                        "http://127.0.0.1:9",
                        S3Options.PATH_STYLE,
                        "true",
                        S3Options.REGION,
                        "us-east-1")),
                System.getenv(),
                Files.createTempDirectory("s3-store-opener"),
                Retry.defaults());
        try (Publisher publisher = Publishers.standard().open(args[0], settings)) {
            System.out.println("opened " + publisher.describe());
        }
    }
}
