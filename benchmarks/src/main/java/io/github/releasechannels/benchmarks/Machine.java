// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** What the numbers were measured on. */
record Machine(int processors, String memory, String cpu, String kernel, String jdk) {

    static Machine describe() throws IOException {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                totalMemory(),
                cpuModel(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vendor") + ")");
    }

    /**
     * The load averages (1, 5 and 15 minutes) from {@code /proc/loadavg}, as {@code uptime} prints them: how busy
     * the machine was besides the benchmark.
     */
    static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8)
                    .trim()
                    .split(" ", -1);
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String totalMemory() throws IOException {
        return procLine(Path.of("/proc/meminfo"), "MemTotal:")
                .map(line -> {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
                })
                .orElse("unknown");
    }

    private static String cpuModel() throws IOException {
        return procLine(Path.of("/proc/cpuinfo"), "model name")
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .orElse("unknown");
    }

    private static Optional<String> procLine(Path file, String prefix) throws IOException {
        if (!Files.isReadable(file)) {
            return Optional.empty();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith(prefix))
                .findFirst();
    }
}
