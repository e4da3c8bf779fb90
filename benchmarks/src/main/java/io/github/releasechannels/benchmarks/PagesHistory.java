// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A bare repository whose {@code gh-pages} branch has a long history, written object by object (no checkouts):
 * each older commit changes one channel's version, and the tip holds exactly the given site.
 */
final class PagesHistory {

    static final String BRANCH = "gh-pages";

    private PagesHistory() {}

    /** Creates the repository, packs it as a served repository would be, and returns the branch tip. */
    static ObjectId create(Path directory, Site site, int commits) throws IOException {
        try (Repository repository = new FileRepositoryBuilder()
                .setGitDir(directory.toFile())
                .setBare()
                .build()) {
            repository.create(true);
            ObjectId tip;
            try (ObjectInserter inserter = repository.newObjectInserter()) {
                Map<String, ObjectId> subtrees = new TreeMap<>();
                Map<String, ObjectId> rootFiles = new TreeMap<>();
                Map<String, Map<String, ObjectId>> channelFiles = new TreeMap<>();
                for (SiteFile file : site.files()) {
                    ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.content());
                    int slash = file.path().indexOf('/');
                    if (slash < 0) {
                        rootFiles.put(file.path(), blob);
                    } else if (file.path().indexOf('/', slash + 1) < 0) {
                        channelFiles
                                .computeIfAbsent(file.path().substring(0, slash), name -> new TreeMap<>())
                                .put(file.path().substring(slash + 1), blob);
                    } else {
                        throw new IllegalArgumentException("nested channel names are not supported: " + file.path());
                    }
                }
                for (Map.Entry<String, Map<String, ObjectId>> channel : channelFiles.entrySet()) {
                    subtrees.put(channel.getKey(), tree(inserter, channel.getValue()));
                }
                String[] channels = subtrees.keySet().toArray(String[]::new);
                ObjectId parent = null;
                for (int i = 1; i < commits; i++) {
                    // Older commits: the site with one channel at another version.
                    String channel = channels[i % channels.length];
                    Map<String, ObjectId> changed = new TreeMap<>(channelFiles.get(channel));
                    changed.put(
                            "version",
                            inserter.insert(Constants.OBJ_BLOB, ("0.0." + i).getBytes(StandardCharsets.UTF_8)));
                    Map<String, ObjectId> trees = new TreeMap<>(subtrees);
                    trees.put(channel, tree(inserter, changed));
                    parent = commit(inserter, root(inserter, rootFiles, trees), parent, i);
                }
                tip = commit(inserter, root(inserter, rootFiles, subtrees), parent, commits);
                inserter.flush();
            }
            RefUpdate update = repository.updateRef(Constants.R_HEADS + BRANCH);
            update.setNewObjectId(tip);
            update.setForceUpdate(true);
            update.update();
            repository.updateRef(Constants.HEAD).link(Constants.R_HEADS + BRANCH);
            try {
                Git.wrap(repository).gc().call();
            } catch (GitAPIException e) {
                throw new IOException("could not pack " + directory, e);
            }
            return tip;
        }
    }

    /** Puts the branch back to {@code tip}, so every publish starts from the same history. */
    static void reset(Path directory, ObjectId tip) throws IOException {
        try (Repository repository = open(directory)) {
            RefUpdate update = repository.updateRef(Constants.R_HEADS + BRANCH);
            update.setNewObjectId(tip);
            update.setForceUpdate(true);
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.FORCED && result != RefUpdate.Result.NO_CHANGE) {
                throw new IOException("could not reset " + BRANCH + " of " + directory + ": " + result);
            }
        }
    }

    /** The branch tip's parent is {@code previousTip} and {@code path} holds {@code expected}. */
    static void checkPublished(Path directory, ObjectId previousTip, String path, String expected) throws IOException {
        try (Repository repository = open(directory);
                RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(repository.resolve(Constants.R_HEADS + BRANCH));
            if (commit.getParentCount() != 1 || !commit.getParent(0).equals(previousTip)) {
                throw new IllegalStateException("the publish did not add one commit on top of the history");
            }
            try (TreeWalk treeWalk = TreeWalk.forPath(repository, path, commit.getTree())) {
                String actual = treeWalk == null
                        ? "<missing>"
                        : new String(repository.open(treeWalk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
                if (!actual.equals(expected)) {
                    throw new IllegalStateException(path + " holds '" + actual + "', expected '" + expected + "'");
                }
            }
        }
    }

    private static Repository open(Path directory) throws IOException {
        return new FileRepositoryBuilder()
                .setGitDir(directory.toFile())
                .setBare()
                .setMustExist(true)
                .build();
    }

    private static ObjectId tree(ObjectInserter inserter, Map<String, ObjectId> files) throws IOException {
        TreeFormatter tree = new TreeFormatter();
        files.forEach((name, blob) -> tree.append(name, FileMode.REGULAR_FILE, blob));
        return inserter.insert(tree);
    }

    /** Git orders a tree's entries by name, a folder's name as if it ended in '/'. */
    private static ObjectId root(ObjectInserter inserter, Map<String, ObjectId> files, Map<String, ObjectId> trees)
            throws IOException {
        Map<String, TreeEntry> entries = new TreeMap<>();
        files.forEach((name, id) -> entries.put(name, new TreeEntry(name, FileMode.REGULAR_FILE, id)));
        trees.forEach((name, id) -> entries.put(name + "/", new TreeEntry(name, FileMode.TREE, id)));
        TreeFormatter tree = new TreeFormatter();
        entries.values().forEach(entry -> tree.append(entry.name(), entry.mode(), entry.id()));
        return inserter.insert(tree);
    }

    private record TreeEntry(String name, FileMode mode, ObjectId id) {}

    private static ObjectId commit(ObjectInserter inserter, ObjectId tree, ObjectId parent, int number)
            throws IOException {
        PersonIdent author = new PersonIdent(
                "history", "history@localhost", Instant.ofEpochSecond(1_700_000_000L + number * 60L), ZoneOffset.UTC);
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        if (parent != null) {
            commit.setParentId(parent);
        }
        commit.setAuthor(author);
        commit.setCommitter(author);
        commit.setMessage("Publish " + number + "\n");
        return inserter.insert(commit);
    }
}
