// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.testing.RealServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI jobs hand keys over in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the default chain's first links: then the
 * chain's other providers (web identity, profile, container, instance) are not even built. Each case opens a store
 * in a JVM of its own ({@link S3StoreOpener}) that logs every class it loads.
 */
@RealServer
class S3CredentialsClassLoadingTest {

    private static final List<String> CHAIN_ONLY = List.of(
            "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider",
            "software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider",
            "software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider",
            "software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider",
            "software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider");

    @TempDir
    Path temp;

    @Test
    void keysInTheEnvironmentBuildNoOtherProviderOfTheChain() throws Exception {
        List<String> loaded = classesLoadedOpening(
                Map.of("AWS_ACCESS_KEY_ID", "AKIDENVIRONMENT", "AWS_SECRET_ACCESS_KEY", "environment-secret"),
                "opened");
        for (String provider : CHAIN_ONLY) {
            assertFalse(loaded.contains(provider), provider + " loaded");
        }
    }

    @Test
    void withoutThemTheWholeChainDecides() throws Exception {
        // A key pair in a credentials file only the chain's profile provider reads: the probe must see the chain.
        Path credentials = temp.resolve("credentials");
        Files.writeString(
                credentials,
                "[default]\naws_access_key_id = AKIDPROFILE\n" + "aws_secret_access_key = profile-secret\n");
        List<String> loaded = classesLoadedOpening(
                Map.of("AWS_SHARED_CREDENTIALS_FILE", credentials.toString()),
                "credentials from the AWS default credential chain");
        assertTrue(
                loaded.containsAll(CHAIN_ONLY),
                loaded.stream().filter(name -> name.contains("Credentials")).toList()::toString);
    }

    /** The classes a fresh JVM loads opening a store with only {@code environment}'s AWS_ variables set. */
    private List<String> classesLoadedOpening(Map<String, String> environment, String expectedOutput) throws Exception {
        Path log = temp.resolve("classes-" + environment.keySet().hashCode() + ".log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xshare:off",
                        "-Xlog:class+load=info:file=" + log,
                        "-cp",
                        System.getProperty("java.class.path"),
                        S3StoreOpener.class.getName(),
                        "s3://channels/teleport")
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().put("AWS_CONFIG_FILE", temp.resolve("no-config").toString());
        builder.environment()
                .put(
                        "AWS_SHARED_CREDENTIALS_FILE",
                        temp.resolve("no-credentials").toString());
        // No instance metadata lookups from a test machine.
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains(expectedOutput), output);
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("[class,load] "))
                .map(line -> line.substring(line.indexOf("[class,load] ") + "[class,load] ".length())
                        .split(" ", 2)[0])
                .toList();
    }
}
