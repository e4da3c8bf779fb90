package io.github.releasechannels.site;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.io.file.PathUtils;

/**
 * Writes a site into a directory as a whole: the new site is built beside it and swapped in, so a failure never
 * leaves a half-written or mixed directory, and files of removed channels disappear.
 */
public final class SiteWriter {

    /**
     * Replaces {@code directory} with exactly the files of {@code site}.
     *
     * @throws NotASiteDirectoryException when {@code directory} holds files but is not a site this plugin wrote
     * @throws IOException                when writing fails; {@code directory} is then as it was
     */
    public void write(Site site, Path directory) throws IOException {
        Path target = directory.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) {
            throw new NotASiteDirectoryException(target);
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
            for (SiteFile file : site.files()) {
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

    /** Guards against replacing a directory of the user's own, such as the project itself. */
    private static void refuseForeignDirectory(Path target) throws IOException {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new NotASiteDirectoryException(target);
        }
        if (Files.isRegularFile(target.resolve(SiteLayout.MANIFEST_FILE))) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
            if (entries.iterator().hasNext()) {
                throw new NotASiteDirectoryException(target);
            }
        }
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

        NotASiteDirectoryException(Path directory) {
            super(directory + " is not empty and holds no " + SiteLayout.MANIFEST_FILE
                    + ", so it is not a site this plugin wrote; refusing to replace it. "
                    + "Choose a new or empty directory for releaseChannels.outputDirectory");
            this.directory = directory;
        }

        public Path directory() {
            return directory;
        }
    }
}
