package io.github.releasechannels;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The plugin with every module it runs: only the Mojos know Maven, and no package cycle across the modules
 * (between modules a cycle cannot compile; this sees the packages they share, such as {@code publish}).
 */
class ArchitectureTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("release-channels-test-fixtures")
                    && !location.contains("-tests.jar"))
            .importPackages("io.github.releasechannels");

    @Test
    void onlyTheMavenPackageImportsMaven() {
        noClasses().that().resideOutsideOfPackage("io.github.releasechannels.maven..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.maven..", "org.codehaus.plexus..")
                .because("model, validation, rendering, publishing and verification are plain Java; Mojos are thin")
                .check(PRODUCTION);
    }

    @Test
    void theDomainDoesNotReachBackIntoTheMojos() {
        noClasses().that().resideOutsideOfPackage("io.github.releasechannels.maven..")
                .should().dependOnClassesThat().resideInAPackage("io.github.releasechannels.maven..")
                .check(PRODUCTION);
    }

    @Test
    void packagesHaveNoCycles() {
        // Each package is its own slice: a cycle between a package and its sub-package counts too.
        slices().matching("io.github.releasechannels.(**)").should().beFreeOfCycles().check(PRODUCTION);
    }
}
