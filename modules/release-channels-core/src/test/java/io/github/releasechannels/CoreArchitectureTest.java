package io.github.releasechannels;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.github.releasechannels.publish.Publishers;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The core's boundaries: no front end, no target's library, no package cycle. A dependency on another module is a
 * compile error already (the modules' poms); these rules hold inside the core's own classes.
 */
class CoreArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter().importPath(coreClasses());

    /** Where the core's own classes are, a folder or a jar: not the test fixtures on the same class path. */
    private static Path coreClasses() {
        try {
            return Path.of(Publishers.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theCoreImportsNoFrontEnd() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.apache.maven..", "org.codehaus.plexus..",
                        "io.github.releasechannels.maven..")
                .because("model, validation, rendering, publishing and verification are plain Java; Mojos are thin")
                .check(CORE);
    }

    @Test
    void theCoreImportsNoTargetsLibrary() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "org.apache.sshd..",
                        "net.i2p.crypto..")
                .because("each target owns its library in its own module, so a directory deploy loads none of them")
                .check(CORE);
    }

    @Test
    void onlyTheGitSourceUsesJGit() {
        noClasses().that().resideOutsideOfPackages("io.github.releasechannels.source..",
                        "io.github.releasechannels.promote..")
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.jgit..")
                .because("JGit reads channels.yaml at a git ref; nothing else in the core needs it")
                .check(CORE);
    }

    @Test
    void packagesHaveNoCycles() {
        // Each package is its own slice: a cycle between a package and its sub-package counts too.
        slices().matching("io.github.releasechannels.(**)").should().beFreeOfCycles().check(CORE);
    }
}
