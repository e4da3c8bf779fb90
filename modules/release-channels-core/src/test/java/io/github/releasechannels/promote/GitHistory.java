// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * A real git repository built commit by commit with the times set, as a branch's history looks after merge commits,
 * squash merges, fast-forwards and reverts: each commit's tree, parents and committer time are given.
 */
final class GitHistory implements AutoCloseable {

    static final String FILE = "channels.yaml";
    /** A value of {@link #commit(Instant, Map, ObjectId...)}'s files that makes the path a symbolic link. */
    static final String SYMLINK = "\0symlink";

    private final Git git;

    private GitHistory(Git git) {
        this.git = git;
    }

    static GitHistory init(Path directory) throws GitAPIException {
        return new GitHistory(Git.init()
                .setDirectory(directory.toFile())
                .setInitialBranch("main")
                .call());
    }

    Repository repository() {
        return git.getRepository();
    }

    /** A commit whose channels file is {@code channels}, or that has none when it is null. */
    ObjectId commit(Instant time, String channels, ObjectId... parents) throws IOException {
        Map<String, String> files = new TreeMap<>();
        files.put("README.md", "a repository of release channels\n");
        if (channels != null) {
            files.put(FILE, channels);
        }
        return commit(time, files, parents);
    }

    /** A commit of exactly {@code files} (path to content), committed and authored at {@code time}. */
    ObjectId commit(Instant time, Map<String, String> files, ObjectId... parents) throws IOException {
        try (ObjectInserter inserter = repository().newObjectInserter()) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            for (Map.Entry<String, String> file : files.entrySet()) {
                DirCacheEntry entry = new DirCacheEntry(file.getKey());
                boolean link = file.getValue().equals(SYMLINK);
                entry.setFileMode(link ? FileMode.SYMLINK : FileMode.REGULAR_FILE);
                entry.setObjectId(inserter.insert(
                        Constants.OBJ_BLOB,
                        (link ? "../elsewhere.yaml" : file.getValue()).getBytes(StandardCharsets.UTF_8)));
                builder.add(entry);
            }
            builder.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            commit.setParentIds(parents);
            PersonIdent ident = new PersonIdent("Release Engineer", "release@example.invalid", time, ZoneOffset.UTC);
            commit.setAuthor(ident);
            commit.setCommitter(ident);
            commit.setMessage("commit at " + time + "\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    /** Points {@code main}, and so {@code HEAD}, at {@code commit}. */
    GitHistory head(ObjectId commit) throws IOException {
        RefUpdate update = repository().updateRef("refs/heads/main");
        update.setNewObjectId(commit);
        update.setForceUpdate(true);
        RefUpdate.Result result = update.update();
        if (result != RefUpdate.Result.NEW
                && result != RefUpdate.Result.FORCED
                && result != RefUpdate.Result.NO_CHANGE
                && result != RefUpdate.Result.FAST_FORWARD) {
            throw new IOException("cannot move main: " + result);
        }
        return this;
    }

    /** Makes the work tree and the index HEAD's, as a clone of the branch has them. */
    GitHistory checkout() throws GitAPIException {
        git.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).call();
        return this;
    }

    /** {@code channels:} with each name and version of {@code namesAndVersions}, in block style. */
    static String channels(String... namesAndVersions) {
        StringBuilder yaml = new StringBuilder("channels:\n");
        for (int i = 0; i < namesAndVersions.length; i += 2) {
            yaml.append("  ")
                    .append(namesAndVersions[i])
                    .append(":\n    version: ")
                    .append(namesAndVersions[i + 1])
                    .append('\n');
        }
        return yaml.toString();
    }

    @Override
    public void close() {
        git.close();
    }
}
