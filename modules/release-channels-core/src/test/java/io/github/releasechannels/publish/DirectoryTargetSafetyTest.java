// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.releasechannels.publish.file.DirectoryStore;
import io.github.releasechannels.site.SiteLayout;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A directory target: the shared refusals, and links and special files that must never be followed. */
class DirectoryTargetSafetyTest extends TargetSafetyContract {

    @TempDir
    Path dir;

    private Path docroot() throws Exception {
        return Files.createDirectories(dir.resolve("docroot"));
    }

    private Path victim() {
        return dir.resolve("outside/victim");
    }

    @Override
    protected Publisher publisher() throws Exception {
        return PublishPipeline.forStore(
                new DirectoryStore(docroot()), new Retry(4, Duration.ZERO, Duration.ZERO, duration -> {}));
    }

    @Override
    protected void put(String path, String content) throws Exception {
        Path file = docroot().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Override
    protected void remove(String path) throws Exception {
        Files.delete(docroot().resolve(path));
    }

    @Override
    protected Optional<String> get(String path) throws Exception {
        Path file = docroot().resolve(path);
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    }

    @Override
    protected String pathToVictim() throws Exception {
        Files.createDirectories(victim().getParent());
        Files.writeString(victim(), "someone else's");
        return "../outside/victim";
    }

    @Override
    protected boolean victimIntact() throws Exception {
        return Files.isRegularFile(victim()) && Files.readString(victim()).equals("someone else's");
    }

    @Test
    void aChannelDirectoryLinkedOutsideIsRefusedAndNothingOutsideIsWrittenOrDeleted() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside/current"));
        Files.writeString(outside.resolve("version"), "someone else's");
        Files.createSymbolicLink(docroot().resolve("current"), outside);

        TargetPathException e = assertThrows(TargetPathException.class, () -> publish(OLDER));

        assertTrue(e.path().startsWith("current/"), e.path());
        assertTrue(
                e.getMessage()
                        .contains("goes through the symbolic link " + docroot().resolve("current")
                                + ", which leads to " + outside.toRealPath() + ", outside the target's real path "
                                + docroot().toRealPath()),
                e.getMessage());
        assertEquals("someone else's", Files.readString(outside.resolve("version")));
        assertEquals(1, Files.list(outside).count(), "nothing written outside");
        assertFalse(Files.exists(docroot().resolve(SiteLayout.MANIFEST_FILE)), "nothing was published");
        assertFalse(log.contains("retrying"), log::toString);
    }

    @Test
    void aChannelDirectoryLinkedOutsideAfterAPublishIsNeitherDeletedThroughNorWrittenThrough() throws Exception {
        publish(NEWER + "  old:\n    version: 1.0.0\n");
        Path outside = Files.createDirectories(dir.resolve("outside/old"));
        Files.writeString(outside.resolve("version"), "someone else's");
        Files.writeString(outside.resolve("critical"), "someone else's");
        Path old = docroot().resolve("old");
        Files.walk(old)
                .sorted((a, b) -> b.compareTo(a))
                .forEach(path -> path.toFile().delete());
        Files.createSymbolicLink(old, outside);

        // The new site drops channel 'old': its files would be deleted through the link.
        TargetPathException e = assertThrows(TargetPathException.class, () -> publish(NEWER));

        assertTrue(e.getMessage().startsWith("old/"), e.getMessage());
        assertEquals("someone else's", Files.readString(outside.resolve("version")));
        assertEquals("someone else's", Files.readString(outside.resolve("critical")));
        assertTrue(Files.isSymbolicLink(old));
    }

    @Test
    void aManifestLinkedToAFileOutsideIsRefused() throws Exception {
        Files.createDirectories(victim().getParent());
        Files.writeString(victim(), "{\"format\": 1, \"channels\": [], \"files\": []}");
        Files.createSymbolicLink(docroot().resolve(SiteLayout.MANIFEST_FILE), victim());

        TargetPathException e = assertThrows(TargetPathException.class, () -> publish(OLDER));

        assertEquals(SiteLayout.MANIFEST_FILE, e.path());
        assertTrue(e.getMessage().contains("outside the target's real path"), e.getMessage());
        assertTrue(Files.isSymbolicLink(docroot().resolve(SiteLayout.MANIFEST_FILE)));
    }

    @Test
    void aLinkInsideTheTargetIsFollowed() throws Exception {
        Path real = Files.createDirectories(docroot().resolve("releases/current"));
        Files.createSymbolicLink(docroot().resolve("current"), real);

        publish(OLDER);

        assertEquals("14.2.1", Files.readString(real.resolve("version")));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aFifoAsTheManifestIsRefusedWithoutBlocking() throws Exception {
        Path fifo = docroot().resolve(SiteLayout.MANIFEST_FILE);
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        } catch (java.io.IOException e) {
            mkfifo = null;
        }
        assumeTrue(mkfifo != null && mkfifo.waitFor() == 0, "mkfifo is available");

        TargetPathException e = assertThrows(TargetPathException.class, () -> publish(OLDER));

        assertTrue(
                e.getMessage()
                        .startsWith(SiteLayout.MANIFEST_FILE + " on directory " + docroot() + " is not a regular file"),
                e.getMessage());
    }

    @Test
    void aHugeManifestIsRefusedBeforeItIsRead() throws Exception {
        try (RandomAccessFile sparse =
                new RandomAccessFile(docroot().resolve(SiteLayout.MANIFEST_FILE).toFile(), "rw")) {
            sparse.setLength(TargetReadLimit.MAX_BYTES + 1L);
        }

        TargetPathException e = assertThrows(TargetPathException.class, () -> publish(OLDER));

        assertTrue(
                e.getMessage()
                        .contains("is " + (TargetReadLimit.MAX_BYTES + 1L) + " bytes, more than the "
                                + TargetReadLimit.MAX_BYTES + " bytes any file of a site may have"),
                e.getMessage());
    }
}
