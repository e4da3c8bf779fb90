// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.PublishGuard;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.PublishRequest;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.TargetOptions;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Sites, settings and a look into the remote repository for the git publisher tests. */
final class GitTestSupport {

    static final String FAKE_COMMIT = "abc1234def5678abc1234def5678abc1234def56";

    static final String TWO_CHANNELS = """
            channels:
              current:
                version: 14.2.1
              stable/v14:
                version: 14.3.0
                critical: true
            """;

    private GitTestSupport() {}

    static Site site(String yaml) {
        return site(yaml, FAKE_COMMIT);
    }

    static Site site(String yaml, String commit) {
        try {
            return new SiteRenderer()
                    .render(
                            new ChannelsFileParser().parse(yaml.getBytes(StandardCharsets.UTF_8), "channels.yaml"),
                            new Source("channels.yaml", Optional.of(commit), Optional.empty(), false));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Repository bareRepository(Path dir) throws IOException {
        Repository repository =
                new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
        repository.create(true);
        return repository;
    }

    static TargetSettings settings(
            Path work, Map<String, String> options, Map<String, String> environment, Optional<Credentials> credentials)
            throws InvalidTargetException {
        return new TargetSettings(
                credentials,
                TargetOptions.parse(options),
                environment,
                work,
                new Retry(2, Duration.ZERO, Duration.ZERO, duration -> {}));
    }

    static PublishPipeline publisher(String target, TargetSettings settings) throws Exception {
        return new GitPublisherFactory().create(target, settings, duration -> {});
    }

    /** Runs {@code hook} between the commit and the push of {@code publisher}'s git target. */
    static void beforePush(PublishPipeline publisher, GitBranchTarget.BeforePush hook) {
        ((GitBranchTarget) publisher.target()).beforePush(hook);
    }

    static PublishRequest request(PublishLog log) {
        return new PublishRequest(false, HeaderPolicy.defaults(), PublishGuard.NONE, log);
    }

    static PublishRequest dryRun(PublishLog log) {
        return new PublishRequest(true, HeaderPolicy.defaults(), PublishGuard.NONE, log);
    }

    static Optional<RevCommit> tip(Repository repository, String branch) throws IOException {
        ObjectId id = repository.resolve(Constants.R_HEADS + branch);
        if (id == null) {
            return Optional.empty();
        }
        try (RevWalk walk = new RevWalk(repository)) {
            return Optional.of(walk.parseCommit(id));
        }
    }

    /** Every file of the branch tip, by path, as text. */
    static Map<String, String> files(Repository repository, String branch) throws IOException {
        Map<String, String> files = new TreeMap<>();
        RevCommit tip = tip(repository, branch).orElseThrow(() -> new AssertionError("no branch " + branch));
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(tip.getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                files.put(
                        walk.getPathString(),
                        new String(repository.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /** The paths the tip commit changed against its parent. */
    static List<String> changedPaths(Repository repository, String branch) throws IOException {
        RevCommit tip = tip(repository, branch).orElseThrow();
        try (RevWalk walk = new RevWalk(repository);
                TreeWalk trees = new TreeWalk(repository)) {
            RevCommit parent = walk.parseCommit(tip.getParent(0));
            trees.addTree(parent.getTree());
            trees.addTree(tip.getTree());
            trees.setRecursive(true);
            List<String> paths = new ArrayList<>();
            for (DiffEntry entry : DiffEntry.scan(trees)) {
                paths.add(
                        entry.getChangeType() == DiffEntry.ChangeType.DELETE ? entry.getOldPath() : entry.getNewPath());
            }
            Collections.sort(paths);
            return paths;
        }
    }

    static int commitCount(Repository repository, String branch) throws IOException {
        Optional<RevCommit> tip = tip(repository, branch);
        if (tip.isEmpty()) {
            return 0;
        }
        int count = 0;
        try (RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(tip.get()));
            while (walk.next() != null) {
                count++;
            }
        }
        return count;
    }

    /**
     * Commits {@code files} (path to content, or to {@code null} to delete it) onto the branch as someone else would,
     * like a concurrent publish.
     */
    static ObjectId commitOnBranch(Repository repository, String branch, Map<String, String> files, String message)
            throws IOException {
        Optional<RevCommit> parent = tip(repository, branch);
        try (ObjectInserter inserter = repository.newObjectInserter();
                ObjectReader reader = repository.newObjectReader()) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            if (parent.isPresent()) {
                builder.addTree(
                        new byte[0], DirCacheEntry.STAGE_0, reader, parent.get().getTree());
            }
            builder.finish();
            DirCacheEditor editor = index.editor();
            for (Map.Entry<String, String> file : files.entrySet()) {
                if (file.getValue() == null) {
                    editor.add(new DirCacheEditor.DeletePath(file.getKey()));
                    continue;
                }
                ObjectId blob =
                        inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(StandardCharsets.UTF_8));
                editor.add(new DirCacheEditor.PathEdit(file.getKey()) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        entry.setFileMode(FileMode.REGULAR_FILE);
                        entry.setObjectId(blob);
                    }
                });
            }
            editor.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            parent.ifPresent(commit::setParentId);
            PersonIdent someone = new PersonIdent("Someone Else", "someone@example.com");
            commit.setAuthor(someone);
            commit.setCommitter(someone);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
            update.setNewObjectId(id);
            update.setExpectedOldObjectId(parent.map(RevCommit::getId).orElse(ObjectId.zeroId()));
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
                throw new IOException("could not commit on " + branch + ": " + result);
            }
            return id;
        }
    }
}
