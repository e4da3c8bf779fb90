package io.github.releasechannels.promote;

import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Version;
import io.github.releasechannels.promote.PromotionPlan.Due;
import io.github.releasechannels.source.ChannelsSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The {@code promote} use case: reads the channels file of the working tree and its first-parent history, plans every
 * promotion for one instant, logs the plan line by line, edits the due versions in place ({@link VersionEditor}) and,
 * when asked, commits only that file with a message recording each promotion. Nothing due: nothing is written.
 */
public final class PromoteRun {

    /**
     * What a run is asked to do.
     *
     * @param baseDirectory the directory file names are shown relative to (the Maven project)
     * @param file          the channels file in a git work tree
     * @param at            the instant to plan for (now, or {@code releaseChannels.promote.at})
     * @param commit        whether to commit the edit
     * @param serving       whether each source is served in sync, or {@link SourceServing#NOT_CHECKED}
     */
    public record Settings(Path baseDirectory, Path file, Instant at, boolean commit, SourceServing serving) {
        public Settings {
            Objects.requireNonNull(baseDirectory, "baseDirectory");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(serving, "serving");
        }
    }

    /**
     * What a run did.
     *
     * @param plan    every promoted channel's step
     * @param written whether the file was edited
     * @param commit  the commit made, when one was asked and something was due
     */
    public record Outcome(PromotionPlan plan, boolean written, Optional<String> commit) {
    }

    private PromoteRun() {
    }

    /**
     * Plans, logs the plan to {@code log}, and edits and commits what is due.
     *
     * @throws ChannelsFileException    when the file is not valid (nothing is planned)
     * @throws VersionEditException     when a due version cannot be edited in place (nothing is written)
     * @throws PromoteRefusedException  when the file is not in a git repository, or a commit is asked of a file with
     *                                  changes no commit holds
     * @throws IOException              when the file or the repository cannot be read or written
     */
    public static Outcome run(Settings settings, Consumer<String> log)
            throws IOException, ChannelsFileException, VersionEditException, PromoteRefusedException {
        ChannelsSource.Content content = new ChannelsSource(settings.baseDirectory())
                .readWorkingTree(settings.file());
        String shown = content.source().file();
        if (settings.commit() && content.source().uncommittedChanges()) {
            throw new PromoteRefusedException(shown + " has changes that no commit holds; promote commits only its "
                    + "own edit of the versions: commit or discard those changes first, or run without "
                    + "releaseChannels.promote.commit to edit the file only.");
        }
        ChannelsConfig config = new ChannelsFileParser().parse(content.bytes(), shown);
        try (Repository repository = open(settings.file(), shown)) {
            String path = pathInWorkTree(repository, settings.file());
            PromotionPlan plan = PromotionRun.plan(config, new ChannelHistory(repository, path), settings.at(),
                    settings.serving());
            log.accept("Promotions of " + shown + " at " + UtcTime.at(settings.at()) + ":");
            if (plan.steps().isEmpty()) {
                log.accept("  no channel declares 'promote:'");
            }
            plan.steps().forEach(step -> log.accept("  " + step.describe()));
            List<Due> due = plan.due();
            if (due.isEmpty()) {
                log.accept("Nothing is due: " + shown + " is left as it is.");
                return new Outcome(plan, false, Optional.empty());
            }
            Map<String, Version> versions = new LinkedHashMap<>();
            due.forEach(promotion -> versions.put(promotion.channel(), promotion.to()));
            byte[] edited = VersionEditor.edit(content.bytes(), shown, versions);
            write(settings.file(), edited);
            log.accept("Edited " + shown + ": " + due.stream().map(d -> d.channel() + " " + d.from() + " → "
                    + d.to()).collect(Collectors.joining(", ")) + ".");
            if (!settings.commit()) {
                return new Outcome(plan, true, Optional.empty());
            }
            RevCommit commit = commit(repository, path, message(plan));
            log.accept("Committed " + commit.name() + ": " + commit.getShortMessage());
            return new Outcome(plan, true, Optional.of(commit.name()));
        }
    }

    /**
     * The commit message: a subject naming the promotions, then one line per promotion with from, to, source,
     * since when and the soak, and the instant planned for.
     */
    static String message(PromotionPlan plan) {
        List<Due> due = plan.due();
        String subject = "Promote " + due.stream().map(d -> d.channel() + " to " + d.to() + " from " + d.source())
                .collect(Collectors.joining(", "));
        return subject + "\n\n" + due.stream().map(Due::describe).collect(Collectors.joining("\n"))
                + "\n\nPlanned by release-channels:promote for " + UtcTime.at(plan.at()) + ".\n";
    }

    private static Repository open(Path file, String shown) throws IOException, PromoteRefusedException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment()
                .findGitDir(file.toAbsolutePath().getParent().toFile());
        if (builder.getGitDir() == null) {
            throw new PromoteRefusedException(shown + " is not in a git repository: promote counts each soak from "
                    + "the file's git history; run it in a clone of the repository that holds the file.");
        }
        Repository repository = builder.setMustExist(true).build();
        if (repository.isBare()) {
            repository.close();
            throw new PromoteRefusedException(shown + " is not in the work tree of a git repository: promote edits "
                    + "the file in a clone with a work tree.");
        }
        return repository;
    }

    private static String pathInWorkTree(Repository repository, Path file) throws IOException {
        Path workTree = repository.getWorkTree().toPath().toRealPath();
        return workTree.relativize(file.toAbsolutePath().toRealPath()).toString().replace('\\', '/');
    }

    /** Replaces the file in one step, so an interrupted run leaves the old file or the new one. */
    private static void write(Path file, byte[] content) throws IOException {
        Path real = file.toAbsolutePath().toRealPath();
        Path temporary = Files.createTempFile(real.getParent(), "." + real.getFileName(), ".promote");
        try {
            Files.write(temporary, content);
            if (Files.getFileStore(real).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(real));
            }
            Files.move(temporary, real, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static RevCommit commit(Repository repository, String path, String message) throws IOException {
        try (Git git = new Git(repository)) {
            git.add().addFilepattern(path).call();
            return git.commit().setOnly(path).setMessage(message).setSign(false).call();
        } catch (GitAPIException e) {
            throw new IOException("cannot commit " + path + ": " + e.getMessage(), e);
        }
    }
}
