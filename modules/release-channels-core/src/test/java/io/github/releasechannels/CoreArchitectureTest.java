// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.github.releasechannels.publish.Publishers;
import io.github.releasechannels.testing.ModuleArchitecture;
import org.junit.jupiter.api.Test;

/**
 * The core's boundaries: no front end, no target's library, no package cycle. A dependency on another module is a
 * compile error already (the modules' poms); these rules hold inside the core's own classes.
 */
class CoreArchitectureTest {

    private static final JavaClasses CORE = ModuleArchitecture.classesOf(Publishers.class);

    @Test
    void theCoreImportsNoFrontEnd() {
        ModuleArchitecture.assertUsesNone(
                CORE,
                "model, validation, rendering, publishing and verification are plain Java; Mojos are thin",
                "org.apache.maven..",
                "org.codehaus.plexus..",
                "io.github.releasechannels.maven..");
    }

    @Test
    void theCoreImportsNoTargetsLibrary() {
        ModuleArchitecture.assertUsesNone(
                CORE,
                "each target owns its library in its own module, so a directory deploy loads none of them",
                "software.amazon..",
                "org.apache.sshd..",
                "net.i2p.crypto..");
    }

    @Test
    void onlyTheGitSourceUsesJGit() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "io.github.releasechannels.source..",
                        "io.github.releasechannels.promote..",
                        "io.github.releasechannels.gitauth..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.eclipse.jgit..")
                .because(
                        "JGit reads channels.yaml at a git ref, promote commits and pushes, and gitauth logs in to a remote "
                                + "for promote and the git target; nothing else in the core needs it")
                .check(CORE);
    }

    @Test
    void promotionsAreDecidedFromTheFileAndItsHistoryAlone() {
        noClasses()
                .that()
                .resideInAPackage("io.github.releasechannels.promote..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.github.releasechannels.publish..",
                        "io.github.releasechannels.site..",
                        "io.github.releasechannels.verify..",
                        "io.github.releasechannels.report..",
                        "io.github.releasechannels.guard..")
                .because("what the site serves comes in through SourceServing; the core module takes promote as is")
                .check(CORE);
    }

    @Test
    void packagesHaveNoCycles() {
        ModuleArchitecture.assertNoPackageCycles(CORE);
    }
}
