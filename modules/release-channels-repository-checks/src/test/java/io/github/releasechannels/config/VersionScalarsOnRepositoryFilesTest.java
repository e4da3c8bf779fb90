// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.releasechannels.config.VersionScalars.Found;
import io.github.releasechannels.model.Channel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The version scalar reader agrees with the parser on every valid file this repository ships. */
class VersionScalarsOnRepositoryFilesTest {

    static Stream<Path> validFiles() throws IOException {
        List<Path> files = new ArrayList<>(List.of(
                Path.of("../../sample-repo/channels.yaml"),
                Path.of("../../sample-repo/examples/channels-v1-and-v2.yaml")));
        try (Stream<Path> valid = Files.list(Path.of("src/test/resources/schema-corpus/valid"))) {
            valid.sorted().forEach(files::add);
        }
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("validFiles")
    void agreesWithTheParserOnEveryValidFile(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        List<Channel> channels =
                new ChannelsFileParser().parse(bytes, "channels.yaml").channels();
        VersionScalars scalars =
                VersionScalars.read(bytes, channels.stream().map(Channel::name).toList());
        for (Channel channel : channels) {
            assertEquals(new Found(channel.version()), scalars.reading(channel.name()), file + " " + channel.name());
        }
    }
}
