// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.github.releasechannels.testing.ModuleArchitecture;
import org.junit.jupiter.api.Test;

/** The s3 target uses the AWS SDK: no other target's library (JGit comes with the core) and no front end. */
class S3ArchitectureTest {

    private static final JavaClasses MODULE = ModuleArchitecture.classesOf(S3PublisherFactory.class);

    @Test
    void usesNoOtherTargetsLibraryAndNoFrontEnd() {
        ModuleArchitecture.assertUsesNone(
                MODULE,
                "each target owns one library, loaded only when that target is used",
                "org.eclipse.jgit..",
                "org.apache.sshd..",
                "net.i2p.crypto..",
                "org.apache.maven..");
    }

    @Test
    void packagesHaveNoCycles() {
        ModuleArchitecture.assertNoPackageCycles(MODULE);
    }
}
