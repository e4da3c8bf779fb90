// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.failure.UserProblemException;
import java.util.List;

/** A publish stopped before writing because the change itself is not acceptable (user input, not the network). */
public class PublishRefusedException extends UserProblemException {

    private final List<String> reasons;
    private final boolean duringFreeze;

    public PublishRefusedException(List<String> reasons) {
        this(reasons, false);
    }

    /** @param duringFreeze whether a freeze stops some of these changes, so a front end says which refusal it is */
    public PublishRefusedException(List<String> reasons, boolean duringFreeze) {
        super(String.join("\n", reasons));
        this.reasons = List.copyOf(reasons);
        this.duringFreeze = duringFreeze;
    }

    public List<String> reasons() {
        return reasons;
    }

    public boolean duringFreeze() {
        return duringFreeze;
    }
}
