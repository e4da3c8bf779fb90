// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The rules each module keeps, checked on that module's own classes (its folder or jar), not on the class path
 * around it: no package cycle, a package and its sub-packages included, and none of the libraries it must not use.
 */
public final class ModuleArchitecture {

    private ModuleArchitecture() {}

    /** The classes of the module that holds {@code member}. */
    public static JavaClasses classesOf(Class<?> member) {
        try {
            return new ClassFileImporter()
                    .importPath(Path.of(member.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each package is its own slice, so a cycle between a package and its sub-package fails too. */
    public static void assertNoPackageCycles(JavaClasses classes) {
        slices().matching("io.github.releasechannels.(**)")
                .should()
                .beFreeOfCycles()
                .check(classes);
    }

    /** No class of {@code classes} uses a class in {@code packages}, ArchUnit patterns such as {@code org.apache..}. */
    public static void assertUsesNone(JavaClasses classes, String because, String... packages) {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(packages)
                .because(because)
                .check(classes);
    }
}
