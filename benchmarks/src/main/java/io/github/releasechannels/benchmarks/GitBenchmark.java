// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.PublishGuard;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.publish.PublishRefusedException;
import io.github.releasechannels.publish.PublishRequest;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.Publishers;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.TargetOptions;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.site.Site;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.io.file.PathUtils;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The plugin's git target against maven-scm-publish-plugin, both publishing the same one-channel change onto a
 * pages branch with a short and a long history. The branch is reset to the same tip before every publish; the
 * order of the sides rotates from round to round.
 */
final class GitBenchmark {

    enum Side {
        PLUGIN("plugin (in-process)"),
        PLUGIN_MAVEN("plugin (`mvn deploy`)"),
        SCM_PUBLISH("maven-scm-publish-plugin");

        final String label;

        Side(String label) {
            this.label = label;
        }
    }

    private final Config config;
    private final Maven maven;
    private final String pluginVersion;
    private final String scmPublishVersion;
    private final Map<Integer, Map<Side, Samples>> results = new LinkedHashMap<>();
    private final Map<Side, String> commands = new EnumMap<>(Side.class);
    private int files;

    GitBenchmark(Config config, Maven maven, String pluginVersion, String scmPublishVersion) {
        this.config = config;
        this.maven = maven;
        this.pluginVersion = pluginVersion;
        this.scmPublishVersion = scmPublishVersion;
    }

    void run() throws IOException, InterruptedException {
        Path directory = config.work().resolve("git");
        Site base = ChannelsFiles.render(ChannelsFiles.write(directory.resolve("base"), config.gitChannels(), false));
        Path changedFile = ChannelsFiles.write(directory.resolve("changed"), config.gitChannels(), true);
        Site changed = ChannelsFiles.render(changedFile);
        files = changed.files().size();
        Path content = directory.resolve("changed").resolve("site");
        ChannelsFiles.writeSite(changed, content);
        Path pluginProject = Maven.project(directory.resolve("plugin-project"), "git-plugin");
        Files.copy(changedFile, pluginProject.resolve("channels.yaml"), StandardCopyOption.REPLACE_EXISTING);
        Path scmProject = Maven.project(directory.resolve("scm-project"), "git-scm-publish");

        boolean scmPublishResolved = false;
        for (int history : config.gitHistories()) {
            System.out.println("git: " + history + " commits of history");
            Path repository = directory.resolve("pages-" + history + ".git");
            ObjectId tip = PagesHistory.create(repository, base, history);
            Map<Side, Samples> bySide = new EnumMap<>(Side.class);
            for (Side side : Side.values()) {
                bySide.put(side, new Samples());
            }
            results.put(history, bySide);
            // Round 0 warms up and is not recorded.
            for (int round = config.warmUp() ? 0 : 1; round <= config.gitRepetitions(); round++) {
                for (Side side : S3Benchmark.rotate(List.of(Side.values()), round)) {
                    PagesHistory.reset(repository, tip);
                    Path checkout = directory.resolve("scm-checkout");
                    if (Files.exists(checkout)) {
                        PathUtils.deleteDirectory(checkout);
                    }
                    long nanos = switch (side) {
                        case PLUGIN -> publishInProcess(repository, changed, directory.resolve("plugin-work"));
                        case PLUGIN_MAVEN -> publishWithMaven(repository, pluginProject);
                        case SCM_PUBLISH -> scmPublish(repository, scmProject, content, checkout, scmPublishResolved);
                    };
                    PagesHistory.checkPublished(
                            repository, tip, ChannelsFiles.CHANGED_CHANNEL + "/version", ChannelsFiles.CHANGED_VERSION);
                    // Its first run is online, to download maven-scm-publish-plugin; with a warm-up, unrecorded.
                    scmPublishResolved |= side == Side.SCM_PUBLISH;
                    if (round > 0) {
                        bySide.get(side).addNanos(nanos);
                    }
                }
            }
        }
    }

    private long publishInProcess(Path repository, Site site, Path work) throws IOException {
        Files.createDirectories(work);
        TargetSettings settings =
                new TargetSettings(Optional.empty(), TargetOptions.defaults(), Map.of(), work, Retry.defaults());
        String target = "git+file://" + repository + "#" + PagesHistory.BRANCH;
        commands.put(
                Side.PLUGIN,
                "Publishers.standard().open(\"git+file://<repository>#" + PagesHistory.BRANCH
                        + "\", settings).publish(site, ...)");
        long started = System.nanoTime();
        try (Publisher publisher = Publishers.standard().open(target, settings)) {
            publisher.publish(
                    site, new PublishRequest(false, HeaderPolicy.defaults(), PublishGuard.NONE, PublishLog.SILENT));
        } catch (InvalidTargetException | PublishRefusedException e) {
            throw new IllegalStateException(e);
        }
        return System.nanoTime() - started;
    }

    private long publishWithMaven(Path repository, Path project) throws IOException, InterruptedException {
        List<String> args = List.of(
                "io.github.releasechannels:release-channels-maven-plugin:" + pluginVersion + ":deploy",
                "-DreleaseChannels.target=git+file://" + repository + "#" + PagesHistory.BRANCH);
        commands.put(Side.PLUGIN_MAVEN, display(maven.command(Path.of("<project>"), args, true), repository));
        return maven.run(project, args, Map.of()).nanos();
    }

    private long scmPublish(Path repository, Path project, Path content, Path checkout, boolean offline)
            throws IOException, InterruptedException {
        List<String> args = List.of(
                "org.apache.maven.plugins:maven-scm-publish-plugin:" + scmPublishVersion + ":publish-scm",
                "-Dscmpublish.pubScmUrl=scm:git:file://" + repository,
                "-Dscmpublish.scm.branch=" + PagesHistory.BRANCH,
                "-Dscmpublish.content=" + content,
                "-Dscmpublish.checkoutDirectory=" + checkout,
                "-Dscmpublish.checkinComment=Publish the version server");
        commands.put(
                Side.SCM_PUBLISH,
                display(maven.command(Path.of("<project>"), args, true), repository)
                        .replace(content.toString(), "<rendered site>")
                        .replace(checkout.toString(), "<empty directory>"));
        // git commit needs an identity; a CI runner sets one the same way.
        Map<String, String> env = new HashMap<>();
        env.put("GIT_AUTHOR_NAME", "bench");
        env.put("GIT_AUTHOR_EMAIL", "bench@localhost");
        env.put("GIT_COMMITTER_NAME", "bench");
        env.put("GIT_COMMITTER_EMAIL", "bench@localhost");
        return maven.run(project, args, env, offline).nanos();
    }

    private String display(List<String> command, Path repository) {
        return "MAVEN_OPTS=" + maven.mavenOpts() + " "
                + String.join(" ", command)
                        .replace(config.root().toString(), ".")
                        .replace(repository.toString(), "<repository>");
    }

    Map<Integer, Map<Side, Samples>> results() {
        return results;
    }

    Map<Side, String> commands() {
        return commands;
    }

    int files() {
        return files;
    }
}
