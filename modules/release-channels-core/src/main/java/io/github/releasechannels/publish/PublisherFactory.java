// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.io.IOException;
import java.util.List;

/** Creates the publisher for one or more URI schemes. */
public interface PublisherFactory {

    /** The schemes handled, e.g. {@code s3}, with an example target for error messages. */
    List<String> schemes();

    /** An example target URI, shown when a scheme is unknown. */
    String example();

    /** This kind's own options, read with every other option ({@link TargetOptions#parse}); none by default. */
    default List<OptionsKind<?>> options() {
        return List.of();
    }

    /**
     * Opens the target without writing to it: a deploy opens it while channels.yaml is read and the site rendered,
     * and a bad file must leave the target as it was.
     *
     * @param target a target {@linkplain TargetUri#parse checked} to hold no credentials and no query; factories
     *               called directly check it again with {@link TargetUri#parse}
     * @throws InvalidTargetException when the target URI or an option is malformed (user input)
     * @throws IOException            when the target cannot be reached or opened
     */
    Publisher create(String target, TargetSettings settings) throws InvalidTargetException, IOException;
}
