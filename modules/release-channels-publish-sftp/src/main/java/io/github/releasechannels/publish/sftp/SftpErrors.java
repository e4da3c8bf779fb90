// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.sftp;

import io.github.releasechannels.publish.NetworkTimeout;
import io.github.releasechannels.publish.TargetException;
import java.io.IOException;
import java.util.Locale;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.session.helpers.TimeoutIndicator.TimeoutStatus;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * SFTP failures as a publish reports them: a refused permission as a {@link TargetException} (retrying cannot fix
 * it), a broken or timed-out session as a retryable {@link IOException} naming the server, after which the next
 * operation connects afresh.
 */
final class SftpErrors {

    private final SftpTarget target;
    private final NetworkTimeout timeout;
    private final SftpConnection connection;

    SftpErrors(SftpTarget target, NetworkTimeout timeout, SftpConnection connection) {
        this.target = target;
        this.timeout = timeout;
        this.connection = connection;
    }

    static boolean isMissing(SftpException e) {
        return e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH;
    }

    /** Permission problems cannot be fixed by retrying; other SFTP errors may be transient and are retried. */
    IOException failure(String what, SftpException e) {
        if (e.getStatus() == SftpConstants.SSH_FX_PERMISSION_DENIED) {
            return new TargetException(
                    "Permission denied to " + what + " on " + target.host() + ": the SSH user '" + target.user()
                            + "' needs write access to " + target.root() + " and its subdirectories",
                    e);
        }
        return e;
    }

    /** The session broke mid-operation (reset, timeout, closed by the server): retryable, naming the server. */
    IOException lost(String what, IOException e) {
        boolean timedOut = isTimeout(connection.session(), e);
        // A closing session can still look open; drop it so the retry connects afresh.
        connection.disconnect();
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
     *
     * @param broken the session that failed, null when none was opened
     */
    static boolean isTimeout(ClientSession broken, Throwable error) {
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
}
