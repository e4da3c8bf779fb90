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
import io.github.releasechannels.site.SiteFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHFsyncExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * A directory on an SFTP server, such as a web server's docroot. Each file is uploaded to a temporary name in its
 * own directory and moved over the old one ({@link AtomicReplace}), so the web server serves the old or the new
 * file, never a part. One SSH session ({@link SftpConnection}) serves the whole publish; it is opened on first use
 * and reopened only after it dropped, and its failures are reported by {@link SftpErrors}.
 *
 * <p>Nothing outside the target directory is read, written or deleted: {@link LinkContainment} checks every link on
 * the way to a file. A deletion removes a link, never what it points to, and never removes a linked directory.
 *
 * <p>One SFTP session carries every operation, one at a time: the publish's writes and the publish lock's renewals,
 * which come from a thread of their own.
 */
public final class SftpStore implements FileStore {

    static final int FILE_PERMISSIONS = 0644;
    static final int DIRECTORY_PERMISSIONS = 0755;
    private static final int CHUNK = 32 * 1024;

    private final SftpTarget target;
    private final String description;
    private final SftpConnection connection;
    private final SftpErrors errors;
    private final LinkContainment containment;
    private final AtomicReplace replace;
    private volatile PublishLog log = PublishLog.SILENT;

    private boolean warnedAboutPermissions;
    private final Set<String> knownDirectories = new HashSet<>();
    private final Set<String> strandedTemporaries = new HashSet<>();

    SftpStore(SftpTarget target, Path knownHosts, Optional<Credentials> credentials, NetworkTimeout timeout) {
        this.target = target;
        this.connection = new SftpConnection(target, new HostKeyCheck(knownHosts), credentials, timeout);
        this.description = target + " (" + connection.describe() + ")";
        this.errors = new SftpErrors(target, timeout, connection);
        this.containment = new LinkContainment(target, description, errors);
        this.replace = new AtomicReplace(target.host(), () -> log);
    }

    /**
     * Where warnings (e.g. a server without atomic rename) go during the publish that starts now; the links resolved
     * for an earlier publish are looked at again.
     */
    @Override
    public synchronized void logTo(PublishLog log) {
        this.log = log;
        containment.forget();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public synchronized Optional<byte[]> read(String path) throws IOException {
        String remote = remotePath(path);
        SftpClient sftp = sftp();
        LinkContainment.Resolved directory =
                containment.lastOf(containment.checkedDirectories(sftp, path, "read " + remote));
        try {
            // The type first: opening a FIFO would block the server's SFTP process, a device never ends.
            Optional<SftpClient.Attributes> found = RemotePaths.lstat(sftp, remote);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            SftpClient.Attributes attributes = found.get();
            if (attributes.isSymbolicLink()) {
                containment.requireFileInside(sftp, path, remote, directory, found);
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
            if (SftpErrors.isMissing(e)) {
                return Optional.empty();
            }
            throw errors.failure("read " + remote, e);
        } catch (TargetException e) {
            throw e;
        } catch (IOException e) {
            throw errors.lost("read " + remote, e);
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
        String directory = RemotePaths.parent(destination);
        String temporary = directory + "/" + TemporaryFiles.staging(RemotePaths.name(destination));
        SftpClient sftp = sftp();
        containment.checkedDirectories(sftp, file.path(), "write " + destination);
        boolean renamed = false;
        try {
            removeStrandedTemporaries(sftp);
            createDirectories(sftp, directory);
            upload(sftp, temporary, file.content());
            replace.replace(sftp, temporary, destination);
            renamed = true;
        } catch (SftpException e) {
            throw errors.failure("write " + destination, e);
        } catch (TargetException e) {
            throw e;
        } catch (IOException e) {
            throw errors.lost("write " + destination, e);
        } finally {
            if (!renamed && !RemotePaths.removeQuietly(sftp, temporary)) {
                strandedTemporaries.add(temporary);
            }
        }
    }

    /** Staging files of attempts whose session dropped, removed once a retry has a session again. */
    private void removeStrandedTemporaries(SftpClient sftp) {
        strandedTemporaries.removeIf(path -> RemotePaths.removeQuietly(sftp, path));
    }

    @Override
    public synchronized void delete(String path) throws IOException {
        String remote = remotePath(path);
        SftpClient sftp = sftp();
        List<LinkContainment.Resolved> directories = containment.checkedDirectories(sftp, path, "delete " + remote);
        try {
            // Removes a link itself, never the file it points to.
            sftp.remove(remote);
        } catch (SftpException e) {
            if (!SftpErrors.isMissing(e)) {
                throw errors.failure("delete " + remote, e);
            }
        } catch (IOException e) {
            throw errors.lost("delete " + remote, e);
        }
        // Remove the channel's directories once empty, never the root, a linked directory (nor what holds it) or a
        // directory holding anything else.
        String dir = RemotePaths.parent(remote);
        for (int i = directories.size() - 1;
                i >= 0 && directories.get(i).link().isEmpty();
                i--, dir = RemotePaths.parent(dir)) {
            try {
                sftp.rmdir(dir);
                knownDirectories.remove(dir);
            } catch (SftpException e) {
                if (!SftpErrors.isMissing(e)) {
                    break;
                }
            } catch (IOException e) {
                throw errors.lost("remove the empty directory " + dir, e);
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
        String directory = RemotePaths.parent(destination);
        String temporary = directory + "/" + TemporaryFiles.staging(RemotePaths.name(destination));
        SftpClient sftp = sftp();
        containment.checkedDirectories(sftp, file.path(), "create " + destination);
        try {
            createDirectories(sftp, directory);
            upload(sftp, temporary, file.content());
            sftp.rename(temporary, destination);
            temporary = null;
            return true;
        } catch (SftpException e) {
            // SFTP v3 servers answer a taken name with a generic failure: look whether it is taken.
            if (e.getStatus() == SftpConstants.SSH_FX_FILE_ALREADY_EXISTS || RemotePaths.exists(sftp, destination)) {
                return false;
            }
            throw errors.failure("create " + destination, e);
        } catch (TargetException e) {
            throw e;
        } catch (IOException e) {
            throw errors.lost("create " + destination, e);
        } finally {
            if (temporary != null && !RemotePaths.removeQuietly(sftp, temporary)) {
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
            if (containment
                    .lastOf(containment.checkedDirectories(sftp, path, "list " + RemotePaths.parent(remote)))
                    .exists()) {
                namesByDirectory
                        .computeIfAbsent(RemotePaths.parent(remote), dir -> new HashSet<>())
                        .add(RemotePaths.name(remote));
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
                if (SftpErrors.isMissing(e)) {
                    continue;
                }
                throw errors.failure("list " + entry.getKey(), e);
            } catch (UncheckedIOException e) {
                // The listing's iterator wraps its errors: a directory not created yet, or a dropped session.
                if (e.getCause() instanceof SftpException sftpError && SftpErrors.isMissing(sftpError)) {
                    continue;
                }
                throw errors.lost("list " + entry.getKey(), e.getCause());
            } catch (IOException e) {
                throw errors.lost("list " + entry.getKey(), e);
            }
            leftovers.forEach(path -> RemotePaths.removeQuietly(sftp, path));
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
            if (!SftpErrors.isMissing(e)) {
                throw e;
            }
            if (!directory.equals("/")) {
                createDirectories(sftp, RemotePaths.parent(directory));
            }
            try {
                sftp.mkdir(directory);
                setPermissions(sftp, directory, DIRECTORY_PERMISSIONS);
            } catch (SftpException mkdirFailed) {
                // Someone else may have created it meanwhile; anything else is a real failure.
                if (!RemotePaths.exists(sftp, directory)) {
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

    /** The open SFTP channel, or a new session's; a new session's server is looked at afresh. */
    private SftpClient sftp() throws IOException {
        Optional<SftpClient> open = connection.open();
        if (open.isPresent()) {
            return open.get();
        }
        SftpClient opened = connection.connect();
        AtomicReplace.Method method = replace.negotiate(opened);
        knownDirectories.clear();
        containment.forget();
        log.debug("Connected to " + target.host() + ":" + target.port() + " as " + target.user() + " (SFTP v"
                + opened.getVersion() + ", rename: " + method + ")");
        return opened;
    }

    /** The server's path of a site path; site paths are checked once for every target by {@code SitePath}. */
    private String remotePath(String path) {
        return RemotePaths.join(target.root(), path);
    }

    @Override
    public synchronized void close() {
        connection.close();
    }
}
