// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.source;

import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.Rollback;
import io.github.releasechannels.model.Source;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * What {@link ChannelsSource} reads with JGit: the file at a git ref, and HEAD's commit in the repository layouts
 * {@link GitHeadReader} does not read. The only class of the package that names JGit, so that JGit is loaded only
 * when one of these runs.
 */
final class JGitSource implements AutoCloseable {

    /** Where a path relative to the work tree is computed, so containment stays {@link ChannelsSource}'s rule. */
    interface PathInWorkTree {
        String apply(Path workTree) throws IOException;
    }

    private final Repository repository;

    private JGitSource(Repository repository) {
        this.repository = repository;
    }

    /** The non-bare repository holding {@code file}, as JGit finds it (the git environment variables included). */
    static JGitSource open(Path file) throws IOException {
        return new JGitSource(openRepository(file));
    }

    /** The work tree; empty when the file is in no repository. */
    Optional<Path> workTree() {
        return repository == null
                ? Optional.empty()
                : Optional.of(repository.getWorkTree().toPath());
    }

    /** The source of {@code bytes} read from the work tree at {@code path}: HEAD's commit, untracked if unborn. */
    Source headSource(String shown, String path, byte[] bytes) throws IOException {
        ObjectId head = repository.resolve(Constants.HEAD + "^{commit}");
        if (head == null) {
            return Source.untracked(shown);
        }
        RevCommit commit = parseCommit(repository, head);
        Optional<byte[]> committed = readBlob(repository, commit, path);
        boolean changed = committed.map(blob -> !Arrays.equals(blob, bytes)).orElse(true);
        return source(shown, commit, changed, Optional.empty());
    }

    /** What git's status says of {@code path} (relative to the work tree): untracked, staged, modified. */
    Optional<String> workingTreeChange(String path) throws IOException {
        Status status;
        try {
            status = Git.wrap(repository).status().addPath(path).call();
        } catch (GitAPIException e) {
            throw new IOException("cannot read the git status of " + path + ": " + e.getMessage(), e);
        }
        List<String> changes = new ArrayList<>();
        if (status.getUntracked().contains(path)) {
            changes.add("untracked, never committed");
        }
        if (status.getAdded().contains(path)) {
            changes.add("added to the index, never committed");
        }
        if (status.getChanged().contains(path)) {
            changes.add("staged, not committed");
        }
        if (status.getModified().contains(path)) {
            changes.add("modified");
        }
        return changes.isEmpty() ? Optional.empty() : Optional.of(path + ": " + String.join(", ", changes));
    }

    @Override
    public void close() {
        if (repository != null) {
            repository.close();
        }
    }

    static ChannelsSource.Content readAtRef(Path absolute, String shown, String ref, PathInWorkTree pathInWorkTree)
            throws IOException, ChannelsFileException {
        try (Repository repository = openRepository(absolute)) {
            if (repository == null) {
                throw ChannelsSource.problem(
                        shown,
                        "releaseChannels.ref is '" + ref + "' but the file is not in a " + "git repository",
                        "run in a git clone, or leave releaseChannels.ref unset to read the file from disk");
            }
            ObjectId commitId;
            try {
                commitId = repository.resolve(ref + "^{commit}");
            } catch (RevisionSyntaxException e) {
                commitId = null;
            }
            if (commitId == null) {
                throw ChannelsSource.problem(
                        shown,
                        "the git ref '" + ref + "' does not exist in " + repository.getWorkTree(),
                        "check the name with 'git rev-parse " + ref + "' (run 'git fetch' for remote branches)");
            }
            RevCommit commit = parseCommit(repository, commitId);
            String path = pathInWorkTree.apply(repository.getWorkTree().toPath());
            Optional<byte[]> bytes = readBlob(repository, commit, path);
            if (bytes.isEmpty()) {
                throw ChannelsSource.problem(
                        shown,
                        "'" + path + "' is not in commit " + commit.name() + " (ref '" + ref + "')",
                        "commit the file on that ref, or choose another releaseChannels.ref");
            }
            // The one place a rollback is decided: the ref's commit is not what the work tree has checked out.
            ObjectId head = repository.resolve(Constants.HEAD + "^{commit}");
            Optional<Rollback> rollback = head == null || head.equals(commit)
                    ? Optional.empty()
                    : Optional.of(new Rollback(ref, head.name(), commit.name()));
            return new ChannelsSource.Content(bytes.get(), source(shown, commit, false, rollback));
        }
    }

    private static Source source(
            String shown, RevCommit commit, boolean uncommittedChanges, Optional<Rollback> rollback) {
        return new Source(
                shown,
                Optional.of(commit.name()),
                Optional.of(commit.getCommitterIdent().getWhenAsInstant()),
                uncommittedChanges,
                rollback);
    }

    private static RevCommit parseCommit(Repository repository, ObjectId commitId) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(commitId);
        }
    }

    private static Repository openRepository(Path file) throws IOException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder()
                .readEnvironment()
                .findGitDir(file.getParent().toFile());
        if (builder.getGitDir() == null) {
            return null;
        }
        Repository repository = builder.setMustExist(true).build();
        if (repository.isBare()) {
            repository.close();
            return null;
        }
        return repository;
    }

    private static Optional<byte[]> readBlob(Repository repository, RevCommit commit, String path) throws IOException {
        try (TreeWalk tree = TreeWalk.forPath(repository, path, commit.getTree())) {
            if (tree == null || (tree.getRawMode(0) & 0170000) != 0100000) {
                return Optional.empty();
            }
            ObjectLoader blob = repository.open(tree.getObjectId(0));
            // One byte over the parser's limit is enough for it to report the size.
            return Optional.of(
                    blob.getSize() > ChannelsFileParser.MAX_FILE_BYTES
                            ? new byte[ChannelsFileParser.MAX_FILE_BYTES + 1]
                            : blob.getBytes());
        }
    }
}
