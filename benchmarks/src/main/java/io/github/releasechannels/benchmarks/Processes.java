package io.github.releasechannels.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs a command to completion, its output appended to a log file, and times it from start to exit. */
final class Processes {

    /** What one run did. */
    record Result(long nanos, List<String> output) {
    }

    private Processes() {
    }

    /**
     * @param environment variables to set; a {@code null} value removes the variable
     * @throws IOException when the command fails or does not end within {@code timeout}, with the end of its output
     */
    static Result run(List<String> command, Path directory, Map<String, String> environment, Path log,
            Duration timeout) throws IOException, InterruptedException {
        Path output = Files.createTempFile(log.getParent(), "run-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
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
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            Files.writeString(log, "$ " + describe(command) + "\n" + String.join("\n", lines) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (process.exitValue() != 0) {
                throw new IOException(describe(command) + " exited with " + process.exitValue()
                        + tail(output));
            }
            return new Result(nanos, lines);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The command line with a long argument (a class path) shortened. */
    private static String describe(List<String> command) {
        return command.stream().map(arg -> arg.length() > 200 ? arg.substring(0, 60) + "..." : arg)
                .collect(Collectors.joining(" "));
    }

    private static String tail(Path output) throws IOException {
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        return ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
