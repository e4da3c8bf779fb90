// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.TargetOptions;
import io.github.releasechannels.publish.TargetSafetyContract;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.testing.RealServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory of a branch on a real smart-HTTP git server: the shared refusals. The site lives in {@code site/},
 * so a manifest path {@code ../CNAME} would delete the branch's own CNAME.
 */
@RealServer
class GitTargetSafetyTest extends TargetSafetyContract {

    private static final String BRANCH = GitPublisherContract.BRANCH;
    private static final String TOKEN = "ghp_PLANTEDsafetyTOKEN0123456789abcdefXY";

    @TempDir
    Path dir;

    private Repository remote;
    private GitHttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        remote = GitTestSupport.bareRepository(dir.resolve("pages.git"));
        server = new GitHttpServer(remote, TOKEN);
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
        remote.close();
    }

    @Override
    protected Publisher publisher() throws Exception {
        TargetSettings settings = new TargetSettings(
                Optional.empty(),
                TargetOptions.parse(Map.of(GitOptions.DIRECTORY, "site")),
                Map.of("GITHUB_TOKEN", TOKEN),
                dir.resolve("work"),
                new Retry(4, Duration.ZERO, Duration.ZERO, duration -> {}));
        return GitTestSupport.publisher(server.target(), settings);
    }

    @Override
    protected void put(String path, String content) throws Exception {
        GitTestSupport.commitOnBranch(remote, BRANCH, Map.of("site/" + path, content), "someone writes " + path);
    }

    @Override
    protected void remove(String path) throws Exception {
        Map<String, String> deletion = new HashMap<>();
        deletion.put("site/" + path, null);
        GitTestSupport.commitOnBranch(remote, BRANCH, deletion, "someone deletes " + path);
    }

    @Override
    protected Optional<String> get(String path) throws Exception {
        return Optional.ofNullable(GitTestSupport.files(remote, BRANCH).get("site/" + path));
    }

    @Override
    protected String pathToVictim() throws Exception {
        GitTestSupport.commitOnBranch(remote, BRANCH, Map.of("CNAME", "updates.example.com"), "custom domain");
        return "../CNAME";
    }

    @Override
    protected boolean victimIntact() throws Exception {
        return "updates.example.com".equals(GitTestSupport.files(remote, BRANCH).get("CNAME"));
    }
}
