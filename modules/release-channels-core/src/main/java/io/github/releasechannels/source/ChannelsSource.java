// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.source;

import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.config.Problem;
import io.github.releasechannels.files.BoundedRead;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.model.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code channels.yaml} from the working tree, or from a commit through JGit without touching the working
 * tree, and says which commit the content belongs to. A working-tree read learns HEAD's commit from
 * {@link GitHeadReader}, without loading JGit, unless the repository's layout is one that only JGit reads.
 */
public final class ChannelsSource {

    /** Bytes of a channels file and where they came from. */
    @SuppressWarnings("ArrayRecordComponent") // carries bytes read; never compared, hashed or used as a key
    public record Content(byte[] bytes, Source source) {}

    private final Path baseDirectory;

    /** @param baseDirectory the directory paths in messages are shown relative to (the Maven project) */
    public ChannelsSource(Path baseDirectory) {
        this.baseDirectory = baseDirectory.toAbsolutePath().normalize();
    }

    /**
     * The file as it is on disk, with the commit of {@code HEAD} when it is in a git repository. It must be a regular
     * file whose real path is inside the project or the git work tree holding it: a symbolic link to a credentials
     * file, a FIFO or {@code /dev/zero} is refused before anything of it is read, so nothing of it can be quoted.
     */
    public Content readWorkingTree(Path file) throws IOException, ChannelsFileException {
        Path absolute = file.toAbsolutePath().normalize();
        String shown = displayName(absolute);
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            throw problem(
                    shown,
                    "the file does not exist",
                    "create it (see docs/channels-yaml.md) or point " + "releaseChannels.file at it");
        }
        Path real;
        try {
            real = absolute.toRealPath();
        } catch (NoSuchFileException e) {
            throw problem(
                    shown,
                    "the file is a symbolic link to " + e.getFile() + ", which does not exist",
                    "replace the link with the channels file itself");
        }
        Optional<GitHeadReader> git;
        try {
            git = GitHeadReader.find(absolute.getParent(), System::getenv);
        } catch (GitHeadReader.UnsupportedLayoutException e) {
            return readWorkingTreeWithJGit(absolute, shown, real);
        }
        Optional<Path> workTree =
                git.isEmpty() ? Optional.empty() : Optional.of(git.get().workTree());
        byte[] bytes = readContained(absolute, shown, real, workTree);
        if (git.isEmpty()) {
            return new Content(bytes, Source.untracked(shown));
        }
        Optional<GitHeadReader.Head> head = git.get().head(pathInWorkTree(workTree.get(), absolute));
        if (head.isEmpty()) {
            return new Content(bytes, Source.untracked(shown));
        }
        boolean changed = head.get()
                .blob()
                .map(blob -> !blob.equals(GitHeadReader.blobId(bytes)))
                .orElse(true);
        return new Content(
                bytes,
                new Source(
                        shown,
                        Optional.of(head.get().commit()),
                        Optional.of(head.get().committed()),
                        changed,
                        Optional.empty()));
    }

    /** {@link #readWorkingTree} for the repository layouts {@link GitHeadReader} leaves to JGit. */
    private Content readWorkingTreeWithJGit(Path absolute, String shown, Path real)
            throws IOException, ChannelsFileException {
        try (JGitSource repository = JGitSource.open(absolute)) {
            byte[] bytes = readContained(absolute, shown, real, repository.workTree());
            Optional<Path> workTree = repository.workTree();
            return new Content(
                    bytes,
                    workTree.isEmpty()
                            ? Source.untracked(shown)
                            : repository.headSource(shown, pathInWorkTree(workTree.get(), absolute), bytes));
        }
    }

    /**
     * The file's bytes once its real path is known to be inside the project or {@code workTree}, and it is a
     * regular file.
     */
    private byte[] readContained(Path absolute, String shown, Path real, Optional<Path> workTree)
            throws IOException, ChannelsFileException {
        List<Path> allowed = new ArrayList<>();
        if (Files.isDirectory(baseDirectory)) {
            allowed.add(baseDirectory.toRealPath());
        }
        if (workTree.isPresent()) {
            allowed.add(workTree.get().toRealPath());
        }
        if (allowed.stream().noneMatch(real::startsWith)) {
            String where = real.equals(absolute)
                    ? "the file is outside the project and its git work tree"
                    : "the file is a symbolic link leading outside the project and its git work tree, to " + real;
            throw problem(
                    shown,
                    where + "; it is not read",
                    "keep the channels file as a regular file in the "
                            + "repository (a link in a pull request could point at any file of the build machine)");
        }
        try {
            // One byte over the parser's limit is enough for it to report the size.
            return BoundedRead.regularFile(real, ChannelsFileParser.MAX_FILE_BYTES);
        } catch (BoundedRead.NotARegularFileException e) {
            throw problem(
                    shown,
                    "the file is " + e.kind() + ", not a regular file; it is not read",
                    "make releaseChannels.file a regular file in the repository");
        }
    }

    /**
     * What git says of the working tree's {@code file} against {@code HEAD}, for a message: e.g.
     * {@code teleport/channels.yaml: modified}, {@code ...: staged, not committed}, {@code ...: untracked}. Empty
     * outside a repository, or when git sees no change. Asked only once a change is known, so JGit loads only then.
     */
    public Optional<String> workingTreeChange(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        try (JGitSource repository = JGitSource.open(absolute)) {
            Optional<Path> workTree = repository.workTree();
            if (workTree.isEmpty()) {
                return Optional.empty();
            }
            return repository.workingTreeChange(pathInWorkTree(workTree.get(), absolute));
        }
    }

    /**
     * The file as committed at {@code ref} (a branch, tag or commit, such as {@code origin/main}). When that commit
     * is not the work tree's {@code HEAD}, the source carries a {@link io.github.releasechannels.model.Rollback}.
     *
     * @throws ChannelsFileException when the file is not in a repository, the ref does not exist or the file is not
     *                               in that commit
     */
    public Content readAtRef(Path file, String ref) throws IOException, ChannelsFileException {
        Path absolute = file.toAbsolutePath().normalize();
        String shown = displayName(absolute);
        return JGitSource.readAtRef(absolute, shown, ref, path -> pathInWorkTree(path, absolute));
    }

    static ChannelsFileException problem(String shown, String message, String fix) {
        return new ChannelsFileException(List.of(new Problem(SourceLocation.wholeFile(shown), message, fix)));
    }

    /** How {@code file} is named in messages: relative to the base directory when inside it. */
    public String displayName(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(baseDirectory)
                ? baseDirectory.relativize(absolute).toString().replace('\\', '/')
                : absolute.toString();
    }

    static String pathInWorkTree(Path workTreePath, Path file) throws IOException {
        Path workTree = workTreePath.toRealPath();
        Path real = Files.exists(file)
                ? file.toRealPath()
                : file.getParent().toRealPath().resolve(file.getFileName());
        return workTree.relativize(real).toString().replace('\\', '/');
    }
}
