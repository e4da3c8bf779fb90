// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.model.Rollback;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelsSourceTest {

    @TempDir
    Path repo;

    private Path file() {
        return repo.resolve("channels.yaml");
    }

    private RevCommit commit(Git git, String content, String message) throws Exception {
        Files.writeString(file(), content);
        git.add().addFilepattern("channels.yaml").call();
        return git.commit()
                .setMessage(message)
                .setSign(false)
                .setAuthor("t", "t@example.invalid")
                .setCommitter("t", "t@example.invalid")
                .call();
    }

    @Test
    void outsideGitThereIsNoCommit() throws Exception {
        Files.writeString(file(), "x");
        ChannelsSource.Content content = new ChannelsSource(repo).readWorkingTree(file());
        assertEquals("x", new String(content.bytes(), StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), content.source().commit());
        assertEquals(Optional.empty(), content.source().commitTime());
        assertEquals("channels.yaml", content.source().file());
    }

    @Test
    void aCleanWorkingTreeRecordsHead() throws Exception {
        try (Git git =
                Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            RevCommit head = commit(git, "v1", "first");
            ChannelsSource.Content content = new ChannelsSource(repo).readWorkingTree(file());
            assertEquals(Optional.of(head.name()), content.source().commit());
            assertEquals(
                    Optional.of(head.getCommitterIdent().getWhenAsInstant()),
                    content.source().commitTime());
            assertFalse(content.source().uncommittedChanges());
        }
    }

    @Test
    void anEditedWorkingTreeIsMarked() throws Exception {
        try (Git git =
                Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            commit(git, "v1", "first");
            Files.writeString(file(), "v2");
            ChannelsSource.Content content = new ChannelsSource(repo).readWorkingTree(file());
            assertEquals("v2", new String(content.bytes(), StandardCharsets.UTF_8));
            assertTrue(content.source().uncommittedChanges());
        }
    }

    @Test
    void readsAnOlderCommitByBranchTagOrIdWithoutTouchingTheWorkingTree() throws Exception {
        try (Git git =
                Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            RevCommit first = commit(git, "v1", "first");
            git.tag()
                    .setName("release-1")
                    .setObjectId(first)
                    .setSigned(false)
                    .setAnnotated(true)
                    .setMessage("r1")
                    .call();
            git.branchCreate().setName("old").setStartPoint(first).call();
            commit(git, "v2", "second");
            Files.writeString(file(), "v3 uncommitted");
            ChannelsSource source = new ChannelsSource(repo);
            for (String ref :
                    new String[] {"old", "release-1", first.name(), first.name().substring(0, 10), "HEAD~1"}) {
                ChannelsSource.Content content = source.readAtRef(file(), ref);
                assertEquals("v1", new String(content.bytes(), StandardCharsets.UTF_8), ref);
                assertEquals(Optional.of(first.name()), content.source().commit(), ref);
                assertEquals(
                        Optional.of(first.getCommitterIdent().getWhenAsInstant()),
                        content.source().commitTime(),
                        ref);
                assertFalse(content.source().uncommittedChanges());
            }
            assertEquals("v3 uncommitted", Files.readString(file()), "the working tree is untouched");
            assertTrue(git.status().call().getModified().contains("channels.yaml"));
        }
    }

    @Test
    void aRefAtAnotherCommitThanHeadIsARollbackAndHeadItselfIsNot() throws Exception {
        try (Git git =
                Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            RevCommit first = commit(git, "v1", "first");
            RevCommit second = commit(git, "v2", "second");
            ChannelsSource source = new ChannelsSource(repo);
            assertEquals(
                    Optional.of(new Rollback("HEAD~1", second.name(), first.name())),
                    source.readAtRef(file(), "HEAD~1").source().rollback());
            for (String ref : new String[] {"HEAD", "main", second.name()}) {
                assertEquals(
                        Optional.empty(), source.readAtRef(file(), ref).source().rollback(), ref);
            }
            assertEquals(
                    Optional.empty(), source.readWorkingTree(file()).source().rollback());
        }
    }

    @Test
    void aMissingRefIsAProblemThatSaysHowToCheck() throws Exception {
        try (Git git =
                Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            commit(git, "v1", "first");
            ChannelsFileException e = assertThrows(
                    ChannelsFileException.class, () -> new ChannelsSource(repo).readAtRef(file(), "origin/mian"));
            assertTrue(e.getMessage().contains("the git ref 'origin/mian' does not exist"), e.getMessage());
            assertTrue(e.getMessage().contains("git rev-parse origin/mian"), e.getMessage());
        }
    }

    @Test
    void aFileMissingFromTheCommitIsAProblem() throws Exception {
        try (Git git =
                Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("README"), "r");
            git.add().addFilepattern("README").call();
            git.commit()
                    .setMessage("readme")
                    .setSign(false)
                    .setAuthor("t", "t@example.invalid")
                    .setCommitter("t", "t@example.invalid")
                    .call();
            Files.writeString(file(), "v1");
            ChannelsFileException e =
                    assertThrows(ChannelsFileException.class, () -> new ChannelsSource(repo).readAtRef(file(), "main"));
            assertTrue(e.getMessage().contains("'channels.yaml' is not in commit"), e.getMessage());
        }
    }

    @Test
    void aRefOutsideGitIsAProblem() throws Exception {
        Files.writeString(file(), "x");
        ChannelsFileException e =
                assertThrows(ChannelsFileException.class, () -> new ChannelsSource(repo).readAtRef(file(), "main"));
        assertTrue(e.getMessage().contains("not in a git repository"), e.getMessage());
    }

    @Test
    void aMissingFileIsAProblemNamingIt() {
        ChannelsFileException e =
                assertThrows(ChannelsFileException.class, () -> new ChannelsSource(repo).readWorkingTree(file()));
        assertEquals(
                "channels.yaml: the file does not exist — create it (see docs/channels-yaml.md) or point "
                        + "releaseChannels.file at it",
                e.problems().get(0).toString());
    }

    @Test
    void aSymbolicLinkLeavingTheRepositoryIsRefusedWithoutQuotingIt(@TempDir Path elsewhere) throws Exception {
        Path secret = Files.writeString(
                elsewhere.resolve("credentials"), "[default]\naws_secret_access_key = CANARYsecretFROMaLINK\n");
        try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
            Files.createSymbolicLink(file(), secret);

            ChannelsFileException e =
                    assertThrows(ChannelsFileException.class, () -> new ChannelsSource(repo).readWorkingTree(file()));

            assertTrue(
                    e.getMessage()
                            .contains("symbolic link leading outside the project and its git work tree, " + "to "
                                    + secret.toRealPath()),
                    e.getMessage());
            assertFalse(e.getMessage().contains("CANARY"), e.getMessage());
        }
    }

    @Test
    void aLinkInsideTheRepositoryIsRead() throws Exception {
        Path real = Files.writeString(
                Files.createDirectories(repo.resolve("config")).resolve("channels.yaml"),
                "channels: {current: {version: 14.2.1}}\n");
        Files.createSymbolicLink(file(), real);

        assertEquals(
                "channels: {current: {version: 14.2.1}}\n",
                new String(new ChannelsSource(repo).readWorkingTree(file()).bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aFifoIsRefusedWithoutHanging() throws Exception {
        assertEquals(0, new ProcessBuilder("mkfifo", file().toString()).start().waitFor());

        ChannelsFileException e =
                assertThrows(ChannelsFileException.class, () -> new ChannelsSource(repo).readWorkingTree(file()));

        assertTrue(e.getMessage().contains("the file is a FIFO, socket or device, not a regular file"), e.getMessage());
    }

    @Test
    void devZeroIsRefusedWithoutReadingIt() throws Exception {
        Files.createSymbolicLink(file(), Path.of("/dev/zero"));

        ChannelsFileException e =
                assertThrows(ChannelsFileException.class, () -> new ChannelsSource(repo).readWorkingTree(file()));

        assertTrue(e.getMessage().contains("outside the project"), e.getMessage());
        // Inside the project a device is refused by its type (a bind or a mknod by a hostile build step).
        ChannelsFileException inside = assertThrows(
                ChannelsFileException.class,
                () -> new ChannelsSource(Path.of("/dev")).readWorkingTree(Path.of("/dev/zero")));
        assertTrue(inside.getMessage().contains("not a regular file"), inside.getMessage());
    }

    @Test
    void aHugeFileIsReadOnlyToTheParsersLimit() throws Exception {
        try (var out = Files.newOutputStream(file())) {
            byte[] block = new byte[1024 * 1024];
            for (int i = 0;
                    i <= io.github.releasechannels.config.ChannelsFileParser.MAX_FILE_BYTES / block.length;
                    i++) {
                out.write(block);
            }
        }

        assertEquals(
                io.github.releasechannels.config.ChannelsFileParser.MAX_FILE_BYTES + 1,
                new ChannelsSource(repo).readWorkingTree(file()).bytes().length);
    }
}
