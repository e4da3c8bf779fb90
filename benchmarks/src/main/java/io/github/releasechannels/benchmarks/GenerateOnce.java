// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * Runs in a fresh JVM (started with {@code -Xmx256m}): generates one site once and prints
 * {@code <nanoseconds> <peak heap bytes>}. The peak is the sum of each heap pool's peak, an upper bound of the
 * heap in use at any one moment.
 */
public final class GenerateOnce {

    private GenerateOnce() {}

    public static void main(String[] args) throws Exception {
        Path channelsFile = Path.of(args[0]);
        Path outputDirectory = Path.of(args[1]);
        long started = System.nanoTime();
        ChannelsFiles.generate(channelsFile, outputDirectory);
        long nanos = System.nanoTime() - started;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println(nanos + " " + peak);
    }
}
