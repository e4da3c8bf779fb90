// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The classes a JVM loaded, from its {@code -Xlog:class+load=info:file=...} log. */
record ClassLoadLog(List<String> classes) {

    static ClassLoadLog read(Path file) throws IOException {
        return new ClassLoadLog(Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("[class,load]"))
                .map(line -> line.substring(line.indexOf("] ", line.indexOf("[class,load]")) + 2))
                .map(rest -> rest.split(" ", 2)[0])
                .toList());
    }

    int total() {
        return classes.size();
    }

    /** Classes whose name starts with {@code prefix}, e.g. {@code org.eclipse.jgit.}. */
    int count(String prefix) {
        return (int) classes.stream().filter(name -> name.startsWith(prefix)).count();
    }
}
