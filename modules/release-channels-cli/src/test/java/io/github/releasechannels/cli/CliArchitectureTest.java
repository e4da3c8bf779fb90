// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.github.releasechannels.testing.ModuleArchitecture;
import org.junit.jupiter.api.Test;

/**
 * The command line is a front end like the Mojos: no Maven, and the targets only through the core (ServiceLoader),
 * never their classes or libraries.
 */
class CliArchitectureTest {

    private static final JavaClasses MODULE = ModuleArchitecture.classesOf(ReleaseChannelsCli.class);

    @Test
    void usesNoMavenAndNoTargetDirectly() {
        ModuleArchitecture.assertUsesNone(
                MODULE,
                "the targets are found through ServiceLoader, Maven is the other " + "front end",
                "org.apache.maven..",
                "software.amazon..",
                "org.eclipse.jgit..",
                "org.apache.sshd..",
                "io.github.releasechannels.publish.s3..",
                "io.github.releasechannels.publish.git..",
                "io.github.releasechannels.publish.sftp..",
                "io.github.releasechannels.publish.ssh..");
    }

    @Test
    void packagesHaveNoCycles() {
        ModuleArchitecture.assertNoPackageCycles(MODULE);
    }
}
