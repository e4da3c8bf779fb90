// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.sftp;

import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.publish.TemporaryFiles;
import java.io.IOException;
import java.util.function.Supplier;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * Moves an uploaded file over the old one, atomically where the server can: the rename method is negotiated per
 * session, best first, and a server that offers none is warned about once, since a request arriving between its two
 * renames gets a 404. Not thread-safe: the store uses it under its own lock.
 */
final class AtomicReplace {

    /** How a file is moved over an existing one, best first. */
    enum Method {
        /** {@code posix-rename@openssh.com}: rename(2) on the server, atomic. */
        POSIX_RENAME,
        /** SFTP v5+ rename with the OVERWRITE and ATOMIC flags. */
        ATOMIC_OVERWRITE,
        /** Old file aside, new file in, old file removed: the path is missing between the two renames. */
        TWO_STEP
    }

    private final String host;
    private final Supplier<PublishLog> log;
    private Method method = Method.TWO_STEP;
    private boolean warned;

    AtomicReplace(String host, Supplier<PublishLog> log) {
        this.host = host;
        this.log = log;
    }

    /** Chooses the best method {@code sftp}'s server offers, for the session it belongs to. */
    Method negotiate(SftpClient sftp) {
        OpenSSHPosixRenameExtension posixRename = sftp.getExtension(OpenSSHPosixRenameExtension.class);
        if (posixRename != null && posixRename.isSupported()) {
            method = Method.POSIX_RENAME;
        } else if (sftp.getVersion() >= SftpConstants.SFTP_V5) {
            method = Method.ATOMIC_OVERWRITE;
        } else {
            warnNoAtomicRename();
            method = Method.TWO_STEP;
        }
        return method;
    }

    /** Moves {@code from} over {@code to}, atomically where the server can. */
    void replace(SftpClient sftp, String from, String to) throws IOException {
        switch (method) {
            case POSIX_RENAME ->
                sftp.getExtension(OpenSSHPosixRenameExtension.class).posixRename(from, to);
            case ATOMIC_OVERWRITE -> {
                try {
                    sftp.rename(from, to, SftpClient.CopyMode.Atomic, SftpClient.CopyMode.Overwrite);
                } catch (SftpException e) {
                    if (e.getStatus() != SftpConstants.SSH_FX_OP_UNSUPPORTED) {
                        throw e;
                    }
                    method = Method.TWO_STEP;
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
    private static void replaceInTwoSteps(SftpClient sftp, String from, String to) throws IOException {
        if (!RemotePaths.exists(sftp, to)) {
            sftp.rename(from, to);
            return;
        }
        String aside = RemotePaths.parent(to) + "/" + TemporaryFiles.aside(RemotePaths.name(to));
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
        RemotePaths.removeQuietly(sftp, aside);
    }

    private void warnNoAtomicRename() {
        if (!warned) {
            warned = true;
            log.get()
                    .warn(host + " offers neither the posix-rename@openssh.com SFTP extension nor SFTP v5 "
                            + "atomic rename: each changed file is replaced in two renames, and a request arriving "
                            + "between them gets a 404. Use an OpenSSH server (any version since 2008) to replace "
                            + "files atomically.");
        }
    }
}
