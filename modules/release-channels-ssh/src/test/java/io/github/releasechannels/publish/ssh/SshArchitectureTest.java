// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.ssh;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.github.releasechannels.testing.ModuleArchitecture;
import org.junit.jupiter.api.Test;

/** SSH is MINA SSHD's: no other target's library (JGit comes with the core) and no front end. */
class SshArchitectureTest {

    private static final JavaClasses MODULE = ModuleArchitecture.classesOf(HostKeyCheck.class);

    @Test
    void usesNoOtherTargetsLibraryAndNoFrontEnd() {
        ModuleArchitecture.assertUsesNone(
                MODULE,
                "sftp and git+ssh share it; it pulls in no other target's library",
                "software.amazon..",
                "org.eclipse.jgit..",
                "org.apache.maven..");
    }

    @Test
    void packagesHaveNoCycles() {
        ModuleArchitecture.assertNoPackageCycles(MODULE);
    }
}
