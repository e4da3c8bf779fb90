// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.github.releasechannels.testing.ModuleArchitecture;
import org.junit.jupiter.api.Test;

/** The git target uses JGit (and MINA SSHD through the shared SSH module): not the AWS SDK, no front end. */
class GitArchitectureTest {

    private static final JavaClasses MODULE = ModuleArchitecture.classesOf(GitPublisherFactory.class);

    @Test
    void usesNoOtherTargetsLibraryAndNoFrontEnd() {
        ModuleArchitecture.assertUsesNone(
                MODULE,
                "each target owns one library, loaded only when that target is used",
                "software.amazon..",
                "org.apache.maven..");
    }

    @Test
    void packagesHaveNoCycles() {
        ModuleArchitecture.assertNoPackageCycles(MODULE);
    }
}
