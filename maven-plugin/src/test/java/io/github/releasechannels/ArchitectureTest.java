// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.github.releasechannels.publish.PublishRefusedException;
import io.github.releasechannels.publish.PublishReport;
import io.github.releasechannels.publish.PublishRequest;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.Publishers;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.publish.TargetUri;
import io.github.releasechannels.report.PlanText;
import io.github.releasechannels.report.ReportWriter;
import io.github.releasechannels.report.RunReport;
import org.junit.jupiter.api.Test;

/**
 * The plugin with every module it runs: only the Mojos know Maven, and no package cycle across the modules
 * (between modules a cycle cannot compile; this sees the packages they share, such as {@code publish}).
 */
class ArchitectureTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location ->
                    !location.contains("release-channels-test-fixtures") && !location.contains("-tests.jar"))
            .importPackages("io.github.releasechannels");

    @Test
    void onlyTheMavenPackageImportsMaven() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.github.releasechannels.maven..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.maven..", "org.codehaus.plexus..")
                .because("model, validation, rendering, publishing and verification are plain Java; Mojos are thin")
                .check(PRODUCTION);
    }

    @Test
    void theDomainDoesNotReachBackIntoTheMojos() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.github.releasechannels.maven..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.github.releasechannels.maven..")
                .check(PRODUCTION);
    }

    @Test
    void theWorkflowAndItsFailuresImportNothingFromMaven() {
        noClasses()
                .that()
                .resideInAnyPackage("io.github.releasechannels.workflow..", "io.github.releasechannels.failure..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.maven..", "org.codehaus.plexus..")
                .because("a command line runs the same use cases with the same settings")
                .check(PRODUCTION);
    }

    @Test
    void theMojosRunGoalsThroughTheWorkflowNotThroughItsSteps() {
        noClasses()
                .that()
                .resideInAPackage("io.github.releasechannels.maven..")
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(
                        Publishers.class,
                        Publisher.class,
                        PublishRequest.class,
                        PublishReport.class,
                        PublishRefusedException.class,
                        TargetSettings.class,
                        TargetUri.class,
                        TargetException.class,
                        Retry.class,
                        ReportWriter.class,
                        RunReport.class,
                        PlanText.class)
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.github.releasechannels.guard..",
                        "io.github.releasechannels.verify..",
                        "io.github.releasechannels.serve..",
                        "io.github.releasechannels.site..",
                        "io.github.releasechannels.source..")
                .because("the steps of a run (load, render, offline refusal, publish, verify, reports) live in the "
                        + "workflow, which a command line calls too; a Mojo reads parameters and maps failures")
                .check(PRODUCTION);
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
                .check(PRODUCTION);
    }

    @Test
    void packagesHaveNoCycles() {
        // Each package is its own slice: a cycle between a package and its sub-package counts too.
        slices().matching("io.github.releasechannels.(**)")
                .should()
                .beFreeOfCycles()
                .check(PRODUCTION);
    }
}
