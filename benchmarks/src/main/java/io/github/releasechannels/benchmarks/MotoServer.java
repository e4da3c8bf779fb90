// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * moto's {@code moto_server}, an in-memory S3 (unlike S3Mock, which reads the bucket's files from disk for each
 * listing page), as a separate process on a free loopback port. Requests are counted from the
 * log line it writes for each ({@code "PUT /bucket/key HTTP/1.1" 200}); that line does not carry the copy source,
 * so a COPY counts as a PUT here (no side copies in these scenarios).
 */
final class MotoServer extends S3Server {

    static final String COMMAND = "moto_server";
    private static final Pattern REQUEST = Pattern.compile("\"([A-Z]+) (\\S+) HTTP/[0-9.]+\" (\\d{3})");

    private MotoServer(Process process, int port, Path logFile, String version) {
        super(process, port, new RequestLog(logFile, MotoServer::normalise), "moto_server " + version);
    }

    /** moto's version, or empty when {@value #COMMAND} is not on the PATH. */
    static String version(Path work, Path benchLog) throws InterruptedException {
        try {
            Processes.run(List.of(COMMAND, "--help"), work, Map.of(), benchLog, Duration.ofMinutes(1));
        } catch (IOException e) {
            return "";
        }
        try {
            // moto_server is a Python script: the moto it runs is the one its interpreter imports.
            Path script = Path.of(Processes.run(
                            List.of(
                                    "bash",
                                    "-c",
                                    "command -v " + COMMAND + " && (pyenv which " + COMMAND + " 2>/dev/null || true)"),
                            work,
                            Map.of(),
                            benchLog,
                            Duration.ofMinutes(1))
                    .output()
                    .stream()
                    .reduce((first, last) -> last)
                    .orElseThrow());
            String shebang = Files.readAllLines(script).get(0);
            String python = shebang.startsWith("#!") ? shebang.substring(2).trim() : "python3";
            List<String> out = Processes.run(
                            List.of("bash", "-c", python + " -c 'import moto; print(moto.__version__)'"),
                            work,
                            Map.of(),
                            benchLog,
                            Duration.ofMinutes(1))
                    .output();
            return out.isEmpty() ? "unknown version" : out.get(0).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown version";
        }
    }

    static MotoServer start(Path directory, List<String> buckets, String version)
            throws IOException, InterruptedException {
        Files.createDirectories(directory);
        int port = S3Server.freeLoopbackPort();
        Path logFile = directory.resolve("moto.log");
        Process process = new ProcessBuilder(List.of(COMMAND, "-H", "127.0.0.1", "-p", Integer.toString(port)))
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        MotoServer server = new MotoServer(process, port, logFile, version);
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (server.status("PUT", "/" + MARKER_BUCKET) != 200) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IOException("moto_server did not start; see " + logFile);
            }
            Thread.sleep(200);
        }
        for (String bucket : buckets) {
            if (server.status("PUT", "/" + bucket) != 200) {
                server.close();
                throw new IOException("moto_server did not create the bucket " + bucket + "; see " + logFile);
            }
        }
        server.drain();
        return server;
    }

    /** {@code 127.0.0.1 - - [date] "GET /b?list-type=2 HTTP/1.1" 200 -} as {@code GET /b list-type=2 200 -}. */
    private static String normalise(String line) {
        Matcher matcher = REQUEST.matcher(line);
        if (!matcher.find()) {
            return null;
        }
        String target = matcher.group(2);
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        String parameters = query < 0 ? "-" : target.substring(query + 1);
        return matcher.group(1) + " " + path + " " + (parameters.isEmpty() ? "-" : parameters) + " " + matcher.group(3)
                + " -";
    }
}
