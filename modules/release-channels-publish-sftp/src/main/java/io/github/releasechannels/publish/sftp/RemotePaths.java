// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.sftp;

import java.io.IOException;
import java.util.Optional;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/** Absolute paths on the SFTP server ({@code /} separated) and what is at one. */
final class RemotePaths {

    private RemotePaths() {}

    static String join(String directory, String name) {
        return directory.equals("/") ? "/" + name : directory + "/" + name;
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static boolean exists(SftpClient sftp, String path) throws IOException {
        return lstat(sftp, path).isPresent();
    }

    /** What is at {@code path} itself, a link not followed; empty when nothing is (or a file is in the way). */
    static Optional<SftpClient.Attributes> lstat(SftpClient sftp, String path) throws IOException {
        try {
            return Optional.of(sftp.lstat(path));
        } catch (SftpException e) {
            if (SftpErrors.isMissing(e) || e.getStatus() == SftpConstants.SSH_FX_NOT_A_DIRECTORY) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Whether {@code path} is gone afterwards; a dropped session leaves a dot-file that nothing serves. */
    static boolean removeQuietly(SftpClient sftp, String path) {
        try {
            if (sftp.isOpen()) {
                sftp.remove(path);
                return true;
            }
            return false;
        } catch (SftpException e) {
            return SftpErrors.isMissing(e);
        } catch (IOException e) {
            return false;
        }
    }
}
