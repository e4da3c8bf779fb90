// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import io.github.releasechannels.publish.PlannedChange;
import io.github.releasechannels.publish.StoredFile;
import io.github.releasechannels.publish.TargetFiles;
import io.github.releasechannels.publish.TargetReadLimit;
import io.github.releasechannels.site.SiteFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The tree of a branch tip (none for a branch not created yet), in the publish's directory of it: the files a publish
 * reads, and the commit of its steps on top of it. Only regular files count; a link, a folder or a submodule at a
 * site's path is as good as absent.
 */
final class BranchTree implements TargetFiles {

    private final GitTarget target;
    private final ObjectReader reader;
    private final Optional<RevCommit> tip;

    BranchTree(GitTarget target, ObjectReader reader, Optional<RevCommit> tip) {
        this.target = target;
        this.reader = reader;
        this.tip = tip;
    }

    @Override
    public String describe() {
        return "branch " + target.branch() + " of " + target.describe();
    }

    @Override
    public Optional<byte[]> read(String path) throws IOException {
        return readFile(path);
    }

    /**
     * The tip's files among {@code paths} with the SHA-256 of their content, from one walk of the tree that
     * enters only the folders a wanted path lies in: linear in the site, where a lookup per path from the root
     * is quadratic in the number of channels.
     */
    @Override
    public Map<String, StoredFile> stat(Collection<String> paths) throws IOException {
        Map<String, StoredFile> existing = new TreeMap<>();
        if (tip.isEmpty() || paths.isEmpty()) {
            return existing;
        }
        Set<String> wanted = new HashSet<>();
        Set<String> folders = new HashSet<>();
        for (String path : paths) {
            String inTree = target.directory() + path;
            wanted.add(inTree);
            for (int slash = inTree.indexOf('/'); slash > 0; slash = inTree.indexOf('/', slash + 1)) {
                folders.add(inTree.substring(0, slash));
            }
        }
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(tip.get().getTree());
            while (walk.next()) {
                String inTree = walk.getPathString();
                if (walk.isSubtree()) {
                    if (folders.contains(inTree)) {
                        walk.enterSubtree();
                    }
                } else if (wanted.contains(inTree) && isRegularFile(walk)) {
                    String path = inTree.substring(target.directory().length());
                    existing.put(
                            path,
                            new StoredFile(path, Optional.of(SiteFile.sha256(blob(walk, inTree))), Optional.empty()));
                }
            }
        }
        return existing;
    }

    /**
     * A regular file's content in the tip's tree; empty when absent, a folder, a link or a submodule. A blob larger
     * than any file of a site is refused by its size, before it is loaded.
     */
    private Optional<byte[]> readFile(String path) throws IOException {
        if (tip.isEmpty()) {
            return Optional.empty();
        }
        String inTree = target.directory() + path;
        try (TreeWalk walk = TreeWalk.forPath(reader, inTree, tip.get().getTree())) {
            if (walk == null || !isRegularFile(walk)) {
                return Optional.empty();
            }
            return Optional.of(blob(walk, inTree));
        }
    }

    private static boolean isRegularFile(TreeWalk walk) {
        return (walk.getRawMode(0) & FileMode.TYPE_MASK) == FileMode.TYPE_FILE;
    }

    private byte[] blob(TreeWalk walk, String inTree) throws IOException {
        ObjectLoader blob = walk.getObjectReader().open(walk.getObjectId(0), Constants.OBJ_BLOB);
        TargetReadLimit.checkSize(blob.getSize(), inTree, target.describe());
        return blob.getBytes();
    }

    /** The tip's tree with the steps' writes and deletes applied, committed on top of the tip. */
    ObjectId commit(ObjectInserter inserter, List<PlannedChange> steps, String message) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        if (tip.isPresent()) {
            builder.addTree(
                    new byte[0], DirCacheEntry.STAGE_0, reader, tip.get().getTree());
        }
        builder.finish();
        DirCacheEditor editor = index.editor();
        for (PlannedChange step : steps) {
            String path = target.directory() + step.path();
            switch (step.action()) {
                case ADD, UPDATE -> {
                    ObjectId blob = inserter.insert(
                            Constants.OBJ_BLOB, step.file().orElseThrow().content());
                    editor.add(new DirCacheEditor.PathEdit(path) {
                        @Override
                        public void apply(DirCacheEntry entry) {
                            entry.setFileMode(FileMode.REGULAR_FILE);
                            entry.setObjectId(blob);
                        }
                    });
                }
                case DELETE -> editor.add(new DirCacheEditor.DeletePath(path));
                case UPDATE_HEADERS, UNCHANGED -> {}
            }
        }
        editor.finish();
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(index.writeTree(inserter));
        tip.ifPresent(commit::setParentId);
        PersonIdent identity = new PersonIdent(GitBranchTarget.AUTHOR_NAME, GitBranchTarget.AUTHOR_EMAIL);
        commit.setAuthor(identity);
        commit.setCommitter(identity);
        commit.setEncoding(StandardCharsets.UTF_8);
        commit.setMessage(message);
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        return id;
    }
}
