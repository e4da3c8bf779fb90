// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that starts a real server, a proxy, a browser or other processes (S3Mock, SSHD, JGit smart HTTP, HTTPS with
 * the test CA, concurrent publishes, git, bash, Maven): it runs in the integration lane (Failsafe, {@code verify}),
 * not with the unit tests (Surefire, {@code test}), which stay fast and touch no network.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(RealServer.TAG)
public @interface RealServer {

    /** The JUnit tag, selected by the root pom's Failsafe execution and excluded from Surefire. */
    String TAG = "real-server";
}
