// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import io.github.releasechannels.publish.HeaderPolicy;
import java.nio.file.Path;
import org.apache.maven.settings.Settings;

/**
 * Runs one goal's Mojo on a project directory in this JVM, with the parameters Maven would give it, and exits: for
 * {@link GoalClassLoadingTest}, which starts it in a JVM of its own to see which classes the goal loads. Usage:
 * {@code GoalRunner <check|generate|deploy> <project directory> [target] [ref]}.
 */
public final class GoalRunner {

    private GoalRunner() {}

    public static void main(String[] args) throws Exception {
        String goal = args[0];
        Path project = Path.of(args[1]).toAbsolutePath();
        AbstractChannelsMojo mojo = switch (goal) {
            case "check" -> new CheckMojo();
            case "generate" -> new GenerateMojo();
            case "deploy" -> new DeployMojo();
            default -> throw new IllegalArgumentException("no goal " + goal);
        };
        mojo.file = project.resolve("channels.yaml").toFile();
        mojo.basedir = project.toFile();
        mojo.pomFile = project.resolve("pom.xml").toFile();
        mojo.buildDirectory = project.resolve("target").toFile();
        mojo.ci = "none";
        mojo.ref = args.length > 3 ? args[3] : null;
        if (mojo instanceof AbstractSiteMojo site) {
            site.outputDirectory = project.resolve("target/release-channels").toFile();
            site.resourcesDirectory =
                    project.resolve("target/release-channels-resources").toFile();
            site.statusPage = true;
        }
        if (mojo instanceof DeployMojo deploy) {
            deploy.target = args.length > 2 && !args[2].equals("-") ? args[2] : null;
            deploy.settings = new Settings();
            deploy.workDirectory =
                    project.resolve("target/release-channels-work").toFile();
            deploy.cacheControl = HeaderPolicy.DEFAULT_CHANNEL_CACHE_CONTROL;
            deploy.allowDowngrade = args.length > 3;
        }
        mojo.execute();
        System.out.println("goal " + goal + " done");
    }
}
