// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import io.github.releasechannels.failure.UserProblemException;
import java.util.List;
import java.util.stream.Collectors;

/** A {@code channels.yaml} that cannot be used, with every problem found in it. */
public class ChannelsFileException extends UserProblemException {

    private final List<Problem> problems;

    /** @param problems in any order; they are kept and shown in file order */
    public ChannelsFileException(List<Problem> problems) {
        super(describe(Problem.inFileOrder(problems)));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid file has at least one problem");
        }
        this.problems = Problem.inFileOrder(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String describe(List<Problem> problems) {
        String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
        return problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ", count + ":\n  ", ""));
    }
}
