// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import io.github.releasechannels.publish.FileStore;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.NetworkTimeout;
import io.github.releasechannels.publish.PlannedChange;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.publish.PublishPlan;
import io.github.releasechannels.publish.PublishTarget;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.StoredFile;
import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.TargetState;
import io.github.releasechannels.publish.VersionedContent;
import io.github.releasechannels.publish.WriteFence;
import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.util.FileUtils;

/**
 * A branch of a git repository, e.g. GitHub Pages' {@code gh-pages}, as a {@link PublishTarget}. Each session
 * fetches only the branch tip (depth 1) into a fresh bare repository; its steps build the new tree in memory from
 * the tip's tree, and its finish commits once and pushes without force. A push rejected because someone else pushed
 * meanwhile is a conflict: nothing became visible, and {@link io.github.releasechannels.publish.PublishPipeline}
 * plans again on the new tip. Only the files the site owns change; {@code CNAME}, {@code .nojekyll} and other files
 * stay. A commit replaces every file at once, so no lock is needed and the planner's order matters only for the
 * listing.
 */
public final class GitBranchTarget implements PublishTarget {

    static final String AUTHOR_NAME = "release-channels-maven-plugin";
    static final String AUTHOR_EMAIL = "release-channels@localhost";

    /** Runs between the commit and its push; tests use it to publish concurrently. */
    @FunctionalInterface
    interface BeforePush {
        void run(int attempt) throws IOException;
    }

    private final GitTarget target;
    private final GitAuth auth;
    private final Path workRepository;
    private final NetworkTimeout timeout;
    private final Retry retry;
    private final GitFailures failures;
    private BeforePush beforePush = attempt -> {};
    private int pushes;

    GitBranchTarget(GitTarget target, GitAuth auth, Path workRepository, NetworkTimeout timeout, Retry retry) {
        this.target = target;
        this.auth = auth;
        this.workRepository = workRepository;
        this.timeout = timeout;
        this.retry = retry;
        this.failures = new GitFailures(target, auth, timeout);
    }

    void beforePush(BeforePush hook) {
        this.beforePush = hook;
    }

    @Override
    public String describe() {
        return target.describe() + " with " + auth.describe();
    }

    @Override
    public Optional<FileStore> lockFiles() {
        return Optional.empty();
    }

    /** Nothing a session writes is visible before its push, which is itself the compare-and-swap: no fence. */
    @Override
    public Session open(PublishLog log, WriteFence fence) throws IOException {
        return new BranchSession(log);
    }

    /** One fetch of the tip, the plan's edits of its tree, one commit and one push. */
    private final class BranchSession implements Session {

        private final PublishLog log;
        private final Repository repository;
        private final ObjectReader reader;
        private final ObjectInserter inserter;
        private final RevWalk walk;
        private final List<PlannedChange> edits = new ArrayList<>();
        private Optional<RevCommit> tip = Optional.empty();
        private Site site;
        private PublishPlan plan;
        private Optional<Manifest> previous = Optional.empty();

        BranchSession(PublishLog log) throws IOException {
            this.log = log;
            this.repository = freshRepository();
            this.reader = repository.newObjectReader();
            this.inserter = repository.newObjectInserter();
            this.walk = new RevWalk(reader);
        }

        @Override
        public TargetState snapshot(Site site, HeaderPolicy policy) throws IOException {
            Optional<ObjectId> fetched = retry.run(
                    "fetch branch " + target.branch() + " of " + target.remote(), log, () -> fetchTip(repository));
            tip = fetched.isPresent() ? Optional.of(walk.parseCommit(fetched.get())) : Optional.empty();
            if (tip.isEmpty()) {
                log.info("Branch " + target.branch() + " does not exist on " + target.remote()
                        + " yet: it is created without history.");
            }
            TargetState state = TargetState.read(site, new BranchTree(target, reader, tip), retry, log, policy);
            previous = state.manifest();
            return state;
        }

        @Override
        public void nothingChanged() {
            log.info("Nothing changed on branch " + target.branch() + ": no commit, no push.");
        }

        @Override
        public String conflict() {
            return "Another publish pushed to branch " + target.branch() + " of " + target.remote();
        }

        @Override
        public Capabilities capabilities() {
            return Capabilities.ATOMIC_COMMIT;
        }

        @Override
        public void prepare(Site site, PublishPlan plan, Set<String> paths) {
            this.site = site;
            this.plan = plan;
        }

        @Override
        public void write(PlannedChange step, Optional<StoredFile> before) {
            edits.add(step);
        }

        @Override
        public boolean finish(Optional<PlannedChange> manifest, Optional<String> expected) throws IOException {
            manifest.ifPresent(edits::add);
            ObjectId commit = new BranchTree(target, reader, tip)
                    .commit(inserter, edits, PublishCommitMessage.of(site, previous, plan));
            beforePush.run(++pushes);
            boolean pushed = retry.run(
                    "push branch " + target.branch() + " to " + target.remote(), log, () -> push(repository, commit));
            if (pushed) {
                log.info("Pushed commit " + commit.abbreviate(7).name() + " to branch " + target.branch() + " of "
                        + target.remote());
            }
            return pushed;
        }

        @Override
        public Optional<VersionedContent> readManifest() throws IOException {
            return new BranchTree(target, reader, tip).readVersioned(SiteLayout.MANIFEST_FILE);
        }

        @Override
        public void close() {
            walk.close();
            inserter.close();
            reader.close();
            repository.close();
        }
    }

    /**
     * An empty bare repository for this attempt: nothing from an earlier, possibly interrupted, attempt can leak
     * in, and no remote (so no URL) is stored in its configuration.
     */
    private Repository freshRepository() throws IOException {
        FileUtils.delete(workRepository.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING | FileUtils.RETRY);
        Repository repository = new FileRepositoryBuilder()
                .setGitDir(workRepository.toFile())
                .setBare()
                .build();
        repository.create(true);
        StoredConfig config = repository.getConfig();
        // A user's ~/.gitconfig must not turn certificate checks off for the publish.
        config.setBoolean("http", null, "sslVerify", true);
        config.save();
        return repository;
    }

    /** Fetches only the branch tip; empty when the branch does not exist. */
    private Optional<ObjectId> fetchTip(Repository repository) throws IOException {
        String branchRef = Constants.R_HEADS + target.branch();
        String trackingRef = Constants.R_REMOTES + "origin/" + target.branch();
        try (Transport transport = open(repository)) {
            Ref advertised;
            try (FetchConnection connection = transport.openFetch()) {
                advertised = connection.getRef(branchRef);
            }
            if (advertised == null) {
                return Optional.empty();
            }
            transport.setDepth(1);
            transport.setTagOpt(TagOpt.NO_TAGS);
            transport.fetch(NullProgressMonitor.INSTANCE, List.of(new RefSpec("+" + branchRef + ":" + trackingRef)));
            return Optional.ofNullable(repository.resolve(trackingRef));
        } catch (IOException e) {
            throw failures.failure("fetch branch " + target.branch(), false, e);
        }
    }

    /** Pushes without force; false when rejected because the branch moved since the fetch. */
    private boolean push(Repository repository, ObjectId commit) throws IOException {
        String branchRef = Constants.R_HEADS + target.branch();
        RemoteRefUpdate.Status status;
        String message;
        try (Transport transport = open(repository)) {
            RemoteRefUpdate update =
                    new RemoteRefUpdate(repository, commit.name(), commit, branchRef, false, null, null);
            PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
            RemoteRefUpdate reported = result.getRemoteUpdate(branchRef);
            status = reported == null ? RemoteRefUpdate.Status.NOT_ATTEMPTED : reported.getStatus();
            message = reported == null ? null : reported.getMessage();
        } catch (IOException e) {
            throw failures.failure("push branch " + target.branch(), true, e);
        }
        String reason = message == null ? "" : " (" + auth.redact(message) + ")";
        return switch (status) {
            case OK, UP_TO_DATE -> true;
            case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> false;
            // A lock failure means another push updated the branch during ours.
            case REJECTED_OTHER_REASON -> {
                if (message != null && message.toLowerCase(Locale.ROOT).contains("lock")) {
                    yield false;
                }
                throw new TargetException(target.remote() + " refused the push to branch " + target.branch() + reason
                        + "; check branch protection rules and that " + auth.describe() + " may push to it");
            }
            default ->
                throw new IOException("the push to branch " + target.branch() + " of " + target.remote()
                        + " ended with status " + status + reason);
        };
    }

    private Transport open(Repository repository) throws IOException {
        Transport transport = Transport.open(repository, target.remote());
        // JGit bounds each connect and each read with it (over HTTP its connection and read timeouts follow it),
        // not a whole fetch or push: a large tree streams on as long as bytes keep coming. So the one timeout of
        // every other target fits here too, where 120 s used to be hard-coded.
        transport.setTimeout(timeout.seconds());
        auth.configure(transport);
        return transport;
    }

    @Override
    public void close() {
        auth.close();
    }
}
