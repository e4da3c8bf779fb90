package io.github.releasechannels.publish;

/** A target URI or target option that is malformed or not supported: user input, nothing was published. */
public class InvalidTargetException extends Exception {

    private final String target;

    public InvalidTargetException(String target, String message) {
        super(message);
        this.target = target;
    }

    /** The bad value, as given. */
    public String target() {
        return target;
    }
}
