package io.github.releasechannels.config;

import io.github.releasechannels.model.SourceLocation;

/**
 * One thing wrong with an input file: where, what, and how to fix it.
 *
 * @param location where the problem is
 * @param message  what is wrong, naming the bad value
 * @param fix      how to fix it
 */
public record Problem(SourceLocation location, String message, String fix) {

    /** {@code channels.yaml:3:14: what is wrong — how to fix it}. */
    @Override
    public String toString() {
        return location + ": " + message + " — " + fix;
    }
}
