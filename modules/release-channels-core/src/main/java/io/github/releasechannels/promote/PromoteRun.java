// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.failure.EnvironmentProblemException;
import io.github.releasechannels.gitauth.GitHttpsToken;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Version;
import io.github.releasechannels.promote.PromotionPlan.Due;
import io.github.releasechannels.source.ChannelsSource;
import io.github.releasechannels.url.Loopback;
import io.github.releasechannels.url.UrlParts;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

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
     * @param push          whether to push the commit to the branch of {@code origin} the current branch is named
     *                      after; a push another run got in first is followed by a fetch, a fast-forward and a new
     *                      plan on its result, so a promotion is never made twice
     * @param serving       whether each source is served in sync, or {@link SourceServing#NOT_CHECKED}
     * @param remoteToken   the token {@code origin} is fetched from and pushed to over HTTPS, by the git target's
     *                      rule; the git CLI's credentials ({@code http.extraheader}, helpers) are not read
     */
    public record Settings(
            Path baseDirectory,
            Path file,
            Instant at,
            boolean commit,
            boolean push,
            SourceServing serving,
            GitHttpsToken remoteToken) {

        /** Settings of a run that does not push. */
        public Settings(Path baseDirectory, Path file, Instant at, boolean commit, SourceServing serving) {
            this(baseDirectory, file, at, commit, false, serving, GitHttpsToken.NONE);
        }

        public Settings {
            Objects.requireNonNull(baseDirectory, "baseDirectory");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(serving, "serving");
            Objects.requireNonNull(remoteToken, "remoteToken");
        }
    }

    /**
     * What a run did.
     *
     * @param plan     every promoted channel's step
     * @param pipeline the stages as the history shows them, whatever the time: for the report
     * @param written  whether the file was edited
     * @param commit   the commit made, when one was asked and something was due
     */
    public record Outcome(PromotionPlan plan, Pipeline pipeline, boolean written, Optional<String> commit) {}

    private PromoteRun() {}

    /**
     * The instant of {@code releaseChannels.promote.at}: an RFC 3339 date and time with its offset, such as
     * {@code 2026-12-11T09:00:00Z}; a time without an offset is refused rather than guessed.
     */
    public static Instant parseInstant(String text) throws PromoteRefusedException {
        try {
            return OffsetDateTime.parse(text.trim().toUpperCase(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            throw new PromoteRefusedException("releaseChannels.promote.at is '" + text.trim() + "', not an RFC 3339 "
                    + "instant: write the date, the time and the offset, such as 2026-12-11T09:00:00Z");
        }
    }

    /**
     * Plans, logs the plan to {@code log}, and edits and commits what is due.
     *
     * @throws ChannelsFileException    when the file is not valid (nothing is planned)
     * @throws VersionEditException     when a due version cannot be edited in place (nothing is written)
     * @throws PromoteRefusedException  when the file is not in a git repository, or a commit is asked of a file with
     *                                  changes no commit holds
     * @throws IOException              when the file or the repository cannot be read or written; an
     *                                  {@link EnvironmentProblemException} naming what to set when {@code origin}
     *                                  refuses the credential
     */
    public static Outcome run(Settings settings, Consumer<String> log)
            throws IOException, ChannelsFileException, VersionEditException, PromoteRefusedException {
        if (!settings.push()) {
            return once(settings, log);
        }
        if (!settings.commit()) {
            throw new PromoteRefusedException("releaseChannels.promote.push pushes the promotion's commit: set "
                    + "releaseChannels.promote.commit=true as well.");
        }
        String shown = new ChannelsSource(settings.baseDirectory()).displayName(settings.file());
        try (Repository repository = open(settings.file(), shown);
                Git git = new Git(repository)) {
            String branch = repository.getFullBranch();
            if (branch == null || !branch.startsWith(Constants.R_HEADS)) {
                throw new PromoteRefusedException("HEAD is not on a branch, so there is no branch to push the "
                        + "promotion to: check out the branch to promote (such as 'git checkout -B main "
                        + "origin/main').");
            }
            String remoteRef = Constants.R_REMOTES + REMOTE + "/" + Repository.shortenRefName(branch);
            GitHttpsToken token = settings.remoteToken();
            String remote = remoteUrl(repository, token);
            log.accept("Pushing to " + REMOTE + " (" + remote + ") with " + token.describe() + ".");
            for (int attempt = 1; attempt <= PUSH_ATTEMPTS; attempt++) {
                fetch(git, branch, remoteRef, token, remote);
                catchUp(repository, git, remoteRef, shown);
                Outcome outcome = once(settings, log);
                if (outcome.commit().isEmpty()) {
                    return outcome;
                }
                Optional<String> rejected = push(git, branch, token, remote);
                if (rejected.isEmpty()) {
                    log.accept("Pushed " + outcome.commit().get() + " to " + REMOTE + " "
                            + Repository.shortenRefName(branch) + ".");
                    return outcome;
                }
                log.accept("The push was refused (" + token.redact(rejected.get())
                        + "): another run pushed first; fetching and planning again on its result.");
                undo(repository, git, outcome.commit().get(), pathInWorkTree(repository, settings.file()));
            }
            throw new IOException("the promotion could not be pushed in " + PUSH_ATTEMPTS + " attempts: "
                    + Repository.shortenRefName(branch) + " of " + REMOTE + " kept moving; run again later");
        } catch (GitAPIException e) {
            // The local steps (fast-forward, taking a commit back): no remote, so no secret, in their messages.
            throw new IOException(settings.remoteToken().redact(e.getMessage()), e);
        }
    }

    /** Where a promotion is pushed: the remote a CI checkout has. */
    private static final String REMOTE = "origin";
    /** Pushes refused because another run pushed first, before giving up. */
    private static final int PUSH_ATTEMPTS = 5;

    /**
     * The URL of {@code origin} as messages show it. One that carries credentials or a query is refused, as a target
     * URL is: the token comes from {@code remoteToken}'s sources only. Plain http is refused off this machine when a
     * token would travel over it.
     */
    private static String remoteUrl(Repository repository, GitHttpsToken token) throws PromoteRefusedException {
        String url = repository.getConfig().getString("remote", REMOTE, "url");
        if (url == null || url.isBlank()) {
            throw new PromoteRefusedException("the repository has no remote '" + REMOTE + "' to push the promotion to: "
                    + "run promote in a clone of the repository (git clone), or add it with 'git remote add "
                    + REMOTE + " URL'.");
        }
        Optional<UrlParts> parts = UrlParts.of(url.trim());
        if (parts.isEmpty()) {
            return url.trim();
        }
        String shown = parts.get().redacted();
        if ((parts.get().userInfo() != null && !parts.get().userInfoIsLoginName())
                || parts.get().query() != null) {
            throw new PromoteRefusedException("the URL of " + REMOTE + " (" + shown + ") carries credentials or a "
                    + "query; promote never takes a token from a URL, where it reaches logs and the CI's job page. Set "
                    + "the URL without them (git remote set-url " + REMOTE + " " + withoutSecrets(parts.get())
                    + "; on GitLab CI: git remote set-url " + REMOTE + " \"$CI_SERVER_URL/$CI_PROJECT_PATH.git\") and "
                    + "put " + GitHttpsToken.WHERE_IT_GOES + ".");
        }
        if (token.isPresent() && UrlParts.scheme(url).equals("http") && !Loopback.isLoopbackHost(host(url))) {
            throw new PromoteRefusedException("the URL of " + REMOTE + " (" + shown + ") is plain http, which would "
                    + "send the " + token.describe() + " unencrypted; set an https URL (git remote set-url " + REMOTE
                    + " https://...); plain http is accepted only for this machine.");
        }
        return shown;
    }

    private static String withoutSecrets(UrlParts parts) {
        return parts.prefix() + parts.rest() + parts.fragment();
    }

    private static String host(String url) {
        try {
            return Objects.requireNonNullElse(new URI(url.trim()).getHost(), "");
        } catch (URISyntaxException e) {
            return "";
        }
    }

    private static void fetch(Git git, String branch, String remoteRef, GitHttpsToken token, String remote)
            throws EnvironmentProblemException, IOException {
        FetchCommand fetch = git.fetch().setRemote(REMOTE).setRefSpecs(new RefSpec("+" + branch + ":" + remoteRef));
        token.credentialsProvider().ifPresent(fetch::setCredentialsProvider);
        try {
            fetch.call();
        } catch (GitAPIException e) {
            throw failure("fetch " + Repository.shortenRefName(branch) + " from", token, remote, e);
        }
    }

    /**
     * A failed fetch or push as promote reports it: the secrets masked (and the cause dropped if it carries one), and
     * a refused credential saying what to set.
     */
    private static IOException failure(String what, GitHttpsToken token, String remote, GitAPIException error) {
        String message = token.redact(error.getMessage());
        boolean leaks = false;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String text = String.valueOf(cause.getMessage());
            leaks |= !token.redact(text).equals(text);
        }
        Throwable cause = leaks ? null : error;
        if (GitHttpsToken.isRefusedCredential(message.toLowerCase(Locale.ROOT))) {
            return new EnvironmentProblemException(
                    "could not " + what + " " + REMOTE + " (" + remote + "): " + message + ". The server refused "
                            + token.describe() + "; put " + GitHttpsToken.WHERE_IT_GOES + ", one that may push to the "
                            + "branch (GitHub Actions: 'permissions: contents: write', or a fine-grained token with "
                            + "'Contents: Read and write'; GitLab: a project access token with write_repository)",
                    cause);
        }
        return new IOException("could not " + what + " " + REMOTE + " (" + remote + "): " + message, cause);
    }

    /** Fast-forwards the branch to what the remote has; refuses a branch that went its own way. */
    private static void catchUp(Repository repository, Git git, String remoteRef, String shown)
            throws IOException, GitAPIException, PromoteRefusedException {
        ObjectId remote = repository.resolve(remoteRef);
        ObjectId head = repository.resolve(Constants.HEAD);
        if (remote == null || remote.equals(head)) {
            return;
        }
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit remoteCommit = walk.parseCommit(remote);
            RevCommit headCommit = walk.parseCommit(head);
            if (walk.isMergedInto(remoteCommit, headCommit)) {
                return; // ahead: the push carries the local commits too
            }
            if (!walk.isMergedInto(headCommit, remoteCommit)) {
                throw new PromoteRefusedException("the branch has commits " + REMOTE + " does not have, and "
                        + REMOTE + " has commits it does not have: promote pushes only on top of what " + REMOTE
                        + " holds; start from a fresh checkout of the branch.");
            }
        }
        MergeResult merged = git.merge()
                .include(remote)
                .setFastForward(MergeCommand.FastForwardMode.FF_ONLY)
                .setCommit(true)
                .call();
        if (!merged.getMergeStatus().isSuccessful()) {
            throw new PromoteRefusedException("cannot fast-forward to " + REMOTE + " (" + merged.getMergeStatus()
                    + "): " + shown + " or another file has changes no commit holds; start from a clean checkout.");
        }
    }

    /** Empty when the push went through; otherwise why the remote refused it. */
    private static Optional<String> push(Git git, String branch, GitHttpsToken token, String remote)
            throws IOException {
        PushCommand push = git.push().setRemote(REMOTE).setRefSpecs(new RefSpec(Constants.HEAD + ":" + branch));
        token.credentialsProvider().ifPresent(push::setCredentialsProvider);
        Iterable<PushResult> results;
        try {
            results = push.call();
        } catch (GitAPIException e) {
            throw failure("push " + Repository.shortenRefName(branch) + " to", token, remote, e);
        }
        for (PushResult result : results) {
            for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                if (update.getStatus() != RemoteRefUpdate.Status.OK
                        && update.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                    return Optional.of(
                            update.getStatus() + (update.getMessage() == null ? "" : ": " + update.getMessage()));
                }
            }
        }
        return Optional.empty();
    }

    /** Takes back this run's own commit that was not pushed: the branch and the file are as before it. */
    private static void undo(Repository repository, Git git, String commit, String path)
            throws IOException, GitAPIException {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit own = walk.parseCommit(ObjectId.fromString(commit));
            git.reset()
                    .setMode(ResetCommand.ResetType.MIXED)
                    .setRef(own.getParent(0).name())
                    .call();
            git.checkout().addPath(path).call();
        }
    }

    private static Outcome once(Settings settings, Consumer<String> log)
            throws IOException, ChannelsFileException, VersionEditException, PromoteRefusedException {
        ChannelsSource.Content content = new ChannelsSource(settings.baseDirectory()).readWorkingTree(settings.file());
        String shown = content.source().file();
        if (settings.commit() && content.source().uncommittedChanges()) {
            throw new PromoteRefusedException(shown + " has changes that no commit holds; promote commits only its "
                    + "own edit of the versions: commit or discard those changes first, or run without "
                    + "releaseChannels.promote.commit to edit the file only.");
        }
        ChannelsConfig config = new ChannelsFileParser().parse(content.bytes(), shown);
        try (Repository repository = open(settings.file(), shown)) {
            String path = pathInWorkTree(repository, settings.file());
            ChannelHistory.Runs runs =
                    new ChannelHistory(repository, path).read(PromotionPlanner.sourcesToRead(config));
            PromotionPlan plan = PromotionRun.plan(config, runs, settings.at(), settings.serving());
            Pipeline pipeline = Pipeline.of(config, runs);
            log.accept("Promotions of " + shown + " at " + UtcTime.at(settings.at()) + ":");
            if (plan.steps().isEmpty()) {
                log.accept("  no channel declares 'promote:'");
            }
            plan.steps().forEach(step -> log.accept("  " + step.describe()));
            List<Due> due = plan.due();
            if (due.isEmpty()) {
                log.accept("Nothing is due: " + shown + " is left as it is.");
                return new Outcome(plan, pipeline, false, Optional.empty());
            }
            Map<String, Version> versions = new LinkedHashMap<>();
            due.forEach(promotion -> versions.put(promotion.channel(), promotion.to()));
            byte[] edited = VersionEditor.edit(content.bytes(), shown, versions);
            write(settings.file(), edited);
            log.accept("Edited " + shown + ": "
                    + due.stream()
                            .map(d -> d.channel() + " " + d.from() + " → " + d.to())
                            .collect(Collectors.joining(", "))
                    + ".");
            if (!settings.commit()) {
                return new Outcome(plan, pipeline, true, Optional.empty());
            }
            RevCommit commit = commit(repository, path, message(plan));
            log.accept("Committed " + commit.name() + ": " + commit.getShortMessage());
            return new Outcome(plan, pipeline, true, Optional.of(commit.name()));
        }
    }

    /**
     * The commit message: a subject naming the promotions, then one line per promotion with from, to, source,
     * since when and the soak, and the instant planned for.
     */
    static String message(PromotionPlan plan) {
        List<Due> due = plan.due();
        String subject = "Promote "
                + due.stream()
                        .map(d -> d.channel() + " to " + d.to() + " from " + d.source())
                        .collect(Collectors.joining(", "));
        return subject + "\n\n" + due.stream().map(Due::describe).collect(Collectors.joining("\n"))
                + "\n\nPlanned by release-channels:promote for " + UtcTime.at(plan.at()) + ".\n";
    }

    static Repository open(Path file, String shown) throws IOException, PromoteRefusedException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder()
                .readEnvironment()
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

    static String pathInWorkTree(Repository repository, Path file) throws IOException {
        Path workTree = repository.getWorkTree().toPath().toRealPath();
        return workTree.relativize(file.toAbsolutePath().toRealPath())
                .toString()
                .replace('\\', '/');
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
