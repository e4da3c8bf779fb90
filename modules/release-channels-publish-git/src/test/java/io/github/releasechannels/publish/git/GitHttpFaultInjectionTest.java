// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.publish.NetworkTimeout;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.PublishReport;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.TargetOptions;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.testing.ChannelPoller;
import io.github.releasechannels.testing.FaultProxy;
import io.github.releasechannels.testing.FaultProxy.Action;
import io.github.releasechannels.testing.FaultScenario;
import io.github.releasechannels.testing.RealServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishes site B over site A to a real smart-HTTP git server through a {@link FaultProxy} that breaks the N-th
 * HTTP request, for every N a clean publish makes (stalls: a spread of N), while a poller reads the branch tip in the server's repository
 * (what GitHub Pages would serve). A push replaces the whole tree at once, so what matters is: the branch is always
 * A's commit or one commit on top of it (never a corrupt ref, a second commit or a force push), a failed publish
 * leaves it at A, and a clean publish afterwards converges to exactly B without another commit.
 */
@RealServer
class GitHttpFaultInjectionTest {

    private static final String TOKEN = "ghp_FAULTSfakeTOKEN0123456789abcdefXYZ";
    private static final String BRANCH = "gh-pages";
    /** releaseChannels.timeoutSeconds in the stall test; each stall outlasts it, so the client gives up first. */
    private static final Map<String, String> ONE_SECOND = Map.of(NetworkTimeout.OPTION, "1");
    // Three times the 1 s timeout: a loaded CI machine must still see the client give up first.
    private static final Duration STALL = Duration.ofMillis(3_000);

    @TempDir
    Path dir;

    private final Site siteA = FaultScenario.siteA();
    private final Site siteB = FaultScenario.siteB();
    private Repository remote;
    private GitHttpServer server;
    private FaultProxy proxy;
    private ObjectId commitA;

    @BeforeEach
    void start() throws Exception {
        remote = GitTestSupport.bareRepository(dir.resolve("pages.git"));
        server = new GitHttpServer(remote, TOKEN);
        int serverPort = Integer.parseInt(server.target().replaceAll("^git\\+http://127\\.0\\.0\\.1:(\\d+)/.*", "$1"));
        proxy = FaultProxy.start(FaultProxy.Protocol.HTTP, serverPort);
        publish(server.target(), siteA);
        commitA = remote.resolve(Constants.R_HEADS + BRANCH);
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        server.close();
        remote.close();
    }

    /** Every request of the publish gets one fault; the three kinds take turns, over the fetch and the push. */
    @Test
    void everyRequestOfAPublishCutDroppedOrFailedLeavesTheBranchAtAOrBAndTheNextPublishConverges() throws Exception {
        int requests = measureRequests();
        // Advertisement and fetch, then advertisement and push, each with its 401 challenge where JGit sends one.
        assertTrue(requests >= 4, "a publish of B over A makes " + requests + " requests");
        List<Action> kinds = List.of(Action.CUT, Action.DROP_RESPONSE, Action.ERROR);
        for (int n = 1; n <= requests; n++) {
            Action action = kinds.get(n % kinds.size());
            resetToA();
            proxy.atRequest(n, action);
            Optional<IOException> failure = publishBWatched(action + " at request " + n);
            assertEquals(1, proxy.faultsFired(), action + " at request " + n + " did not happen");
            failure.ifPresent(this::assertClearFailure);
            assertConverges(action + " at request " + n);
        }
    }

    @Test
    void anOutageFromTheNthRequestOnFailsNamingTheRepositoryAndLeavesTheBranchAtA() throws Exception {
        int requests = measureRequests();
        for (int n = 1; n <= requests; n++) {
            resetToA();
            proxy.outageFrom(n);
            Optional<IOException> failure = publishBWatched("outage from request " + n);
            ObjectId tip = remote.resolve(Constants.R_HEADS + BRANCH);
            if (failure.isPresent()) {
                assertClearFailure(failure.get());
                assertEquals(commitA, tip, "a failed publish leaves the branch at A");
            } else {
                // Only a push whose answer was lost after the server took it can end here without an error.
                assertEquals(commitA, parent(tip), "outage from request " + n + " succeeded with a non-child commit");
            }
            assertConverges("outage from request " + n);
        }
    }

    /**
     * A request the server does not answer times out after releaseChannels.timeoutSeconds instead of hanging the
     * deploy: with retries the fetch or push is repeated and succeeds, without them the publish fails saying what
     * timed out. Requests spread over the fetch and the push.
     */
    @Test
    void aStalledRequestTimesOutAndIsRetriedOrFailsSayingSoAndTheNextPublishConverges() throws Exception {
        int requests = measureRequests();
        proxy.stallFor(STALL);
        List<Integer> stalls = List.of(1, 1 + (requests - 1) / 3, 1 + 2 * (requests - 1) / 3, requests);
        for (int i = 0; i < stalls.size(); i++) {
            int n = stalls.get(i);
            boolean retried = i % 2 == 0;
            String fault = "stall at request " + n + " of " + requests + (retried ? " with" : " without") + " retries";
            resetToA();
            proxy.atRequest(n, Action.STALL);
            List<String> warnings = new CopyOnWriteArrayList<>();
            Optional<IOException> failure = publishBWatched(fault, retried ? 4 : 1, warnings);
            assertEquals(1, proxy.faultsFired(), fault + " did not happen");
            if (retried) {
                assertEquals(Optional.empty(), failure.map(IOException::getMessage), fault);
                assertTrue(warnings.stream().anyMatch(w -> w.contains("timed out after 1 s")), fault + ": " + warnings);
            } else {
                assertTrue(failure.isPresent(), fault + " must fail the publish");
                assertClearFailure(failure.get());
                assertTrue(
                        failure.get().getMessage().contains("timed out after 1 s (releaseChannels.timeoutSeconds)"),
                        fault + ": " + failure.get().getMessage());
            }
            assertConverges(fault);
        }
    }

    private int measureRequests() throws Exception {
        resetToA();
        proxy.passThrough();
        publish(viaProxy(), siteB);
        int requests = proxy.requests();
        resetToA();
        return requests;
    }

    /** Moves the branch back to A's commit on the server, as if B had never been pushed. */
    private void resetToA() throws IOException {
        RefUpdate update = remote.updateRef(Constants.R_HEADS + BRANCH);
        update.setNewObjectId(commitA);
        update.setForceUpdate(true);
        RefUpdate.Result result = update.update();
        assertTrue(
                result == RefUpdate.Result.FORCED
                        || result == RefUpdate.Result.NO_CHANGE
                        || result == RefUpdate.Result.FAST_FORWARD,
                "reset: " + result);
    }

    private Optional<IOException> publishBWatched(String fault) throws Exception {
        return publishBWatched(fault, 4, new CopyOnWriteArrayList<>());
    }

    /** Publishes B through the proxy with {@code attempts} per operation, collecting the log's warnings. */
    private Optional<IOException> publishBWatched(String fault, int attempts, List<String> warnings) throws Exception {
        ChannelPoller poller = ChannelPoller.start(siteA, siteB, this::branchTip);
        Optional<IOException> failure = Optional.empty();
        PublishLog log = new PublishLog() {
            @Override
            public void info(String message) {}

            @Override
            public void warn(String message) {
                warnings.add(message);
            }

            @Override
            public void debug(String message) {}
        };
        try {
            publish(viaProxy(), siteB, ONE_SECOND, attempts, log);
        } catch (IOException e) {
            failure = Optional.of(e);
        }
        List<String> violations = poller.stop(2);
        assertEquals(List.of(), violations, "with " + fault);
        return failure;
    }

    /** The branch tip as the server holds it; only A's commit or a single commit on top of it is acceptable. */
    private ChannelPoller.Reader branchTip() throws IOException {
        Ref ref = remote.exactRef(Constants.R_HEADS + BRANCH);
        if (ref == null || ref.getObjectId() == null) {
            throw new AssertionError("branch " + BRANCH + " is missing");
        }
        RevCommit tip;
        try (RevWalk walk = new RevWalk(remote)) {
            tip = walk.parseCommit(ref.getObjectId());
        }
        if (!tip.getId().equals(commitA)
                && (tip.getParentCount() != 1 || !tip.getParent(0).getId().equals(commitA))) {
            throw new AssertionError("the branch is at " + tip.getId().name() + ", neither A nor one commit on A");
        }
        return path -> {
            try (ObjectReader reader = remote.newObjectReader();
                    TreeWalk walk = TreeWalk.forPath(reader, path, tip.getTree())) {
                return walk == null
                        ? Optional.empty()
                        : Optional.of(reader.open(walk.getObjectId(0)).getBytes());
            }
        };
    }

    private ObjectId parent(ObjectId commit) throws IOException {
        try (RevWalk walk = new RevWalk(remote)) {
            RevCommit parsed = walk.parseCommit(commit);
            return parsed.getParentCount() == 1 ? parsed.getParent(0).getId() : null;
        }
    }

    private void assertClearFailure(IOException e) {
        String message = e.getMessage();
        assertTrue(message.contains("/git/pages.git"), "names the repository: " + message);
        assertTrue(message.contains("branch " + BRANCH), "names the branch: " + message);
        assertTrue(!message.contains(TOKEN), "no token in: " + message);
    }

    /** A clean publish leaves exactly B in one commit on A, and one more writes nothing. */
    private void assertConverges(String fault) throws Exception {
        // A stalled push the client gave up on may still land when the stall ends; it is then one commit on A.
        proxy.endStalls();
        proxy.passThrough();
        publish(viaProxy(), siteB);
        assertEquals(files(siteB), GitTestSupport.files(remote, BRANCH), fault);
        ObjectId tip = remote.resolve(Constants.R_HEADS + BRANCH);
        assertEquals(commitA, parent(tip), fault + ": B is one commit on A, not two and not forced");
        PublishReport again = publish(viaProxy(), siteB);
        assertTrue(again.plan().changesNothing(), fault + ": " + again.summary());
        assertEquals(tip, remote.resolve(Constants.R_HEADS + BRANCH), fault);
    }

    private static Map<String, String> files(Site site) {
        Map<String, String> files = new TreeMap<>();
        site.files().forEach(file -> files.put(file.path(), new String(file.content(), StandardCharsets.UTF_8)));
        return files;
    }

    private String viaProxy() {
        return "git+http://127.0.0.1:" + proxy.port() + "/git/pages.git";
    }

    private PublishReport publish(String target, Site site) throws Exception {
        return publish(target, site, Map.of(), 4, PublishLog.SILENT);
    }

    private PublishReport publish(String target, Site site, Map<String, String> options, int attempts, PublishLog log)
            throws Exception {
        TargetSettings settings = new TargetSettings(
                Optional.empty(),
                TargetOptions.parse(options),
                Map.of("GITHUB_TOKEN", TOKEN),
                dir.resolve("work"),
                new Retry(attempts, Duration.ZERO, Duration.ZERO, duration -> {}));
        try (PublishPipeline publisher = GitTestSupport.publisher(target + "#" + BRANCH, settings)) {
            return publisher.publish(site, GitTestSupport.request(log));
        }
    }
}
