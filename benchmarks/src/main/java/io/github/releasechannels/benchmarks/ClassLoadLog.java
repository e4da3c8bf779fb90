// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The classes a JVM loaded, from its {@code -Xlog:class+load=info:file=...} log, and how many of them came from a
 * dynamic class-data archive (the command line's launcher writes one).
 */
record ClassLoadLog(List<String> classes, int fromDynamicArchive) {

    /** The JVM option that writes the log {@link #read} reads. */
    static String option(Path file) {
        return "-Xlog:class+load=info:file=" + file;
    }

    static ClassLoadLog read(Path file) throws IOException {
        List<String> entries = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("[class,load]"))
                .map(line -> line.substring(line.indexOf("] ", line.indexOf("[class,load]")) + 2))
                .toList();
        return new ClassLoadLog(
                entries.stream().map(entry -> entry.split(" ", 2)[0]).toList(),
                // The JDK's own archive is the base; an archive written with -XX:ArchiveClassesAtExit is the top.
                (int) entries.stream()
                        .filter(entry -> entry.endsWith("source: shared objects file (top)"))
                        .count());
    }

    int total() {
        return classes.size();
    }

    /** Classes whose name starts with {@code prefix}, e.g. {@code org.eclipse.jgit.}. */
    int count(String prefix) {
        return (int) classes.stream().filter(name -> name.startsWith(prefix)).count();
    }
}
