package io.github.releasechannels.publish.concurrent;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Two real publishing processes on one {@code file:} target, and a killed one's lock taken over. */
class DirectoryConcurrencyTest extends ConcurrentPublishContract {

    @Override
    protected String target(String name) {
        return "file:" + work.resolve("sites").resolve(name);
    }

    @Override
    protected Map<String, String> options() {
        return Map.of();
    }

    @Override
    protected Map<String, String> served(String name) throws Exception {
        return filesUnder(work.resolve("sites").resolve(name));
    }

    /** Every regular file below {@code root}, dot-files included, as relative path to text. */
    static Map<String, String> filesUnder(Path root) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'),
                        Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
