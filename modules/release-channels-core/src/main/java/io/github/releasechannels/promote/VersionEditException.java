// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import io.github.releasechannels.config.Problem;
import io.github.releasechannels.failure.UserProblemException;
import java.util.List;
import java.util.stream.Collectors;

/** A promotion's edit of the channels file that was refused, with every reason; nothing was written. */
public class VersionEditException extends UserProblemException {

    private final List<Problem> problems;

    /** @param problems in any order; they are kept and shown in file order, those of the whole file first */
    public VersionEditException(List<Problem> problems) {
        super(Problem.inFileOrder(problems).stream()
                .map(Problem::toString)
                .collect(Collectors.joining("\n  ", "the channels file cannot be edited:\n  ", "")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a refused edit has at least one problem");
        }
        this.problems = Problem.inFileOrder(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
