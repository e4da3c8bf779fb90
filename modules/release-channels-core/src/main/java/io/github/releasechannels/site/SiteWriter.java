// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.site;

import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.files.BoundedRead;
import io.github.releasechannels.text.LogText;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.io.file.PathUtils;

/**
 * Writes a site into a directory: as a whole ({@link #write}: the new site is built beside it and swapped in, so a
 * failure never leaves a half-written or mixed directory), or by changing only the files that differ
 * ({@link #update}). Either way files of removed channels disappear, and a directory holding files that are not this
 * plugin's is refused before anything is written.
 */
public final class SiteWriter {

    private final String ownerFile;
    private final String parameter;

    /** A writer of sites, which own a directory holding their {@code release-channels.json}. */
    public SiteWriter() {
        this(SiteLayout.MANIFEST_FILE, "releaseChannels.outputDirectory");
    }

    /**
     * A writer of another set of generated files, such as the cluster resources.
     *
     * @param ownerFile a file every such set holds: a directory with it was written by this plugin and may be replaced
     * @param parameter the parameter that names the directory, for the message when it is someone else's
     */
    public SiteWriter(String ownerFile, String parameter) {
        this.ownerFile = ownerFile;
        this.parameter = parameter;
    }

    /**
     * Replaces {@code directory} with exactly the files of {@code site}.
     *
     * @throws NotASiteDirectoryException when {@code directory} holds files but is not a site this plugin wrote
     * @throws IOException                when writing fails; {@code directory} is then as it was
     */
    public void write(Site site, Path directory) throws IOException, NotASiteDirectoryException {
        write(site.files(), directory);
    }

    /**
     * Replaces {@code directory} with exactly {@code files}, which should include the owner file.
     *
     * @throws NotASiteDirectoryException when {@code directory} holds files but is not this plugin's
     * @throws IOException                when writing fails; {@code directory} is then as it was
     */
    public void write(List<SiteFile> files, Path directory) throws IOException, NotASiteDirectoryException {
        Path target = directory.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) {
            throw notOurs(target);
        }
        Files.createDirectories(parent);
        refuseForeignDirectory(target, Set.of());
        removeLeftovers(parent, target.getFileName().toString());

        String name = target.getFileName().toString();
        Path staging = parent.resolve("." + name + ".staging-" + UUID.randomUUID());
        Path previous = parent.resolve("." + name + ".previous-" + UUID.randomUUID());
        try {
            Files.createDirectory(staging);
            // Each channel directory is created once, not checked again for each of its files.
            Set<Path> directories = new HashSet<>();
            for (SiteFile file : files) {
                Path path = staging.resolve(file.path());
                if (directories.add(path.getParent())) {
                    Files.createDirectories(path.getParent());
                }
                Files.write(path, file.content());
            }
            boolean hadPrevious = Files.exists(target);
            if (hadPrevious) {
                Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (hadPrevious) {
                    Files.move(previous, target, StandardCopyOption.ATOMIC_MOVE);
                }
                throw e;
            }
            if (hadPrevious) {
                PathUtils.deleteDirectory(previous);
            }
        } finally {
            if (Files.exists(staging)) {
                PathUtils.deleteDirectory(staging);
            }
        }
    }

    /** What {@link #update} did: files written, files removed, files that already held the site's bytes. */
    public record Update(int written, long writtenBytes, int removed, int unchanged) {}

    /**
     * Brings {@code directory} to exactly the files of {@code site} by writing only the files whose bytes differ and
     * removing the files of removed channels, the manifest last. For a copy of a site whose record is elsewhere
     * (deploy's local copy: the target is the record), so it is neither swapped in as a whole nor synced to disk;
     * each written file is renamed into place, so no file is ever seen half-written. A directory that does not exist
     * yet, or that is not a plain directory (a symbolic link), is written as a whole by {@link #write}. Refuses what
     * {@link #write} refuses; a file at a path this site writes that its manifest does not list yet (left by an
     * update that was killed) is overwritten. Nothing is read or written through a symbolic link.
     *
     * @throws NotASiteDirectoryException when {@code directory} holds files but is not a site this plugin wrote
     * @throws IOException                when reading or writing fails; each file is then old or new
     */
    public Update update(Site site, Path directory) throws IOException, NotASiteDirectoryException {
        Path target = directory.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) {
            throw notOurs(target);
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            write(site, target);
            return new Update(site.files().size(), site.totalBytes(), 0, 0);
        }
        Map<String, SiteFile> wanted = new HashMap<>(site.files().size() * 2);
        site.files().forEach(file -> wanted.put(file.path(), file));
        Map<String, BasicFileAttributes> present = refuseForeignDirectory(target, wanted.keySet());
        String name = target.getFileName().toString();
        removeLeftovers(parent, name);

        // Deletions first, deepest first: a removed file may stand where the new site needs a directory, and the
        // other way round. A directory goes once empty: everything in it was owned and is removed before it.
        Set<String> wantedDirectories = directories(wanted.keySet());
        List<String> gone = present.entrySet().stream()
                .filter(entry -> entry.getValue().isDirectory()
                        ? !wantedDirectories.contains(entry.getKey())
                        : !wanted.containsKey(entry.getKey()))
                .map(Map.Entry::getKey)
                .sorted(Comparator.comparing(SiteWriter::depth).reversed())
                .toList();
        int removed = 0;
        for (String path : gone) {
            Files.delete(target.resolve(path));
            removed += present.get(path).isDirectory() ? 0 : 1;
        }

        Path staging = parent.resolve("." + name + ".staging-" + UUID.randomUUID());
        int written = 0;
        long bytes = 0;
        int unchanged = 0;
        try {
            List<SiteFile> order = new ArrayList<>(site.files());
            order.sort(Comparator.comparing(file -> file.path().equals(SiteLayout.MANIFEST_FILE)));
            Set<Path> created = new HashSet<>();
            for (SiteFile file : order) {
                Path path = target.resolve(file.path());
                BasicFileAttributes attributes = present.get(file.path());
                if (attributes != null
                        && attributes.isRegularFile()
                        && attributes.size() == file.size()
                        && Arrays.equals(BoundedRead.regularFile(path, file.size()), file.content())) {
                    unchanged++;
                    continue;
                }
                if (written == 0) {
                    Files.createDirectory(staging);
                }
                Path temporary = staging.resolve(Integer.toString(written));
                Files.write(temporary, file.content());
                if (created.add(path.getParent())) {
                    Files.createDirectories(path.getParent());
                }
                // A rename replaces a link or a stale file at the path itself, never what a link points to.
                Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
                written++;
                bytes += file.size();
            }
        } finally {
            if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
                PathUtils.deleteDirectory(staging);
            }
        }
        return new Update(written, bytes, removed, unchanged);
    }

    private static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count();
    }

    /** Every directory above the given file paths, e.g. {@code stable} for {@code stable/cloud/version}. */
    private static Set<String> directories(Set<String> files) {
        Set<String> directories = new HashSet<>();
        for (String path : files) {
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                directories.add(path.substring(0, slash));
            }
        }
        return directories;
    }

    /**
     * Guards against replacing a directory of the user's own, such as the project itself, or a served docroot
     * ({@code CNAME}, {@code .well-known/} beside a deployed site): a site's every entry must be a file its manifest
     * lists (or one of {@code alsoOwned}); another set of files must hold its owner file.
     *
     * @return for a site's directory, each entry below it by relative path (not following links); else empty
     */
    private Map<String, BasicFileAttributes> refuseForeignDirectory(Path target, Set<String> alsoOwned)
            throws IOException, NotASiteDirectoryException {
        if (!Files.exists(target)) {
            return Map.of();
        }
        if (!Files.isDirectory(target)) {
            throw notOurs(target);
        }
        if (!ownerFile.equals(SiteLayout.MANIFEST_FILE)) {
            if (Files.isRegularFile(target.resolve(ownerFile), LinkOption.NOFOLLOW_LINKS)) {
                return Map.of();
            }
            refuseIfNotEmpty(target);
            return Map.of();
        }
        Path manifestFile = target.resolve(SiteLayout.MANIFEST_FILE);
        if (!Files.exists(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
            refuseIfNotEmpty(target);
            return Map.of();
        }
        Set<String> owned = new HashSet<>(alsoOwned);
        owned.add(SiteLayout.MANIFEST_FILE);
        try {
            byte[] bytes = BoundedRead.regularFile(manifestFile, Manifest.MAX_BYTES);
            if (bytes.length > Manifest.MAX_BYTES) {
                throw new Manifest.InvalidManifestException("it is larger than " + Manifest.MAX_BYTES + " bytes");
            }
            Manifest.parse(bytes).files().forEach(file -> owned.add(file.path()));
        } catch (BoundedRead.NotARegularFileException | Manifest.InvalidManifestException e) {
            throw new NotASiteDirectoryException(
                    target,
                    target + " holds a " + SiteLayout.MANIFEST_FILE
                            + " this plugin cannot read (" + e.getMessage()
                            + "); refusing to replace it. Choose a new or "
                            + "empty directory for " + parameter);
        }
        Set<String> ownedDirectories = directories(owned);
        Map<String, BasicFileAttributes> entries = new HashMap<>(owned.size() * 2);
        List<String> foreign = new ArrayList<>();
        // Links are not followed: a link is an entry of its own, owned only at a file's path.
        Files.walkFileTree(target, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attributes) {
                return visit(path, attributes);
            }

            @Override
            public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) {
                return visit(path, attributes);
            }

            private FileVisitResult visit(Path path, BasicFileAttributes attributes) {
                if (path.equals(target)) {
                    return FileVisitResult.CONTINUE;
                }
                String relative = target.relativize(path).toString().replace('\\', '/');
                boolean directory = attributes.isDirectory();
                entries.put(relative, attributes);
                if (directory ? !ownedDirectories.contains(relative) : !owned.contains(relative)) {
                    foreign.add(relative + (directory ? "/" : ""));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        if (!foreign.isEmpty()) {
            Collections.sort(foreign);
            String shown = LogText.escape(String.join(", ", foreign.subList(0, Math.min(5, foreign.size()))))
                    + (foreign.size() > 5 ? " and " + (foreign.size() - 5) + " more" : "");
            throw new NotASiteDirectoryException(
                    target,
                    target + " holds files its " + SiteLayout.MANIFEST_FILE
                            + " does not list (" + shown + "): it looks like a served directory, and generate replaces "
                            + "the directory as a whole, deleting them and leaving a moment where every channel is a 404. "
                            + "Refusing. To publish into a served directory, use deploy to a file: target (mvn "
                            + "release-channels:deploy -DreleaseChannels.target=" + target.toUri() + "), which changes "
                            + "only the files it owns; keep " + parameter + " a build directory");
        }
        return entries;
    }

    private void refuseIfNotEmpty(Path target) throws IOException, NotASiteDirectoryException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
            if (entries.iterator().hasNext()) {
                throw notOurs(target);
            }
        }
    }

    private NotASiteDirectoryException notOurs(Path directory) {
        return new NotASiteDirectoryException(
                directory,
                directory + " is not empty and holds no " + ownerFile
                        + ", so it is not a directory this plugin wrote; refusing to replace it. Choose a new or empty "
                        + "directory for " + parameter);
    }

    /** Staging or previous directories left by a run that was killed. */
    private static void removeLeftovers(Path parent, String name) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, "." + name + ".{staging,previous}-*")) {
            for (Path leftover : entries) {
                PathUtils.deleteDirectory(leftover);
            }
        }
    }

    /** The output directory exists and holds something other than a site this plugin wrote. */
    public static final class NotASiteDirectoryException extends UserProblemException {
        private final Path directory;

        NotASiteDirectoryException(Path directory, String message) {
            super(message);
            this.directory = directory;
        }

        public Path directory() {
            return directory;
        }
    }
}
