// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a command to completion, its output appended to a log file, and times it from start to exit. The command runs
 * under {@code bash}, whose {@code times} reports the CPU time of the whole process tree (Maven's JVM under
 * {@code mvnw} included) once it has ended.
 */
final class Processes {

    /** Marks the line of {@code times} output in a command's output. */
    private static final String CPU_MARKER = "bench-cpu-times:";

    /**
     * What one run did.
     *
     * @param nanos    wall time from start to exit
     * @param cpuNanos user plus system CPU time of the command and every process it waited for
     */
    record Result(long nanos, long cpuNanos, List<String> output) {}

    private Processes() {}

    /**
     * @param environment variables to set; a {@code null} value removes the variable
     * @throws IOException when the command fails or does not end within {@code timeout}, with the end of its output
     */
    static Result run(List<String> command, Path directory, Map<String, String> environment, Path log, Duration timeout)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile(log.getParent(), "run-", ".out");
        try {
            // bash runs the command, then prints the CPU time of its finished children (the command's tree).
            // times runs in this shell, not a pipeline's subshell: its second line is the children's user and
            // system time.
            List<String> wrapped = new ArrayList<>(
                    List.of("bash", "-c", "\"$@\"; status=$?; echo " + CPU_MARKER + "; times; exit $status", "bash"));
            wrapped.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(wrapped)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            environment.forEach((name, value) -> {
                if (value == null) {
                    builder.environment().remove(name);
                } else {
                    builder.environment().put(name, value);
                }
            });
            long started = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IOException(describe(command) + " did not end within " + timeout + tail(output));
            }
            long nanos = System.nanoTime() - started;
            List<String> all = Files.readAllLines(output, StandardCharsets.UTF_8);
            int marker = all.lastIndexOf(CPU_MARKER);
            long cpuNanos = marker >= 0 && marker + 2 < all.size() ? cpuNanos(all.get(marker + 2)) : -1;
            List<String> lines = marker >= 0 ? all.subList(0, marker) : all;
            Files.writeString(
                    log,
                    "$ " + describe(command) + "\n" + String.join("\n", lines) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (process.exitValue() != 0) {
                throw new IOException(describe(command) + " exited with " + process.exitValue() + tail(output));
            }
            return new Result(nanos, cpuNanos, lines);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** {@code 0m1.234s 0m0.567s}: user plus system, from bash's {@code times}. */
    private static long cpuNanos(String line) {
        long total = 0;
        for (String field : line.trim().split("\\s+", -1)) {
            int m = field.indexOf('m');
            double seconds = Integer.parseInt(field.substring(0, m)) * 60
                    + Double.parseDouble(field.substring(m + 1, field.length() - 1));
            total += (long) (seconds * 1e9);
        }
        return total;
    }

    /** The command line with a long argument (a class path) shortened. */
    private static String describe(List<String> command) {
        return command.stream()
                .map(arg -> arg.length() > 200 ? arg.substring(0, 60) + "..." : arg)
                .collect(Collectors.joining(" "));
    }

    private static String tail(Path output) throws IOException {
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        return ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
