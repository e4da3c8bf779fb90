package io.github.releasechannels;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the domain free of Maven so it can be tested, benchmarked and reused without a Maven runtime. */
class ArchitectureTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
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
    void promotionsAreDecidedFromTheFileAndItsHistoryAlone() {
        noClasses().that().resideInAPackage("io.github.releasechannels.promote..")
                .should().dependOnClassesThat().resideInAnyPackage("io.github.releasechannels.publish..",
                        "io.github.releasechannels.site..", "io.github.releasechannels.verify..",
                        "io.github.releasechannels.report..", "io.github.releasechannels.guard..")
                .because("what the site serves comes in through SourceServing; the core module takes promote as is")
                .check(PRODUCTION);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.github.releasechannels.(*)..").should().beFreeOfCycles().check(PRODUCTION);
    }
}
