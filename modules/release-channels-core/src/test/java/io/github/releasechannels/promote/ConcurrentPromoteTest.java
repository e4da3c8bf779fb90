// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.testing.RealServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two scheduled promote jobs at once, real processes on two clones of one bare repository: both plan and commit
 * the same promotion, a pre-push hook holds each until both are ready, so both push; the remote takes one, the other
 * is refused, fetches, plans again on the new history and pushes nothing: the promotion is made once.
 */
@RealServer
class ConcurrentPromoteTest {

    private static final String FILE = """
            channels:
              canary:
                version: 17.3.0
              current:
                version: 17.2.1
                promote: {from: canary, after: 48h}
            """;

    @TempDir
    Path temp;

    @Test
    void theSecondPushIsRefusedRecomputedAndNeverADuplicatePromotion() throws Exception {
        try (GitHistory history = GitHistory.init(temp.resolve("source"))) {
            ObjectId start = history.commit(Instant.parse("2026-12-01T09:00:00Z"), FILE.replace("17.3.0", "17.2.1"));
            history.head(history.commit(Instant.parse("2026-12-07T10:00:00Z"), FILE, start));
        }
        Path bare = temp.resolve("remote.git");
        Git.cloneRepository()
                .setURI(temp.resolve("source").toUri().toString())
                .setBare(true)
                .setDirectory(bare.toFile())
                .call()
                .close();
        Path barrier = Files.createDirectories(temp.resolve("barrier"));
        List<Process> jobs = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            Path clone = temp.resolve(name);
            try (Git git = Git.cloneRepository()
                    .setURI(bare.toUri().toString())
                    .setDirectory(clone.toFile())
                    .call()) {
                git.getRepository().getConfig().setString("user", null, "name", "Job " + name);
                git.getRepository().getConfig().setString("user", null, "email", name + "@example.invalid");
                git.getRepository().getConfig().save();
            }
            Path hook = clone.resolve(".git/hooks/pre-push");
            Files.createDirectories(hook.getParent());
            // Each job waits at its push until the other has committed too (at most 120 s).
            Files.writeString(
                    hook,
                    "#!/bin/sh\ntouch '" + barrier.resolve(name) + "'\ni=0\n"
                            + "while [ ! -e '" + barrier.resolve("a") + "' ] || [ ! -e '" + barrier.resolve("b")
                            + "' ]; do\n"
                            + "  i=$((i+1)); [ $i -gt 1200 ] && exit 0; sleep 0.1\ndone\nexit 0\n");
            Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
            jobs.add(new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            PromoteProcessMain.class.getName(),
                            clone.toString(),
                            "2026-12-09T11:00:00Z")
                    .redirectErrorStream(true)
                    .redirectOutput(temp.resolve(name + ".log").toFile())
                    .start());
        }
        for (Process job : jobs) {
            assertTrue(job.waitFor(300, TimeUnit.SECONDS), "a job did not end");
        }
        String a = Files.readString(temp.resolve("a.log"));
        String b = Files.readString(temp.resolve("b.log"));
        assertEquals(0, jobs.get(0).exitValue(), a);
        assertEquals(0, jobs.get(1).exitValue(), b);
        assertTrue(Files.exists(barrier.resolve("a")) && Files.exists(barrier.resolve("b")), "both jobs pushed");

        String loser = a.contains("The push was refused") ? a : b;
        String winner = loser == a ? b : a;
        assertTrue(loser.contains("The push was refused"), "one push is refused:\n" + a + "\n" + b);
        assertTrue(winner.contains("Pushed ") && !winner.contains("The push was refused"), winner);
        assertTrue(
                loser.contains("  current: has canary's 17.3.0")
                        && loser.contains("Nothing is due")
                        && loser.endsWith("promote done: no commit\n"),
                "the second job plans again and writes nothing:\n" + loser);

        try (Repository remote = Git.open(bare.toFile()).getRepository();
                Git git = new Git(remote)) {
            List<String> subjects = new ArrayList<>();
            git.log().call().forEach(commit -> subjects.add(commit.getShortMessage()));
            assertEquals(
                    List.of(
                            "Promote current to 17.3.0 from canary",
                            "commit at 2026-12-07T10:00:00Z",
                            "commit at 2026-12-01T09:00:00Z"),
                    subjects,
                    "one promotion, once");
            RevCommit head = git.log().setMaxCount(1).call().iterator().next();
            try (TreeWalk tree = TreeWalk.forPath(remote, GitHistory.FILE, head.getTree())) {
                assertEquals(
                        FILE.replace("version: 17.2.1", "version: 17.3.0"),
                        new String(remote.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
            }
        }
        String loserClone = loser == a ? "a" : "b";
        assertEquals(
                FILE.replace("version: 17.2.1", "version: 17.3.0"),
                Files.readString(temp.resolve(loserClone).resolve(GitHistory.FILE)),
                "the refused job caught up");
    }
}
