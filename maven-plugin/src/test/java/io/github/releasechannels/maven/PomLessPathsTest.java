// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Without a pom, Maven evaluates {@code ${project.build.directory}} to a directory literally named
 * {@code ${project.basedir}/target}; the goals' defaults under it go to {@code ./target} instead, and a path the
 * user gave is kept. The pom-less IT runs the real thing on every supported Maven.
 */
class PomLessPathsTest {

    private static final Path START = Path.of("/work/updates");
    private static final File UNINTERPOLATED =
            START.resolve("${project.basedir}/target").toFile();

    @Test
    void aDefaultUnderTheBuildDirectoryMovesToTargetOfTheStartDirectory() {
        GenerateMojo mojo = mojo(null, UNINTERPOLATED);
        assertEquals(
                START.resolve("target/release-channels").toFile(),
                mojo.underBuildDirectory(new File(UNINTERPOLATED, "release-channels")));
    }

    @Test
    void aPathTheUserGaveIsKept() {
        GenerateMojo mojo = mojo(null, UNINTERPOLATED);
        File given = START.resolve("site").toFile();
        assertEquals(given, mojo.underBuildDirectory(given));
    }

    @Test
    void withAPomTheProjectsBuildDirectoryIsKept() {
        File build = START.resolve("build").toFile();
        GenerateMojo mojo = mojo(START.resolve("pom.xml").toFile(), build);
        File output = new File(build, "release-channels");
        assertEquals(output, mojo.underBuildDirectory(output));
    }

    private static GenerateMojo mojo(File pom, File buildDirectory) {
        GenerateMojo mojo = new GenerateMojo();
        mojo.basedir = START.toFile();
        mojo.pomFile = pom;
        mojo.buildDirectory = buildDirectory;
        return mojo;
    }
}
