// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.failure.UserProblemException;
import java.util.List;

/** A publish stopped before writing because the change itself is not acceptable (user input, not the network). */
public class PublishRefusedException extends UserProblemException {

    private final List<String> reasons;

    public PublishRefusedException(List<String> reasons) {
        super(String.join("\n", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
