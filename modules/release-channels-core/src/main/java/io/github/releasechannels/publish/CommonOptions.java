// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.time.Duration;

/**
 * The options every target takes.
 *
 * @param timeout     how long one remote operation may wait ({@value NetworkTimeout#OPTION})
 * @param parallelism how many steps run at once ({@value PublishPipeline#PARALLELISM_OPTION}); a target may use fewer
 * @param lock        the publish lock's expiry and patience ({@value PublishLock.Policy#EXPIRY_OPTION},
 *                    {@value PublishLock.Policy#WAIT_OPTION})
 */
public record CommonOptions(NetworkTimeout timeout, int parallelism, PublishLock.Policy lock) {

    private static final String PARALLELISM = PublishPipeline.PARALLELISM_OPTION;
    private static final int DEFAULT_PARALLELISM = PublishPipeline.DEFAULT_PARALLELISM;
    private static final int MAX_PARALLELISM = 256;

    public static final CommonOptions DEFAULTS =
            new CommonOptions(NetworkTimeout.DEFAULT, DEFAULT_PARALLELISM, PublishLock.Policy.DEFAULT);

    public CommonOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    static CommonOptions parse(OptionReader options) {
        long timeout = options.wholeNumber(
                NetworkTimeout.OPTION,
                1,
                NetworkTimeout.MAX_SECONDS,
                NetworkTimeout.DEFAULT_SECONDS,
                value -> "is not a whole number of seconds from 1 to "
                        + NetworkTimeout.MAX_SECONDS + "; write e.g. " + NetworkTimeout.DEFAULT_SECONDS
                        + " (the default) or 120 for a slow link");
        long parallelism = options.wholeNumber(
                PARALLELISM,
                1,
                MAX_PARALLELISM,
                DEFAULT_PARALLELISM,
                value -> "is not a whole number from 1 to " + MAX_PARALLELISM + " (how many files are written at "
                        + "once; default " + DEFAULT_PARALLELISM + ")");
        long expiry = options.wholeNumber(
                PublishLock.Policy.EXPIRY_OPTION,
                PublishLock.Policy.MIN_EXPIRY_SECONDS,
                PublishLock.Policy.MAX_EXPIRY_SECONDS,
                PublishLock.Policy.DEFAULT_EXPIRY_SECONDS,
                value -> "is not a whole number of seconds from " + PublishLock.Policy.MIN_EXPIRY_SECONDS + " to "
                        + PublishLock.Policy.MAX_EXPIRY_SECONDS + ". The publish renews its lock every quarter of "
                        + "it, and a killed publish's lock on another host is taken over once it has run out; "
                        + "default " + PublishLock.Policy.DEFAULT_EXPIRY_SECONDS);
        long wait = options.wholeNumber(
                PublishLock.Policy.WAIT_OPTION,
                0,
                PublishLock.Policy.MAX_WAIT_SECONDS,
                PublishLock.Policy.DEFAULT_WAIT_SECONDS,
                value -> "is not a whole number of seconds from 0 to "
                        + PublishLock.Policy.MAX_WAIT_SECONDS + " (how long to wait for another publish's lock; "
                        + "default " + PublishLock.Policy.DEFAULT_WAIT_SECONDS + ")");
        PublishLock.Policy defaults = PublishLock.Policy.DEFAULT;
        PublishLock.Policy lock = new PublishLock.Policy(
                Duration.ofSeconds(expiry), Duration.ofSeconds(wait), defaults.poll(), defaults.settle());
        return new CommonOptions(new NetworkTimeout(Duration.ofSeconds(timeout)), (int) parallelism, lock);
    }
}
