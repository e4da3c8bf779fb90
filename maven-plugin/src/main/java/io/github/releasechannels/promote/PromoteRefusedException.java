package io.github.releasechannels.promote;

/**
 * A promote run that cannot go on as asked, such as a commit asked for a channels file that is not in a git
 * repository or has changes no commit holds; nothing was written. The message says why and what to do.
 */
public class PromoteRefusedException extends Exception {

    public PromoteRefusedException(String message) {
        super(message);
    }
}
