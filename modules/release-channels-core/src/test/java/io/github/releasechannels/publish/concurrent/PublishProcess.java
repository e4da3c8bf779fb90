// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.concurrent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** One {@link PublishProcessMain} JVM, its output in a file, as the tests that race real publishes start it. */
public final class PublishProcess {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final Process process;
    private final Path output;
    private final Path ready;

    private PublishProcess(Process process, Path output, Path ready) {
        this.process = process;
        this.output = output;
        this.ready = ready;
    }

    public static PublishProcess start(
            Path work, String target, String commit, String yaml, Path go, Map<String, String> options)
            throws IOException {
        String id = commit + "-" + IDS.incrementAndGet();
        Path channels = Files.writeString(work.resolve(id + ".yaml"), yaml);
        Path ready = work.resolve(id + ".ready");
        Path output = work.resolve(id + ".out");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "-Daws.disableEc2Metadata=true",
                PublishProcessMain.class.getName(),
                target,
                commit,
                channels.toString(),
                ready.toString(),
                go.toString()));
        options.forEach((key, value) -> command.add(key + "=" + value));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new PublishProcess(process, output, ready);
    }

    /** Lets processes started with the same {@code go} file begin their publish together, once all are ready. */
    public static void startTogether(Path go, PublishProcess... processes) throws Exception {
        for (PublishProcess process : processes) {
            process.awaitReady();
        }
        Files.writeString(go, "go");
    }

    public long pid() {
        return process.pid();
    }

    public void awaitReady() throws Exception {
        awaitCondition(() -> Files.exists(ready), "ready");
    }

    public void awaitOutput(String line) throws Exception {
        awaitCondition(() -> output().lines().anyMatch(line::equals), line);
    }

    private interface Condition {
        boolean holds() throws IOException;
    }

    private void awaitCondition(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.holds()) {
            if (!process.isAlive()) {
                fail("the publish process exited with " + process.exitValue() + " before " + what + ":\n" + output());
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                fail("the publish process was not " + what + " within 120 s:\n" + output());
            }
            Thread.sleep(20);
        }
    }

    public int awaitExit() throws Exception {
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("the publish process did not finish within 180 s:\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL, as a CI runner that is cancelled or runs out of memory ends a build. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertFalse(process.isAlive());
    }

    public String output() throws IOException {
        return Files.readString(output);
    }

    /** The process's RESULT line without the prefix. */
    public String result() throws IOException {
        return output().lines()
                .filter(line -> line.startsWith("RESULT "))
                .map(line -> line.substring(7))
                .findFirst()
                .orElse("(no result)")
                .lines()
                .findFirst()
                .orElse("");
    }
}
