package io.github.releasechannels.publish.file;

import io.github.releasechannels.publish.FileStore;
import io.github.releasechannels.publish.Headers;
import io.github.releasechannels.publish.StoredFile;
import io.github.releasechannels.site.SiteFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A local or mounted directory, such as an nginx docroot. Each file is written to a temporary name in its own
 * directory, flushed to disk, and renamed over the old one, so a web server reads the old or the new file, never a
 * part. Headers are the web server's business.
 */
public final class DirectoryStore implements FileStore {

    private final Path root;

    public DirectoryStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return "directory " + root;
    }

    @Override
    public Optional<byte[]> read(String path) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(resolve(path)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Map<String, StoredFile> stat(Collection<String> paths) throws IOException {
        Map<String, StoredFile> existing = new TreeMap<>();
        for (String path : paths) {
            Optional<byte[]> content = Files.isRegularFile(resolve(path)) ? read(path) : Optional.empty();
            content.ifPresent(bytes -> existing.put(path,
                    new StoredFile(path, Optional.of(SiteFile.sha256(bytes)), Optional.empty())));
        }
        return existing;
    }

    @Override
    public void write(SiteFile file, Headers headers) throws IOException {
        Path destination = resolve(file.path());
        Files.createDirectories(destination.getParent());
        Path temporary = destination.resolveSibling("." + destination.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            // Created like any new file (the umask applies), so the web server can read it after the rename.
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                out.write(file.content());
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public void delete(String path) throws IOException {
        Path file = resolve(path);
        Files.deleteIfExists(file);
        // Remove the channel's directories once empty, but never the root or a directory with other files.
        for (Path dir = file.getParent(); dir != null && !dir.equals(root) && dir.startsWith(root);
                dir = dir.getParent()) {
            try {
                Files.deleteIfExists(dir);
            } catch (DirectoryNotEmptyException e) {
                break;
            }
        }
    }

    private Path resolve(String path) throws IOException {
        Path resolved = root.resolve(path).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            throw new IOException("refusing a path outside " + root + ": " + path);
        }
        return resolved;
    }

    @Override
    public void close() {
    }
}
