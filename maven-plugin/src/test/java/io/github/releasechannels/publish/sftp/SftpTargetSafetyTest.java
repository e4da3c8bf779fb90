package io.github.releasechannels.publish.sftp;

import static io.github.releasechannels.publish.sftp.SftpTestSupport.attempts;
import static io.github.releasechannels.publish.sftp.SftpTestSupport.password;
import static io.github.releasechannels.publish.sftp.SftpTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.publish.TargetReadLimit;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.TargetPathException;
import io.github.releasechannels.publish.TargetSafetyContract;
import io.github.releasechannels.site.SiteLayout;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory on a real SFTP server: the shared refusals, and files too large or not regular on the server. */
class SftpTargetSafetyTest extends TargetSafetyContract {

    @TempDir
    Path dir;

    private SftpTestServer server;
    private Path knownHosts;

    @BeforeEach
    void startServer() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        server = SftpTestServer.start(root, dir.resolve("host-key.ser"), SftpPublishTest.PASSWORD, null, Map.of());
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, server.knownHostsLine(server.hostKey()));
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected Publisher publisher() throws Exception {
        return new SftpPublisherFactory().create(server.uri(),
                settings(password(SftpPublishTest.PASSWORD), knownHosts, attempts(4), dir));
    }

    @Override
    protected void put(String path, String content) throws Exception {
        Path file = server.site().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Override
    protected void remove(String path) throws Exception {
        Files.delete(server.site().resolve(path));
    }

    @Override
    protected Optional<String> get(String path) throws Exception {
        Path file = server.site().resolve(path);
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    }

    private Path victim() {
        return server.site().getParent().resolve("victim");
    }

    @Override
    protected String pathToVictim() throws Exception {
        Files.writeString(victim(), "someone else's");
        return "../victim";
    }

    @Override
    protected boolean victimIntact() throws Exception {
        return Files.isRegularFile(victim()) && Files.readString(victim()).equals("someone else's");
    }

    @Test
    void aHugeManifestOnTheServerIsRefusedBeforeItIsRead() throws Exception {
        Files.createDirectories(server.site());
        try (RandomAccessFile sparse = new RandomAccessFile(server.site().resolve(SiteLayout.MANIFEST_FILE).toFile(),
                "rw")) {
            sparse.setLength(TargetReadLimit.MAX_BYTES + 1L);
        }

        TargetPathException e = assertThrows(TargetPathException.class, () -> publish(OLDER));

        assertTrue(e.getMessage().contains("more than the " + TargetReadLimit.MAX_BYTES + " bytes"), e.getMessage());
    }

    @Test
    void aDirectoryAsTheManifestIsRefused() throws Exception {
        Files.createDirectories(server.site().resolve(SiteLayout.MANIFEST_FILE));

        TargetPathException e = assertThrows(TargetPathException.class, () -> publish(OLDER));

        assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
    }
}
