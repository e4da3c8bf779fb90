// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.file;

import io.github.releasechannels.publish.FileStore;
import io.github.releasechannels.publish.Headers;
import io.github.releasechannels.publish.StoredFile;
import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.TargetPathException;
import io.github.releasechannels.publish.TargetReadLimit;
import io.github.releasechannels.publish.TemporaryFiles;
import io.github.releasechannels.site.SiteFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
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
 *
 * <p>Nothing outside the directory is ever read, written or deleted: a symbolic link on the way to a file (a channel
 * directory, the file itself, the manifest) must lead to a real path inside the target's real path, or the publish
 * stops naming it. Only regular files are read, and only up to {@link TargetReadLimit#MAX_BYTES}, so a FIFO or a device
 * cannot hang or exhaust the publish. A deletion removes a link, never what it points to, and never removes a linked
 * directory. (A link swapped in between the check and the use is not caught; whoever can do that owns the docroot.)
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
        Path file = contained(path);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (attributes.isDirectory()) {
            throw new TargetPathException(path, describe(), "is a directory where the site has a file; move it away");
        }
        requireRegularFile(path, attributes);
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(TargetReadLimit.readAll(in, path, describe()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw permanentOrNot("read " + file, e);
        }
    }

    @Override
    public Map<String, StoredFile> stat(Collection<String> paths) throws IOException {
        Map<String, StoredFile> existing = new TreeMap<>();
        for (String path : paths) {
            // A directory where the site has a file counts as missing: writing it then names the problem.
            Optional<byte[]> content = Files.isDirectory(contained(path)) ? Optional.empty() : read(path);
            content.ifPresent(bytes ->
                    existing.put(path, new StoredFile(path, Optional.of(SiteFile.sha256(bytes)), Optional.empty())));
        }
        return existing;
    }

    @Override
    public void write(SiteFile file, Headers headers) throws IOException {
        Path destination = contained(file.path());
        Path temporary = stage(destination, file);
        try {
            // A rename replaces a link at the destination itself; it never writes through it.
            Files.move(temporary, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw permanentOrNot("write " + destination, e);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Creating by hard link: link(2) refuses an existing name, and the file appears with all its content. */
    /**
     * No per-file headers; creation is exclusive (a hard link); files are written through their own temporary
     * names, so a few operations at once are safe, and a disk gains little more than four.
     */
    @Override
    public Capabilities capabilities() {
        return Capabilities.plainFiles(ConditionalWrites.EXCLUSIVE_CREATE, 4);
    }

    /** Checks, then writes: safe under the publish lock, which orders every writer of the directory. */
    @Override
    public boolean replaceIfUnchanged(SiteFile file, Headers headers, String expected) throws IOException {
        return FileStore.replaceAfterCheck(this, file, headers, expected);
    }

    @Override
    public boolean createIfAbsent(SiteFile file, Headers headers) throws IOException {
        Path destination = contained(file.path());
        Path temporary = stage(destination, file);
        try {
            Files.createLink(destination, temporary);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw permanentOrNot("create " + destination, e);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The content under a temporary name beside {@code destination}, flushed to disk. */
    private Path stage(Path destination, SiteFile file) throws IOException {
        Path temporary = destination.resolveSibling(
                TemporaryFiles.staging(destination.getFileName().toString()));
        try {
            Files.createDirectories(destination.getParent());
            // Created like any new file (the umask applies), so the web server can read it after the rename.
            try (OutputStream out =
                    Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(file.content());
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            return temporary;
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw permanentOrNot("write " + temporary, e);
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
            Path file = contained(path);
            namesByDirectory
                    .computeIfAbsent(file.getParent(), dir -> new HashSet<>())
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
        Path file = contained(path);
        try {
            // Deletes a link itself, never the file it points to.
            Files.deleteIfExists(file);
            // Remove the channel's directories once empty, but never the root, a linked directory or one with
            // other files.
            for (Path dir = file.getParent();
                    dir != null && !dir.equals(root) && dir.startsWith(root) && !Files.isSymbolicLink(dir);
                    dir = dir.getParent()) {
                try {
                    Files.deleteIfExists(dir);
                } catch (DirectoryNotEmptyException e) {
                    break;
                }
            }
        } catch (IOException e) {
            throw permanentOrNot("delete " + file, e);
        }
    }

    /**
     * The file for a site path, after checking each part of it that exists: a symbolic link must lead, fully
     * resolved, inside the real path of the target.
     */
    private Path contained(String path) throws IOException {
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new TargetPathException(path, describe(), "is outside the target");
        }
        if (!Files.exists(root)) {
            return file;
        }
        Path realRoot = root.toRealPath();
        Path part = root;
        for (Path segment : root.relativize(file)) {
            part = part.resolve(segment);
            if (!Files.exists(part, LinkOption.NOFOLLOW_LINKS)) {
                break;
            }
            if (!Files.isSymbolicLink(part)) {
                continue;
            }
            Path real;
            try {
                real = part.toRealPath();
            } catch (NoSuchFileException | FileSystemLoopException e) {
                throw TargetPathException.linkLeadsNowhere(
                        path,
                        describe(),
                        part.toString(),
                        Files.readSymbolicLink(part).toString());
            }
            if (!real.startsWith(realRoot)) {
                throw TargetPathException.linkLeavesTarget(
                        path, describe(), part.toString(), real.toString(), realRoot.toString());
            }
        }
        return file;
    }

    private void requireRegularFile(String path, BasicFileAttributes attributes) throws IOException {
        if (!attributes.isRegularFile()) {
            throw new TargetPathException(
                    path,
                    describe(),
                    "is not a regular file (a FIFO, a socket or a device?):"
                            + " reading it could block or never end. Remove it and publish again");
        }
        TargetReadLimit.checkSize(attributes.size(), path, describe());
    }

    /** Local failures that stay until someone fixes the directory are not retried; others may pass. */
    private IOException permanentOrNot(String what, IOException e) {
        if (e instanceof TargetException) {
            return e;
        }
        if (e instanceof AccessDeniedException) {
            return new TargetException(
                    "Permission denied to " + what + ": the user running Maven needs write " + "access to " + root
                            + " and its subdirectories",
                    e);
        }
        if (e instanceof NotDirectoryException || e instanceof FileAlreadyExistsException) {
            return new TargetException(
                    "Cannot " + what + ": " + e.getMessage() + " is in the way (a file where "
                            + "the site needs a directory); move it away",
                    e);
        }
        return e;
    }

    @Override
    public void close() {}
}
