// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.plugin.logging.Log;
import org.eclipse.jgit.api.Git;

/** A project folder that is a git repository whose commits hold channels.yaml, as a team's repository is. */
final class ChannelsRepository implements AutoCloseable {

    private final Path project;
    private final Git git;

    private ChannelsRepository(Path project, Git git) {
        this.project = project;
        this.git = git;
    }

    /** Makes {@code project} a git repository on the branch main. */
    static ChannelsRepository init(Path project) throws Exception {
        Files.createDirectories(project);
        return new ChannelsRepository(
                project,
                Git.init()
                        .setDirectory(project.toFile())
                        .setInitialBranch("main")
                        .call());
    }

    /** Writes channels.yaml and commits it. */
    void commit(String channels, String message) throws Exception {
        Files.writeString(project.resolve("channels.yaml"), channels);
        git.add().addFilepattern("channels.yaml").call();
        git.commit()
                .setMessage(message)
                .setSign(false)
                .setAuthor("t", "t@example.invalid")
                .setCommitter("t", "t@example.invalid")
                .call();
    }

    /** A goal with the parameters Maven gives it for the project's channels.yaml, outside CI, logging to {@code log}. */
    static <T extends AbstractChannelsMojo> T wired(T mojo, Path project, Log log) {
        mojo.basedir = project.toFile();
        mojo.file = project.resolve("channels.yaml").toFile();
        mojo.buildDirectory = project.resolve("target").toFile();
        mojo.environment = Map.of();
        mojo.ci = "none";
        mojo.setLog(log);
        return mojo;
    }

    @Override
    public void close() {
        git.close();
    }
}
