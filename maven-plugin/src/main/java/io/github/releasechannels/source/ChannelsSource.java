package io.github.releasechannels.source;

import io.github.releasechannels.config.ChannelsFileException;
import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.config.Problem;
import io.github.releasechannels.model.Rollback;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.model.SourceLocation;
import io.github.releasechannels.files.BoundedRead;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Reads {@code channels.yaml} from the working tree, or from a commit through JGit without touching the working
 * tree, and says which commit the content belongs to.
 */
public final class ChannelsSource {

    /** Bytes of a channels file and where they came from. */
    public record Content(byte[] bytes, Source source) {
    }

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
            throw problem(shown, "the file does not exist", "create it (see docs/channels-yaml.md) or point "
                    + "releaseChannels.file at it");
        }
        Path real;
        try {
            real = absolute.toRealPath();
        } catch (NoSuchFileException e) {
            throw problem(shown, "the file is a symbolic link to " + e.getFile() + ", which does not exist",
                    "replace the link with the channels file itself");
        }
        try (Repository repository = openRepository(absolute)) {
            List<Path> allowed = new ArrayList<>();
            if (Files.isDirectory(baseDirectory)) {
                allowed.add(baseDirectory.toRealPath());
            }
            if (repository != null) {
                allowed.add(repository.getWorkTree().toPath().toRealPath());
            }
            if (allowed.stream().noneMatch(real::startsWith)) {
                String where = real.equals(absolute) ? "the file is outside the project and its git work tree"
                        : "the file is a symbolic link leading outside the project and its git work tree, to " + real;
                throw problem(shown, where + "; it is not read", "keep the channels file as a regular file in the "
                        + "repository (a link in a pull request could point at any file of the build machine)");
            }
            byte[] bytes;
            try {
                // One byte over the parser's limit is enough for it to report the size.
                bytes = BoundedRead.regularFile(real, ChannelsFileParser.MAX_FILE_BYTES);
            } catch (BoundedRead.NotARegularFileException e) {
                throw problem(shown, "the file is " + e.kind() + ", not a regular file; it is not read",
                        "make releaseChannels.file a regular file in the repository");
            }
            return withCommit(repository, absolute, shown, bytes);
        }
    }

    /**
     * What git says of the working tree's {@code file} against {@code HEAD}, for a message: e.g.
     * {@code teleport/channels.yaml: modified}, {@code ...: staged, not committed}, {@code ...: untracked}. Empty
     * outside a repository, or when git sees no change.
     */
    public Optional<String> workingTreeChange(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        try (Repository repository = openRepository(absolute)) {
            if (repository == null) {
                return Optional.empty();
            }
            String path = pathInRepository(repository, absolute);
            Status status = Git.wrap(repository).status().addPath(path).call();
            List<String> changes = new ArrayList<>();
            if (status.getUntracked().contains(path)) {
                changes.add("untracked, never committed");
            }
            if (status.getAdded().contains(path)) {
                changes.add("added to the index, never committed");
            }
            if (status.getChanged().contains(path)) {
                changes.add("staged, not committed");
            }
            if (status.getModified().contains(path)) {
                changes.add("modified");
            }
            return changes.isEmpty() ? Optional.empty() : Optional.of(path + ": " + String.join(", ", changes));
        } catch (GitAPIException e) {
            throw new IOException("cannot read the git status of " + file + ": " + e.getMessage(), e);
        }
    }

    private static Content withCommit(Repository repository, Path absolute, String shown, byte[] bytes)
            throws IOException {
        if (repository == null) {
            return new Content(bytes, Source.untracked(shown));
        }
        ObjectId head = repository.resolve(Constants.HEAD + "^{commit}");
        if (head == null) {
            return new Content(bytes, Source.untracked(shown));
        }
        RevCommit commit = parseCommit(repository, head);
        Optional<byte[]> committed = readBlob(repository, commit, pathInRepository(repository, absolute));
        boolean changed = committed.map(blob -> !Arrays.equals(blob, bytes)).orElse(true);
        return new Content(bytes, source(shown, commit, changed));
    }

    /**
     * The file as committed at {@code ref} (a branch, tag or commit, such as {@code origin/main}). When that commit
     * is not the work tree's {@code HEAD}, the source carries a {@link Rollback}.
     *
     * @throws ChannelsFileException when the file is not in a repository, the ref does not exist or the file is not
     *                               in that commit
     */
    public Content readAtRef(Path file, String ref) throws IOException, ChannelsFileException {
        Path absolute = file.toAbsolutePath().normalize();
        String shown = displayName(absolute);
        try (Repository repository = openRepository(absolute)) {
            if (repository == null) {
                throw problem(shown, "releaseChannels.ref is '" + ref + "' but the file is not in a git repository",
                        "run in a git clone, or leave releaseChannels.ref unset to read the file from disk");
            }
            ObjectId commitId;
            try {
                commitId = repository.resolve(ref + "^{commit}");
            } catch (RevisionSyntaxException e) {
                commitId = null;
            }
            if (commitId == null) {
                throw problem(shown, "the git ref '" + ref + "' does not exist in " + repository.getWorkTree(),
                        "check the name with 'git rev-parse " + ref + "' (run 'git fetch' for remote branches)");
            }
            RevCommit commit = parseCommit(repository, commitId);
            String path = pathInRepository(repository, absolute);
            Optional<byte[]> bytes = readBlob(repository, commit, path);
            if (bytes.isEmpty()) {
                throw problem(shown, "'" + path + "' is not in commit " + commit.name() + " (ref '" + ref + "')",
                        "commit the file on that ref, or choose another releaseChannels.ref");
            }
            // The one place a rollback is decided: the ref's commit is not what the work tree has checked out.
            ObjectId head = repository.resolve(Constants.HEAD + "^{commit}");
            Optional<Rollback> rollback = head == null || head.equals(commit)
                    ? Optional.empty() : Optional.of(new Rollback(ref, head.name(), commit.name()));
            return new Content(bytes.get(), source(shown, commit, false, rollback));
        }
    }

    private static Source source(String shown, RevCommit commit, boolean uncommittedChanges) {
        return source(shown, commit, uncommittedChanges, Optional.empty());
    }

    private static Source source(String shown, RevCommit commit, boolean uncommittedChanges,
            Optional<Rollback> rollback) {
        return new Source(shown, Optional.of(commit.name()),
                Optional.of(commit.getCommitterIdent().getWhenAsInstant()), uncommittedChanges, rollback);
    }

    private static RevCommit parseCommit(Repository repository, ObjectId commitId) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(commitId);
        }
    }

    private static ChannelsFileException problem(String shown, String message, String fix) {
        return new ChannelsFileException(List.of(new Problem(SourceLocation.wholeFile(shown), message, fix)));
    }

    /** How {@code file} is named in messages: relative to the base directory when inside it. */
    public String displayName(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(baseDirectory)
                ? baseDirectory.relativize(absolute).toString().replace('\\', '/')
                : absolute.toString();
    }

    private static Repository openRepository(Path file) throws IOException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment()
                .findGitDir(file.getParent().toFile());
        if (builder.getGitDir() == null) {
            return null;
        }
        Repository repository = builder.setMustExist(true).build();
        if (repository.isBare()) {
            repository.close();
            return null;
        }
        return repository;
    }

    private static String pathInRepository(Repository repository, Path file) throws IOException {
        Path workTree = repository.getWorkTree().toPath().toRealPath();
        Path real = Files.exists(file) ? file.toRealPath() : file.getParent().toRealPath().resolve(file.getFileName());
        return workTree.relativize(real).toString().replace('\\', '/');
    }

    private static Optional<byte[]> readBlob(Repository repository, RevCommit commit, String path)
            throws IOException {
        try (TreeWalk tree = TreeWalk.forPath(repository, path, commit.getTree())) {
            if (tree == null || (tree.getRawMode(0) & 0170000) != 0100000) {
                return Optional.empty();
            }
            ObjectLoader blob = repository.open(tree.getObjectId(0));
            // One byte over the parser's limit is enough for it to report the size.
            return Optional.of(blob.getSize() > ChannelsFileParser.MAX_FILE_BYTES
                    ? new byte[ChannelsFileParser.MAX_FILE_BYTES + 1] : blob.getBytes());
        }
    }
}
