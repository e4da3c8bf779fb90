// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.sftp;

import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.TargetPathException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpException;

/**
 * Keeps every operation inside the target directory: a symbolic link on the server on the way to a file (a channel
 * directory, the file itself, the manifest) must lead, fully resolved, inside the target's real path, or the publish
 * stops naming it. The links are followed here, with {@code lstat} and {@code readlink}, because SFTP's
 * {@code realpath} does not resolve them on every server (MINA SSHD only normalises the text); each directory is
 * resolved once per publish and session. (A link swapped in between the check and the use is not caught; whoever can
 * do that owns the server.) Not thread-safe: the store uses it under its own lock.
 */
final class LinkContainment {

    /** Links followed for one path before it counts as a loop, as Linux's path resolution does. */
    static final int MAX_LINKS = 40;

    /**
     * Where a path on the server leads once every link in it is followed: its real path, whether something is there,
     * and, when the path itself is a symbolic link, the link's text.
     */
    record Resolved(String real, boolean exists, Optional<String> link) {}

    private static final Resolved SERVER_ROOT = new Resolved("/", true, Optional.empty());

    private final SftpTarget target;
    private final String store;
    private final SftpErrors errors;
    /** What each name in a link-free directory on the server leads to, by that name's path; see {@link #child}. */
    private final Map<String, Resolved> resolvedPaths = new HashMap<>();

    private Resolved realRoot;

    /** @param store the store's description, for messages */
    LinkContainment(SftpTarget target, String store, SftpErrors errors) {
        this.target = target;
        this.store = store;
        this.errors = errors;
    }

    /** Forgets every resolved link: a new publish or session looks at the server again. */
    void forget() {
        resolvedPaths.clear();
        realRoot = null;
    }

    /**
     * The directories of a site path on the server, from the target's down, each checked before anything in them is
     * read, written or removed: a symbolic link among them must lead, fully resolved, to an existing place inside the
     * target's real path. Resolved once per directory and publish, so a publish costs one {@code lstat} per
     * directory of the site beyond the files it reads anyway (and one per segment of the target's path).
     *
     * @param what the operation, for the message if the session breaks
     */
    List<Resolved> checkedDirectories(SftpClient sftp, String path, String what) throws IOException {
        try {
            Resolved directory = realRoot(sftp);
            List<Resolved> directories = new ArrayList<>();
            String lexical = target.root();
            String[] segments = path.split("/", -1);
            for (int i = 0; i < segments.length - 1; i++) {
                lexical = RemotePaths.join(lexical, segments[i]);
                directory = child(sftp, directory, segments[i], MAX_LINKS);
                requireInside(path, lexical, directory);
                directories.add(directory);
            }
            return directories;
        } catch (SftpException e) {
            throw errors.failure(what, e);
        } catch (TargetException e) {
            throw e;
        } catch (IOException e) {
            throw errors.lost(what, e);
        }
    }

    /** The innermost of {@link #checkedDirectories}: the directory a site file is in. */
    Resolved lastOf(List<Resolved> directories) {
        return directories.isEmpty() ? realRoot : directories.get(directories.size() - 1);
    }

    /**
     * Refuses the site file {@code path} at {@code remote} in the checked {@code directory} when it is a link that
     * leads outside the target or nowhere.
     */
    void requireFileInside(
            SftpClient sftp, String path, String remote, Resolved directory, Optional<SftpClient.Attributes> found)
            throws IOException {
        requireInside(path, remote, follow(sftp, directory.real(), RemotePaths.name(remote), found, MAX_LINKS));
    }

    /** The real path of the target's directory, resolved once per publish and session. */
    private Resolved realRoot(SftpClient sftp) throws IOException {
        if (realRoot == null) {
            realRoot = walk(sftp, SERVER_ROOT, target.root(), MAX_LINKS);
        }
        return realRoot;
    }

    /** Refuses a path through {@code lexical} when that is a link leading outside the target or nowhere. */
    private void requireInside(String path, String lexical, Resolved resolved) throws TargetPathException {
        if (resolved.link().isEmpty()) {
            // A plain entry of a directory already found inside the target.
            return;
        }
        if (!resolved.exists()) {
            throw TargetPathException.linkLeadsNowhere(
                    path, store, lexical, resolved.link().get());
        }
        String root = realRoot.real();
        if (!root.equals("/")
                && !resolved.real().equals(root)
                && !resolved.real().startsWith(root + "/")) {
            throw TargetPathException.linkLeavesTarget(path, store, lexical, resolved.real(), root);
        }
    }

    /** The entry {@code name} of a resolved directory: itself, or where it leads when it is a link. */
    private Resolved child(SftpClient sftp, Resolved directory, String name, int linksLeft) throws IOException {
        String path = RemotePaths.join(directory.real(), name);
        if (!directory.exists()) {
            // Nothing below a missing directory exists, so no link either.
            return new Resolved(path, false, Optional.empty());
        }
        Resolved known = resolvedPaths.get(path);
        if (known == null) {
            known = follow(sftp, directory.real(), name, RemotePaths.lstat(sftp, path), linksLeft);
            resolvedPaths.put(path, known);
        }
        return known;
    }

    /** Where the entry {@code name} of the real directory {@code directory}, with these attributes, leads. */
    private Resolved follow(
            SftpClient sftp, String directory, String name, Optional<SftpClient.Attributes> attributes, int linksLeft)
            throws IOException {
        String path = RemotePaths.join(directory, name);
        if (attributes.isEmpty() || !attributes.get().isSymbolicLink()) {
            return new Resolved(path, attributes.isPresent(), Optional.empty());
        }
        String link = sftp.readLink(path);
        if (linksLeft == 0) {
            // A loop leads nowhere.
            return new Resolved(path, false, Optional.of(link));
        }
        Resolved from = link.startsWith("/") ? SERVER_ROOT : new Resolved(directory, true, Optional.empty());
        Resolved end = walk(sftp, from, link, linksLeft - 1);
        return new Resolved(end.real(), end.exists(), Optional.of(link));
    }

    /** Follows {@code relative} segment by segment from a resolved directory, as the server resolves a path. */
    private Resolved walk(SftpClient sftp, Resolved from, String relative, int linksLeft) throws IOException {
        Resolved current = from;
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            current = segment.equals("..")
                    ? new Resolved(RemotePaths.parent(current.real()), current.exists(), Optional.empty())
                    : child(sftp, current, segment, linksLeft);
        }
        return new Resolved(current.real(), current.exists(), Optional.empty());
    }
}
