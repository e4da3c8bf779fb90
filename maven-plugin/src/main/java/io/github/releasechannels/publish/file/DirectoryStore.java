package io.github.releasechannels.publish.file;

import io.github.releasechannels.publish.FileStore;
import io.github.releasechannels.publish.Headers;
import io.github.releasechannels.publish.StoredFile;
import io.github.releasechannels.publish.TemporaryFiles;
import io.github.releasechannels.site.SiteFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

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
        Path temporary = stage(destination, file);
        try {
            Files.move(temporary, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Creating by hard link: link(2) refuses an existing name, and the file appears with all its content. */
    @Override
    public ConditionalWrites conditionalWrites() {
        return ConditionalWrites.EXCLUSIVE_CREATE;
    }

    @Override
    public boolean createIfAbsent(SiteFile file, Headers headers) throws IOException {
        Path destination = resolve(file.path());
        Path temporary = stage(destination, file);
        try {
            Files.createLink(destination, temporary);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The content under a temporary name beside {@code destination}, flushed to disk. */
    private static Path stage(Path destination, SiteFile file) throws IOException {
        Files.createDirectories(destination.getParent());
        Path temporary = destination.resolveSibling(TemporaryFiles.staging(destination.getFileName().toString()));
        try {
            // Created like any new file (the umask applies), so the web server can read it after the rename.
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                out.write(file.content());
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            return temporary;
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /**
     * Deletes the staging files a killed publish left beside these paths. Only names of the exact temporary form
     * are touched; deleting a link removes the link, never what it points to; directories are left alone.
     */
    @Override
    public void removeTemporaries(Collection<String> paths) throws IOException {
        Map<Path, Set<String>> namesByDirectory = new TreeMap<>();
        for (String path : paths) {
            Path file = resolve(path);
            namesByDirectory.computeIfAbsent(file.getParent(), dir -> new HashSet<>())
                    .add(file.getFileName().toString());
        }
        for (Map.Entry<Path, Set<String>> entry : namesByDirectory.entrySet()) {
            if (!Files.isDirectory(entry.getKey(), LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (DirectoryStream<Path> children = Files.newDirectoryStream(entry.getKey())) {
                for (Path child : children) {
                    String name = child.getFileName().toString();
                    if (entry.getValue().stream().anyMatch(owner -> TemporaryFiles.isTemporaryOf(name, owner))
                            && !Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(child);
                    }
                }
            }
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
