// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.sftp;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.github.releasechannels.testing.ModuleArchitecture;
import org.junit.jupiter.api.Test;

/** The sftp target uses MINA SSHD: no other target's library (JGit comes with the core) and no front end. */
class SftpArchitectureTest {

    private static final JavaClasses MODULE = ModuleArchitecture.classesOf(SftpPublisherFactory.class);

    @Test
    void usesNoOtherTargetsLibraryAndNoFrontEnd() {
        ModuleArchitecture.assertUsesNone(
                MODULE,
                "each target owns one library, loaded only when that target is used",
                "software.amazon..",
                "org.eclipse.jgit..",
                "org.apache.maven..");
    }

    @Test
    void packagesHaveNoCycles() {
        ModuleArchitecture.assertNoPackageCycles(MODULE);
    }
}
