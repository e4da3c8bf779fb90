// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.model.Source;
import io.github.releasechannels.testing.RealServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GitHeadReader} against repositories the git command line makes, in each layout a CI clone may have, with
 * JGit as the referee: the commit, its time and whether the file differs from it must be what JGit says.
 */
@RealServer
class GitHeadReaderTest {

    private static final String FILE = "ops/teleport/channels.yaml";

    @TempDir
    Path temp;

    @Test
    void looseObjectsInASubdirectory() throws Exception {
        Path repo = repository("loose", 3);
        assertAgreesWithJGit(repo, FILE, false);
    }

    @Test
    void packedObjectsWithDeltasAndPackedRefs() throws Exception {
        Path repo = repository("packed", 30);
        git(repo, "gc", "--aggressive", "--quiet");
        try (Stream<Path> loose = Files.list(repo.resolve(".git/objects"))) {
            assertTrue(
                    loose.noneMatch(dir -> dir.getFileName().toString().matches("[0-9a-f]{2}")),
                    "every object is packed");
        }
        assertTrue(Files.readString(repo.resolve(".git/packed-refs")).contains("refs/heads/main"));
        assertTrue(
                git(repo, "verify-pack", "-v", packIndex(repo).toString()).stream()
                        .anyMatch(line -> line.matches("[0-9a-f]{40} (tree|commit) .* [0-9a-f]{40}")),
                "some are deltas");
        assertAgreesWithJGit(repo, FILE, false);
    }

    @Test
    void anEditedFileDiffersFromHead() throws Exception {
        Path repo = repository("edited", 2);
        Files.writeString(repo.resolve(FILE), "channels: {}\n# edited\n");
        assertAgreesWithJGit(repo, FILE, true);
    }

    @Test
    void aLinkedWorkTreeAndADetachedHead() throws Exception {
        Path repo = repository("main", 3);
        Path linked = temp.resolve("linked");
        git(repo, "worktree", "add", "--quiet", "--detach", linked.toString(), "HEAD~1");
        assertAgreesWithJGit(linked, FILE, false);
        assertEquals(
                git(repo, "rev-parse", "HEAD~1").get(0),
                reader(linked).head(FILE).orElseThrow().commit());
    }

    @Test
    void objectsBorrowedThroughAlternates() throws Exception {
        Path repo = repository("origin", 3);
        Path shared = temp.resolve("shared");
        git(temp, "clone", "--quiet", "--shared", repo.toString(), shared.toString());
        assertTrue(Files.exists(shared.resolve(".git/objects/info/alternates")));
        assertAgreesWithJGit(shared, FILE, false);
    }

    @Test
    void anUnbornBranchHasNoCommit() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("unborn"));
        git(repo, "init", "--quiet", "--initial-branch=main");
        Files.writeString(repo.resolve("channels.yaml"), "channels: {}\n");
        assertEquals(Optional.empty(), reader(repo).head("channels.yaml"));
    }

    @Test
    void aFileNotInHeadHasNoBlob() throws Exception {
        Path repo = repository("untracked", 1);
        assertEquals(
                Optional.empty(), reader(repo).head("other.yaml").orElseThrow().blob());
    }

    @Test
    void outsideAnyRepositoryThereIsNone() throws Exception {
        assertEquals(
                Optional.empty(), GitHeadReader.find(Files.createDirectories(temp.resolve("plain")), name -> null));
    }

    @Test
    void layoutsItDoesNotReadAreLeftToJGit() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("sha256"));
        git(repo, "init", "--quiet", "--object-format=sha256");
        var e = assertThrows(
                GitHeadReader.UnsupportedLayoutException.class, () -> GitHeadReader.find(repo, name -> null));
        assertTrue(e.getMessage().contains("objectformat = sha256"), e.getMessage());

        Path plain = repository("plain", 1);
        assertThrows(
                GitHeadReader.UnsupportedLayoutException.class,
                () -> GitHeadReader.find(
                        plain, Map.of("GIT_DIR", plain.resolve(".git").toString())::get));
    }

    @Test
    void aDamagedObjectIsAnErrorNotAGuess() throws Exception {
        Path repo = repository("damaged", 1);
        String head = git(repo, "rev-parse", "HEAD").get(0);
        Path object = repo.resolve(".git/objects").resolve(head.substring(0, 2)).resolve(head.substring(2));
        byte[] bytes = Files.readAllBytes(object);
        object.toFile().setWritable(true);
        Files.write(object, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class, () -> reader(repo).head(FILE));
        assertTrue(e.getMessage().contains("damaged") || e.getMessage().contains("Unexpected end"), e.getMessage());
    }

    private void assertAgreesWithJGit(Path workTree, String path, boolean changed) throws Exception {
        byte[] bytes = Files.readAllBytes(workTree.resolve(path));
        GitHeadReader.Head head = reader(workTree).head(path).orElseThrow();
        Source jgit;
        try (JGitSource repository = JGitSource.open(workTree.resolve(path))) {
            jgit = repository.headSource(path, path, bytes);
        }
        assertEquals(jgit.commit().orElseThrow(), head.commit());
        assertEquals(jgit.commitTime().orElseThrow(), head.committed());
        boolean differs = head.blob()
                .map(blob -> !blob.equals(GitHeadReader.blobId(bytes)))
                .orElse(true);
        assertEquals(jgit.uncommittedChanges(), differs);
        assertEquals(changed, differs);
        assertEquals(
                new ChannelsSource(workTree)
                        .readWorkingTree(workTree.resolve(path))
                        .source(),
                new Source(path, jgit.commit(), jgit.commitTime(), jgit.uncommittedChanges(), Optional.empty()));
    }

    private static GitHeadReader reader(Path workTree) throws Exception {
        return GitHeadReader.find(workTree, name -> null).orElseThrow();
    }

    /** A repository whose {@link #FILE} and a few others change over {@code commits} commits. */
    private Path repository(String name, int commits) throws Exception {
        Path repo = Files.createDirectories(temp.resolve(name));
        git(repo, "init", "--quiet", "--initial-branch=main");
        Files.createDirectories(repo.resolve("ops/teleport"));
        for (int i = 0; i < commits; i++) {
            StringBuilder yaml = new StringBuilder("channels:\n");
            for (int c = 0; c < 40; c++) {
                yaml.append("  fleet-")
                        .append(c)
                        .append(": {version: 14.")
                        .append(c == 0 ? i : 1)
                        .append(".0}\n");
            }
            Files.writeString(repo.resolve(FILE), yaml.toString());
            for (int f = 0; f < 20; f++) {
                Files.writeString(repo.resolve("ops/file-" + f + ".txt"), "file " + f + (f == i % 20 ? " " + i : ""));
            }
            git(repo, "add", "-A");
            git(
                    repo,
                    "-c",
                    "user.name=Test",
                    "-c",
                    "user.email=test@example.com",
                    "commit",
                    "--quiet",
                    "-m",
                    "commit " + i,
                    "--date",
                    "2024-01-0" + (1 + i % 9) + "T10:00:00Z");
        }
        return repo;
    }

    private static Path packIndex(Path repo) throws IOException {
        try (Stream<Path> packs = Files.list(repo.resolve(".git/objects/pack"))) {
            return packs.filter(p -> p.toString().endsWith(".idx")).findFirst().orElseThrow();
        }
    }

    private static List<String> git(Path directory, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("GIT_"));
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("HOME", directory.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ":\n" + output);
        return output.lines().toList();
    }
}
