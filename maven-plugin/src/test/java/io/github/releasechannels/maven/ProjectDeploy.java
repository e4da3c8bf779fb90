// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.maven.plugin.logging.Log;

/** A deploy as Maven configures it for a project in a directory, publishing to a directory; tests set the rest. */
final class ProjectDeploy {

    private ProjectDeploy() {}

    /**
     * @param environment    the process environment the Mojo sees (a CI runner's, or none)
     * @param standardOutput where workflow commands go
     */
    static DeployMojo toDirectory(
            Path project, Path target, Map<String, String> environment, Consumer<String> standardOutput, Log log) {
        DeployMojo mojo = new DeployMojo();
        mojo.basedir = project.toFile();
        mojo.file = project.resolve("channels.yaml").toFile();
        mojo.buildDirectory = project.resolve("target").toFile();
        mojo.outputDirectory = project.resolve("target/release-channels").toFile();
        mojo.workDirectory = project.resolve("target/work").toFile();
        mojo.environment = environment;
        mojo.standardOutput = standardOutput;
        mojo.target = target.toUri().toString();
        mojo.cacheControl = "max-age=60";
        mojo.setLog(log);
        return mojo;
    }
}
