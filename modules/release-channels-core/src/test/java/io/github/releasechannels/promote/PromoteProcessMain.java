// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.promote;

import io.github.releasechannels.gitauth.GitHttpsToken;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One scheduled promote job in a JVM of its own, as {@link ConcurrentPromoteTest} races two: commits and pushes the
 * promotions due at an instant in a clone. Usage: {@code PromoteProcessMain <clone> <instant>}. Exit 0 when done.
 */
public final class PromoteProcessMain {

    private PromoteProcessMain() {}

    public static void main(String[] args) throws Exception {
        Path clone = Path.of(args[0]).toAbsolutePath();
        PromoteRun.Outcome outcome = PromoteRun.run(
                new PromoteRun.Settings(
                        clone,
                        clone.resolve(GitHistory.FILE),
                        Instant.parse(args[1]),
                        true,
                        true,
                        SourceServing.NOT_CHECKED,
                        GitHttpsToken.NONE),
                System.out::println);
        System.out.println("promote done: " + outcome.commit().orElse("no commit"));
    }
}
