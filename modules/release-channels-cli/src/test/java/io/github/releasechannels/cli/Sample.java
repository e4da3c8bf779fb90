// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A copy of sample-repo's channels.yaml in a directory of its own, and runs of the command line on it. */
final class Sample {

    static final Path SAMPLE_CHANNELS = Path.of("../../sample-repo/channels.yaml");
    static final String BAD_CHANNELS = "channels:\n  current:\n    version: fourteen\n";

    private Sample() {}

    static Path copy(Path directory) throws IOException {
        Files.copy(SAMPLE_CHANNELS, directory.resolve("channels.yaml"));
        return directory;
    }

    static Path bad(Path directory) throws IOException {
        Files.writeString(directory.resolve("channels.yaml"), BAD_CHANNELS);
        return directory;
    }

    /** A settings.xml with server {@code www}: user {@code deployer}, a plain password. */
    static Path settings(Path directory) throws IOException {
        return Files.writeString(
                directory.resolve("settings.xml"),
                "<settings><servers><server><id>www</id>"
                        + "<username>deployer</username><password>not-a-secret</password></server></servers></settings>");
    }

    /** A loopback port nothing listens on (at the time of asking). */
    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /** How one run ended and what it printed. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** The command line's entry, in this JVM, with an empty environment (no CI, no proxy). */
    static Result run(Path directory, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (all.size() > 0 && !all.get(0).startsWith("-")) {
            all.add(1, "--directory=" + directory);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ReleaseChannelsCli.run(
                all.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(),
                directory);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
