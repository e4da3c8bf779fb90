package io.github.releasechannels.site;

import io.github.releasechannels.files.BoundedRead;
import io.github.releasechannels.text.LogText;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;

/**
 * Writes a site into a directory as a whole: the new site is built beside it and swapped in, so a failure never
 * leaves a half-written or mixed directory, and files of removed channels disappear.
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
    public void write(Site site, Path directory) throws IOException {
        write(site.files(), directory);
    }

    /**
     * Replaces {@code directory} with exactly {@code files}, which should include the owner file.
     *
     * @throws NotASiteDirectoryException when {@code directory} holds files but is not this plugin's
     * @throws IOException                when writing fails; {@code directory} is then as it was
     */
    public void write(List<SiteFile> files, Path directory) throws IOException {
        Path target = directory.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) {
            throw notOurs(target);
        }
        Files.createDirectories(parent);
        refuseForeignDirectory(target);
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

    /**
     * Guards against replacing a directory of the user's own, such as the project itself, or a served docroot
     * ({@code CNAME}, {@code .well-known/} beside a deployed site): a site's every entry must be a file its manifest
     * lists; another set of files must hold its owner file.
     */
    private void refuseForeignDirectory(Path target) throws IOException {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw notOurs(target);
        }
        if (!ownerFile.equals(SiteLayout.MANIFEST_FILE)) {
            if (Files.isRegularFile(target.resolve(ownerFile), LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
                if (entries.iterator().hasNext()) {
                    throw notOurs(target);
                }
            }
            return;
        }
        Path manifestFile = target.resolve(SiteLayout.MANIFEST_FILE);
        if (!Files.exists(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
                if (entries.iterator().hasNext()) {
                    throw notOurs(target);
                }
            }
            return;
        }
        Set<String> owned = new HashSet<>(Set.of(SiteLayout.MANIFEST_FILE));
        try {
            byte[] bytes = BoundedRead.regularFile(manifestFile, Manifest.MAX_BYTES);
            if (bytes.length > Manifest.MAX_BYTES) {
                throw new Manifest.InvalidManifestException("it is larger than " + Manifest.MAX_BYTES + " bytes");
            }
            Manifest.parse(bytes).files().forEach(file -> owned.add(file.path()));
        } catch (BoundedRead.NotARegularFileException | Manifest.InvalidManifestException e) {
            throw new NotASiteDirectoryException(target, target + " holds a " + SiteLayout.MANIFEST_FILE
                    + " this plugin cannot read (" + e.getMessage() + "); refusing to replace it. Choose a new or "
                    + "empty directory for " + parameter);
        }
        Set<String> ownedDirectories = new HashSet<>();
        for (String path : owned) {
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                ownedDirectories.add(path.substring(0, slash));
            }
        }
        List<String> foreign = new ArrayList<>();
        try (Stream<Path> entries = Files.walk(target)) {
            entries.filter(path -> !path.equals(target)).forEach(path -> {
                String relative = target.relativize(path).toString().replace('\\', '/');
                boolean directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
                if (directory ? !ownedDirectories.contains(relative) : !owned.contains(relative)) {
                    foreign.add(relative + (directory ? "/" : ""));
                }
            });
        }
        if (!foreign.isEmpty()) {
            Collections.sort(foreign);
            String shown = LogText.escape(String.join(", ", foreign.subList(0, Math.min(5,
                    foreign.size())))) + (foreign.size() > 5 ? " and " + (foreign.size() - 5) + " more" : "");
            throw new NotASiteDirectoryException(target, target + " holds files its " + SiteLayout.MANIFEST_FILE
                    + " does not list (" + shown + "): it looks like a served directory, and generate replaces "
                    + "the directory as a whole, deleting them and leaving a moment where every channel is a 404. "
                    + "Refusing. To publish into a served directory, use deploy to a file: target (mvn "
                    + "release-channels:deploy -DreleaseChannels.target=" + target.toUri() + "), which changes "
                    + "only the files it owns; keep " + parameter + " a build directory");
        }
    }

    private NotASiteDirectoryException notOurs(Path directory) {
        return new NotASiteDirectoryException(directory, directory + " is not empty and holds no " + ownerFile
                + ", so it is not a directory this plugin wrote; refusing to replace it. Choose a new or empty "
                + "directory for " + parameter);
    }

    /** Staging or previous directories left by a run that was killed. */
    private static void removeLeftovers(Path parent, String name) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent,
                "." + name + ".{staging,previous}-*")) {
            for (Path leftover : entries) {
                PathUtils.deleteDirectory(leftover);
            }
        }
    }

    /** The output directory exists and holds something other than a site this plugin wrote. */
    public static final class NotASiteDirectoryException extends IOException {
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
