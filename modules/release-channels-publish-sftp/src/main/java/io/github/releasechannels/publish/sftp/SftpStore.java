// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.sftp;

import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.FileStore;
import io.github.releasechannels.publish.Headers;
import io.github.releasechannels.publish.NetworkTimeout;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.publish.StoredFile;
import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.TargetPathException;
import io.github.releasechannels.publish.TargetReadLimit;
import io.github.releasechannels.publish.TemporaryFiles;
import io.github.releasechannels.publish.ssh.HostKeyCheck;
import io.github.releasechannels.publish.ssh.PrivateKeys;
import io.github.releasechannels.site.SiteFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.helpers.TimeoutIndicator.TimeoutStatus;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHFsyncExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * A directory on an SFTP server, such as a web server's docroot. Each file is uploaded to a temporary name in its
 * own directory and renamed over the old one, so the web server serves the old or the new file, never a part.
 * One SSH session serves the whole publish; it is opened on first use and reopened only after it dropped.
 *
 * <p>Nothing outside the target directory is read, written or deleted: a symbolic link on the server on the way to a
 * file (a channel directory, the file itself, the manifest) must lead, fully resolved, inside the target's real path,
 * or the publish stops naming it. The links are followed here, with {@code lstat} and {@code readlink}, because SFTP's
 * {@code realpath} does not resolve them on every server (MINA SSHD only normalises the text); each directory is
 * resolved once per publish. A deletion removes a link, never what it points to, and never removes a linked
 * directory. (A link swapped in between the check and the use is not caught; whoever can do that owns the server.)
 *
 * <p>One SFTP session carries every operation, one at a time: the publish's writes and the publish lock's renewals,
 * which come from a thread of their own.
 */
public final class SftpStore implements FileStore {

    static final int FILE_PERMISSIONS = 0644;
    static final int DIRECTORY_PERMISSIONS = 0755;
    private static final int CHUNK = 32 * 1024;
    /** Links followed for one path before it counts as a loop, as Linux's path resolution does. */
    private static final int MAX_LINKS = 40;

    private static final Resolved SERVER_ROOT = new Resolved("/", true, Optional.empty());

    /** How a file is moved over an existing one, best first. */
    enum RenameMethod {
        /** {@code posix-rename@openssh.com}: rename(2) on the server, atomic. */
        POSIX_RENAME,
        /** SFTP v5+ rename with the OVERWRITE and ATOMIC flags. */
        ATOMIC_OVERWRITE,
        /** Old file aside, new file in, old file removed: the path is missing between the two renames. */
        TWO_STEP
    }

    private final SftpTarget target;
    private final Optional<Credentials> credentials;
    private final HostKeyCheck hostKeys;
    private final NetworkTimeout timeout;
    private volatile PublishLog log = PublishLog.SILENT;

    private SshClient client;
    private ClientSession session;
    private SftpClient sftp;
    private RenameMethod renameMethod;
    private List<KeyPair> keys;
    private boolean warnedAboutRename;
    private boolean warnedAboutPermissions;
    private final Set<String> knownDirectories = new HashSet<>();
    private final Set<String> strandedTemporaries = new HashSet<>();
    /** What each name in a link-free directory on the server leads to, by that name's path; see {@link #child}. */
    private final Map<String, Resolved> resolvedPaths = new HashMap<>();

    private Resolved realRoot;

    /**
     * Where a path on the server leads once every link in it is followed: its real path, whether something is there,
     * and, when the path itself is a symbolic link, the link's text.
     */
    private record Resolved(String real, boolean exists, Optional<String> link) {}

    SftpStore(SftpTarget target, Path knownHosts, Optional<Credentials> credentials, NetworkTimeout timeout) {
        this.target = target;
        this.credentials = credentials;
        this.hostKeys = new HostKeyCheck(knownHosts);
        this.timeout = timeout;
    }

    /**
     * Where warnings (e.g. a server without atomic rename) go during the publish that starts now; the links resolved
     * for an earlier publish are looked at again.
     */
    @Override
    public synchronized void logTo(PublishLog log) {
        this.log = log;
        forgetResolvedPaths();
    }

    @Override
    public String describe() {
        String auth = credentials
                .map(c -> {
                    List<String> methods = new ArrayList<>();
                    c.privateKey().ifPresent(key -> methods.add("private key " + key));
                    c.password().ifPresent(password -> methods.add("password"));
                    return String.join(" or ", methods) + " from " + c.source();
                })
                .orElse("no credentials");
        return target + " (" + auth + "; host key checked against " + hostKeys.knownHosts() + ")";
    }

    /** The rename method of the current session, once connected. */
    synchronized Optional<RenameMethod> renameMethod() {
        return Optional.ofNullable(renameMethod);
    }

    @Override
    public synchronized Optional<byte[]> read(String path) throws IOException {
        String remote = remotePath(path);
        SftpClient sftp = sftp();
        Resolved directory = lastOf(checkedDirectories(sftp, path, "read " + remote));
        try {
            // The type first: opening a FIFO would block the server's SFTP process, a device never ends.
            Optional<SftpClient.Attributes> found = lstat(sftp, remote);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            SftpClient.Attributes attributes = found.get();
            if (attributes.isSymbolicLink()) {
                requireInside(path, remote, follow(sftp, directory.real(), name(remote), found, MAX_LINKS));
                attributes = sftp.stat(remote);
            }
            if (!attributes.isRegularFile()) {
                throw new TargetPathException(
                        path,
                        describe(),
                        "is not a regular file (a directory, a FIFO or a "
                                + "device?); move it away and publish again");
            }
            TargetReadLimit.checkSize(attributes.getSize(), path, describe());
            try (InputStream in = sftp.read(remote)) {
                return Optional.of(TargetReadLimit.readAll(in, path, describe()));
            }
        } catch (SftpException e) {
            if (isMissing(e)) {
                return Optional.empty();
            }
            throw failure("read " + remote, e);
        } catch (TargetException e) {
            throw e;
        } catch (IOException e) {
            throw lost("read " + remote, e);
        }
    }

    @Override
    public synchronized Map<String, StoredFile> stat(Collection<String> paths) throws IOException {
        // The site's files are a few bytes each: reading them is as cheap as any metadata and exact.
        Map<String, StoredFile> existing = new TreeMap<>();
        for (String path : paths) {
            read(path)
                    .ifPresent(bytes -> existing.put(
                            path, new StoredFile(path, Optional.of(SiteFile.sha256(bytes)), Optional.empty())));
        }
        return existing;
    }

    @Override
    public synchronized void write(SiteFile file, Headers headers) throws IOException {
        String destination = remotePath(file.path());
        String directory = parent(destination);
        String temporary = directory + "/" + TemporaryFiles.staging(name(destination));
        SftpClient sftp = sftp();
        checkedDirectories(sftp, file.path(), "write " + destination);
        boolean renamed = false;
        try {
            removeStrandedTemporaries(sftp);
            createDirectories(sftp, directory);
            upload(sftp, temporary, file.content());
            replace(sftp, temporary, destination);
            renamed = true;
        } catch (SftpException e) {
            throw failure("write " + destination, e);
        } catch (TargetException e) {
            throw e;
        } catch (IOException e) {
            throw lost("write " + destination, e);
        } finally {
            if (!renamed && !removeQuietly(sftp, temporary)) {
                strandedTemporaries.add(temporary);
            }
        }
    }

    /** Staging files of attempts whose session dropped, removed once a retry has a session again. */
    private void removeStrandedTemporaries(SftpClient sftp) {
        strandedTemporaries.removeIf(path -> removeQuietly(sftp, path));
    }

    @Override
    public synchronized void delete(String path) throws IOException {
        String remote = remotePath(path);
        SftpClient sftp = sftp();
        List<Resolved> directories = checkedDirectories(sftp, path, "delete " + remote);
        try {
            // Removes a link itself, never the file it points to.
            sftp.remove(remote);
        } catch (SftpException e) {
            if (!isMissing(e)) {
                throw failure("delete " + remote, e);
            }
        } catch (IOException e) {
            throw lost("delete " + remote, e);
        }
        // Remove the channel's directories once empty, never the root, a linked directory (nor what holds it) or a
        // directory holding anything else.
        String dir = parent(remote);
        for (int i = directories.size() - 1; i >= 0 && directories.get(i).link().isEmpty(); i--, dir = parent(dir)) {
            try {
                sftp.rmdir(dir);
                knownDirectories.remove(dir);
            } catch (SftpException e) {
                if (!isMissing(e)) {
                    break;
                }
            } catch (IOException e) {
                throw lost("remove the empty directory " + dir, e);
            }
        }
    }

    /**
     * No per-file headers; creation exclusive by the plain SFTP rename, which refuses an existing name (OpenSSH
     * implements it with link(2)); one operation at a time over the one SFTP channel.
     */
    @Override
    public Capabilities capabilities() {
        return Capabilities.plainFiles(ConditionalWrites.EXCLUSIVE_CREATE, 1);
    }

    /** Checks, then writes: safe under the publish lock, which orders every writer of the docroot. */
    @Override
    public boolean replaceIfUnchanged(SiteFile file, Headers headers, String expected) throws IOException {
        return FileStore.replaceAfterCheck(this, file, headers, expected);
    }

    @Override
    public synchronized boolean createIfAbsent(SiteFile file, Headers headers) throws IOException {
        String destination = remotePath(file.path());
        String directory = parent(destination);
        String temporary = directory + "/" + TemporaryFiles.staging(name(destination));
        SftpClient sftp = sftp();
        checkedDirectories(sftp, file.path(), "create " + destination);
        try {
            createDirectories(sftp, directory);
            upload(sftp, temporary, file.content());
            sftp.rename(temporary, destination);
            temporary = null;
            return true;
        } catch (SftpException e) {
            // SFTP v3 servers answer a taken name with a generic failure: look whether it is taken.
            if (e.getStatus() == SftpConstants.SSH_FX_FILE_ALREADY_EXISTS || exists(sftp, destination)) {
                return false;
            }
            throw failure("create " + destination, e);
        } catch (TargetException e) {
            throw e;
        } catch (IOException e) {
            throw lost("create " + destination, e);
        } finally {
            if (temporary != null && !removeQuietly(sftp, temporary)) {
                strandedTemporaries.add(temporary);
            }
        }
    }

    /**
     * Temporary files an interrupted publish left beside these paths (the session dropped before the rename).
     * Only directories whose links stay inside the target are listed, and only those that exist. SFTP's remove
     * deletes a link itself, never what it points to; directories are left alone.
     */
    @Override
    public synchronized void removeTemporaries(Collection<String> paths) throws IOException {
        SftpClient sftp = sftp();
        Map<String, Set<String>> namesByDirectory = new TreeMap<>();
        for (String path : paths) {
            String remote = remotePath(path);
            if (lastOf(checkedDirectories(sftp, path, "list " + parent(remote))).exists()) {
                namesByDirectory
                        .computeIfAbsent(parent(remote), dir -> new HashSet<>())
                        .add(name(remote));
            }
        }
        for (Map.Entry<String, Set<String>> entry : namesByDirectory.entrySet()) {
            List<String> leftovers = new ArrayList<>();
            try {
                for (SftpClient.DirEntry child : sftp.readDir(entry.getKey())) {
                    String name = child.getFilename();
                    if (!child.getAttributes().isDirectory()
                            && entry.getValue().stream().anyMatch(owner -> TemporaryFiles.isTemporaryOf(name, owner))) {
                        leftovers.add(entry.getKey() + "/" + name);
                    }
                }
            } catch (SftpException e) {
                if (isMissing(e)) {
                    continue;
                }
                throw failure("list " + entry.getKey(), e);
            } catch (UncheckedIOException e) {
                // The listing's iterator wraps its errors: a directory not created yet, or a dropped session.
                if (e.getCause() instanceof SftpException sftpError && isMissing(sftpError)) {
                    continue;
                }
                throw lost("list " + entry.getKey(), e.getCause());
            } catch (IOException e) {
                throw lost("list " + entry.getKey(), e);
            }
            leftovers.forEach(path -> removeQuietly(sftp, path));
        }
    }

    private void upload(SftpClient sftp, String temporary, byte[] content) throws IOException {
        try (SftpClient.CloseableHandle handle = sftp.open(
                temporary, SftpClient.OpenMode.Write, SftpClient.OpenMode.Create, SftpClient.OpenMode.Exclusive)) {
            for (int offset = 0; offset < content.length; offset += CHUNK) {
                sftp.write(handle, offset, content, offset, Math.min(CHUNK, content.length - offset));
            }
            setPermissions(sftp, handle, FILE_PERMISSIONS);
            OpenSSHFsyncExtension fsync = sftp.getExtension(OpenSSHFsyncExtension.class);
            if (fsync != null && fsync.isSupported()) {
                fsync.fsync(handle);
            }
        }
    }

    /** Moves {@code from} over {@code to}, atomically where the server can. */
    private void replace(SftpClient sftp, String from, String to) throws IOException {
        switch (renameMethod) {
            case POSIX_RENAME ->
                sftp.getExtension(OpenSSHPosixRenameExtension.class).posixRename(from, to);
            case ATOMIC_OVERWRITE -> {
                try {
                    sftp.rename(from, to, SftpClient.CopyMode.Atomic, SftpClient.CopyMode.Overwrite);
                } catch (SftpException e) {
                    if (e.getStatus() != SftpConstants.SSH_FX_OP_UNSUPPORTED) {
                        throw e;
                    }
                    renameMethod = RenameMethod.TWO_STEP;
                    warnNoAtomicRename();
                    replaceInTwoSteps(sftp, from, to);
                }
            }
            case TWO_STEP -> replaceInTwoSteps(sftp, from, to);
        }
    }

    /**
     * For servers without atomic overwrite (SFTP v3 without the OpenSSH extension, where rename refuses an existing
     * target): the old file is renamed aside, the new one renamed in, then the old one removed. Between the two
     * renames the path is missing; if the second rename fails the old file is put back.
     */
    private void replaceInTwoSteps(SftpClient sftp, String from, String to) throws IOException {
        if (!exists(sftp, to)) {
            sftp.rename(from, to);
            return;
        }
        String aside = parent(to) + "/" + TemporaryFiles.aside(name(to));
        sftp.rename(to, aside);
        try {
            sftp.rename(from, to);
        } catch (IOException e) {
            try {
                sftp.rename(aside, to);
            } catch (IOException restore) {
                e.addSuppressed(restore);
            }
            throw e;
        }
        removeQuietly(sftp, aside);
    }

    private void createDirectories(SftpClient sftp, String directory) throws IOException {
        if (knownDirectories.contains(directory)) {
            return;
        }
        try {
            if (!sftp.stat(directory).isDirectory()) {
                throw new TargetException(directory + " on " + target.host() + " exists but is not a directory; "
                        + "move it away or publish to another path");
            }
        } catch (SftpException e) {
            if (!isMissing(e)) {
                throw e;
            }
            if (!directory.equals("/")) {
                createDirectories(sftp, parent(directory));
            }
            try {
                sftp.mkdir(directory);
                setPermissions(sftp, directory, DIRECTORY_PERMISSIONS);
            } catch (SftpException mkdirFailed) {
                // Someone else may have created it meanwhile; anything else is a real failure.
                if (!exists(sftp, directory)) {
                    throw mkdirFailed;
                }
            }
        }
        knownDirectories.add(directory);
    }

    /** Makes the file readable by the web server whatever the SFTP server's umask; skipped where unsupported. */
    private void setPermissions(SftpClient sftp, SftpClient.Handle handle, int permissions) throws IOException {
        try {
            sftp.setStat(handle, new SftpClient.Attributes().perms(permissions));
        } catch (SftpException e) {
            warnPermissions(e);
        }
    }

    private void setPermissions(SftpClient sftp, String path, int permissions) throws IOException {
        try {
            sftp.setStat(path, new SftpClient.Attributes().perms(permissions));
        } catch (SftpException e) {
            warnPermissions(e);
        }
    }

    private void warnPermissions(SftpException e) throws SftpException {
        if (e.getStatus() != SftpConstants.SSH_FX_OP_UNSUPPORTED
                && e.getStatus() != SftpConstants.SSH_FX_PERMISSION_DENIED) {
            throw e;
        }
        if (!warnedAboutPermissions) {
            warnedAboutPermissions = true;
            log.warn(target.host() + " does not let the SFTP user set permissions (" + e.getMessage() + "); files "
                    + "keep the server's default mode. Make sure the web server can read them.");
        }
    }

    private void warnNoAtomicRename() {
        if (!warnedAboutRename) {
            warnedAboutRename = true;
            log.warn(target.host() + " offers neither the posix-rename@openssh.com SFTP extension nor SFTP v5 "
                    + "atomic rename: each changed file is replaced in two renames, and a request arriving between "
                    + "them gets a 404. Use an OpenSSH server (any version since 2008) to replace files atomically.");
        }
    }

    private static boolean exists(SftpClient sftp, String path) throws IOException {
        return lstat(sftp, path).isPresent();
    }

    /** What is at {@code path} itself, a link not followed; empty when nothing is (or a file is in the way). */
    private static Optional<SftpClient.Attributes> lstat(SftpClient sftp, String path) throws IOException {
        try {
            return Optional.of(sftp.lstat(path));
        } catch (SftpException e) {
            if (isMissing(e) || e.getStatus() == SftpConstants.SSH_FX_NOT_A_DIRECTORY) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The directories of a site path on the server, from the target's down, each checked before anything in them is
     * read, written or removed: a symbolic link among them must lead, fully resolved, to an existing place inside the
     * target's real path. Resolved once per directory and publish, so a publish costs one {@code lstat} per
     * directory of the site beyond the files it reads anyway (and one per segment of the target's path).
     *
     * @param what the operation, for the message if the session breaks
     */
    private List<Resolved> checkedDirectories(SftpClient sftp, String path, String what) throws IOException {
        try {
            Resolved directory = realRoot(sftp);
            List<Resolved> directories = new ArrayList<>();
            String lexical = target.root();
            String[] segments = path.split("/", -1);
            for (int i = 0; i < segments.length - 1; i++) {
                lexical = join(lexical, segments[i]);
                directory = child(sftp, directory, segments[i], MAX_LINKS);
                requireInside(path, lexical, directory);
                directories.add(directory);
            }
            return directories;
        } catch (SftpException e) {
            throw failure(what, e);
        } catch (TargetException e) {
            throw e;
        } catch (IOException e) {
            throw lost(what, e);
        }
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
                    path, describe(), lexical, resolved.link().get());
        }
        String root = realRoot.real();
        if (!root.equals("/")
                && !resolved.real().equals(root)
                && !resolved.real().startsWith(root + "/")) {
            throw TargetPathException.linkLeavesTarget(path, describe(), lexical, resolved.real(), root);
        }
    }

    /** The entry {@code name} of a resolved directory: itself, or where it leads when it is a link. */
    private Resolved child(SftpClient sftp, Resolved directory, String name, int linksLeft) throws IOException {
        String path = join(directory.real(), name);
        if (!directory.exists()) {
            // Nothing below a missing directory exists, so no link either.
            return new Resolved(path, false, Optional.empty());
        }
        Resolved known = resolvedPaths.get(path);
        if (known == null) {
            known = follow(sftp, directory.real(), name, lstat(sftp, path), linksLeft);
            resolvedPaths.put(path, known);
        }
        return known;
    }

    /** Where the entry {@code name} of the real directory {@code directory}, with these attributes, leads. */
    private Resolved follow(
            SftpClient sftp, String directory, String name, Optional<SftpClient.Attributes> attributes, int linksLeft)
            throws IOException {
        String path = join(directory, name);
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
                    ? new Resolved(parent(current.real()), current.exists(), Optional.empty())
                    : child(sftp, current, segment, linksLeft);
        }
        return new Resolved(current.real(), current.exists(), Optional.empty());
    }

    /** The innermost of {@link #checkedDirectories}: the directory a site file is in. */
    private Resolved lastOf(List<Resolved> directories) {
        return directories.isEmpty() ? realRoot : directories.get(directories.size() - 1);
    }

    private void forgetResolvedPaths() {
        resolvedPaths.clear();
        realRoot = null;
    }

    /** Whether {@code path} is gone afterwards; a dropped session leaves a dot-file that nothing serves. */
    private static boolean removeQuietly(SftpClient sftp, String path) {
        try {
            if (sftp.isOpen()) {
                sftp.remove(path);
                return true;
            }
            return false;
        } catch (SftpException e) {
            return isMissing(e);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isMissing(SftpException e) {
        return e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH;
    }

    /** Permission problems cannot be fixed by retrying; other SFTP errors may be transient and are retried. */
    private IOException failure(String what, SftpException e) {
        if (e.getStatus() == SftpConstants.SSH_FX_PERMISSION_DENIED) {
            return new TargetException(
                    "Permission denied to " + what + " on " + target.host() + ": the SSH user '" + target.user()
                            + "' needs write access to " + target.root() + " and its subdirectories",
                    e);
        }
        return e;
    }

    /** The session broke mid-operation (reset, timeout, closed by the server): retryable, naming the server. */
    private IOException lost(String what, IOException e) {
        boolean timedOut = isTimeout(session, e);
        // A closing session can still look open; drop it so the retry connects afresh.
        disconnect();
        String where = target.host() + ":" + target.port();
        if (timedOut) {
            return new IOException(
                    "the SFTP session to " + where + " " + timeout.timedOut() + " while trying to " + what + " ("
                            + e.getMessage() + ")",
                    e);
        }
        return new IOException(
                "the SFTP session to " + where + " broke while trying to " + what + " (" + e.getMessage() + ")", e);
    }

    /**
     * Whether MINA SSHD gave up waiting: the session closed itself for an idle or login timeout (its pending futures
     * then fail with only "Session is being closed"), a socket timeout, a reply that did not come ("Timeout expired
     * while waiting for id=..."), or a connect or login future that did not complete.
     */
    private static boolean isTimeout(ClientSession broken, Throwable error) {
        if (broken != null && broken.getTimeoutStatus().getStatus() != TimeoutStatus.NoTimeout) {
            return true;
        }
        if (NetworkTimeout.isSocketTimeout(error)) {
            return true;
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("timeout") || message.contains("timed out")) {
                return true;
            }
        }
        return false;
    }

    private SftpClient sftp() throws IOException {
        if (sftp != null && sftp.isOpen() && session != null && session.isOpen() && !session.isClosing()) {
            return sftp;
        }
        disconnect();
        List<KeyPair> identities = keys();
        SshClient client = client();
        hostKeys.reset();
        ClientSession opened = null;
        try {
            opened = client.connect(target.user(), target.host(), target.port())
                    .verify(timeout.duration())
                    .getSession();
            identities.forEach(opened::addPublicKeyIdentity);
            credentials.flatMap(Credentials::password).ifPresent(opened::addPasswordIdentity);
            opened.auth().verify(timeout.duration());
            SftpClient opening = SftpClientFactory.instance().createSftpClient(opened);
            session = opened;
            sftp = opening;
            renameMethod = chooseRenameMethod(opening);
            knownDirectories.clear();
            forgetResolvedPaths();
            log.debug("Connected to " + target.host() + ":" + target.port() + " as " + target.user() + " (SFTP v"
                    + opening.getVersion() + ", rename: " + renameMethod + ")");
            return opening;
        } catch (IOException e) {
            if (opened != null) {
                opened.close(true);
            }
            throw connectionFailure(opened, e);
        }
    }

    private RenameMethod chooseRenameMethod(SftpClient sftp) {
        OpenSSHPosixRenameExtension posixRename = sftp.getExtension(OpenSSHPosixRenameExtension.class);
        if (posixRename != null && posixRename.isSupported()) {
            return RenameMethod.POSIX_RENAME;
        }
        if (sftp.getVersion() >= SftpConstants.SFTP_V5) {
            return RenameMethod.ATOMIC_OVERWRITE;
        }
        warnNoAtomicRename();
        return RenameMethod.TWO_STEP;
    }

    private IOException connectionFailure(ClientSession opened, IOException e) {
        String where = target.host() + ":" + target.port();
        Optional<String> rejectedHostKey = hostKeys.rejection();
        if (rejectedHostKey.isPresent()) {
            return new TargetException(rejectedHostKey.get());
        }
        if (hasDisconnectCode(e, SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE)) {
            return new TargetException("Authentication as '" + target.user() + "' on " + where + " failed with "
                    + authDescription() + ". Check the user, the <password> or <privateKey> of the settings.xml "
                    + "server, and that the key is in the server's authorized_keys.");
        }
        if (isTimeout(opened, e)) {
            return new IOException(
                    "Opening an SFTP session on " + where + " " + timeout.timedOut() + " (" + e.getMessage() + ")", e);
        }
        return new IOException("Cannot open an SFTP session on " + where + ": " + e.getMessage(), e);
    }

    private static boolean hasDisconnectCode(Throwable e, int code) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SshException ssh && ssh.getDisconnectCode() == code) {
                return true;
            }
        }
        return false;
    }

    private String authDescription() {
        return credentials
                .map(c -> (c.privateKey().isPresent()
                                ? "the private key " + c.privateKey().get()
                                : "")
                        + (c.privateKey().isPresent() && c.password().isPresent() ? " and " : "")
                        + (c.password().isPresent() ? "the password" : "") + " from " + c.source())
                .orElse("no credentials");
    }

    private List<KeyPair> keys() throws TargetException {
        if (keys == null) {
            keys = credentials.isPresent() ? PrivateKeys.load(credentials.get()) : List.of();
        }
        return keys;
    }

    private SshClient client() throws IOException {
        if (client == null) {
            SshClient created = SshClient.setUpDefaultClient();
            created.setServerKeyVerifier(hostKeys.verifier(target.host(), target.port()));
            // Only the settings.xml credentials and nothing from ~/.ssh/config or ~/.ssh/id_*: what describe() says.
            created.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
            created.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
            created.setSignatureFactories(preferKnownKeyTypes(created.getSignatureFactories()));
            Duration limit = timeout.duration();
            CoreModuleProperties.IO_CONNECT_TIMEOUT.set(created, limit);
            CoreModuleProperties.AUTH_TIMEOUT.set(created, limit);
            SftpModuleProperties.SFTP_CHANNEL_OPEN_TIMEOUT.set(created, limit);
            // How long one SFTP request waits for its answer (and the session may sit idle). Each request is small
            // (a site file of a few bytes, a 32 KiB chunk at most, a rename), so it gets the same bound as a
            // connect; the four times as long used before had no reason beyond caution.
            CoreModuleProperties.IDLE_TIMEOUT.set(created, limit);
            created.start();
            client = created;
        }
        return client;
    }

    /** The client's host key algorithms, those known_hosts lists for this host first (as OpenSSH orders them). */
    private List<NamedFactory<Signature>> preferKnownKeyTypes(List<NamedFactory<Signature>> factories)
            throws IOException {
        Set<String> known = hostKeys.knownKeyTypes(target.host(), target.port());
        Predicate<NamedFactory<Signature>> isKnown =
                factory -> known.contains(KeyUtils.getCanonicalKeyType(factory.getName()));
        List<NamedFactory<Signature>> ordered = new ArrayList<>(factories);
        ordered.sort(Comparator.comparing(factory -> !isKnown.test(factory)));
        return ordered;
    }

    /** The server's path of a site path; site paths are checked once for every target by {@code SitePath}. */
    private String remotePath(String path) {
        return join(target.root(), path);
    }

    private static String join(String directory, String name) {
        return directory.equals("/") ? "/" + name : directory + "/" + name;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private void disconnect() {
        try {
            if (sftp != null) {
                sftp.close();
            }
        } catch (IOException e) {
            // The session is being replaced or closed; the old channel's state does not matter.
        } finally {
            sftp = null;
            if (session != null) {
                session.close(true);
                session = null;
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        disconnect();
        if (client != null) {
            client.stop();
            client = null;
        }
    }
}
