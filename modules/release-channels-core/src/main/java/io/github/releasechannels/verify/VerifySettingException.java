package io.github.releasechannels.verify;

/** A verify setting (base URL, trusted certificates) that is malformed or unsafe: user input, nothing was read. */
public class VerifySettingException extends Exception {

    public VerifySettingException(String message) {
        super(message);
    }

    public VerifySettingException(String message, Throwable cause) {
        super(message, cause);
    }
}
