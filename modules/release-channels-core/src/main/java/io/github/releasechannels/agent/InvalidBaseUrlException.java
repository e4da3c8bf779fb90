package io.github.releasechannels.agent;

/** A {@code releaseChannels.baseUrl} agents could not use; the message names the value and how to fix it. */
public class InvalidBaseUrlException extends Exception {

    public InvalidBaseUrlException(String message) {
        super(message);
    }
}
