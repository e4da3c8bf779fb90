// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishersTest {

    @TempDir
    Path work;

    private TargetSettings settings() {
        return new TargetSettings(Optional.empty(), TargetOptions.defaults(), Map.of(), work, Retry.defaults());
    }

    @Test
    void anUnknownSchemeListsTheSupportedOnes() {
        InvalidTargetException e = assertThrows(
                InvalidTargetException.class, () -> Publishers.standard().open("ftp://example.com/site", settings()));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "releaseChannels.target 'ftp://example.com/site' has the scheme 'ftp', "
                                        + "which no publisher supports. Supported: file (e.g. file:///srv/www/teleport-updates)"),
                e.getMessage());
        assertEquals("ftp://example.com/site", e.target());
    }

    @Test
    void plainPathsAndFileUrisAreDirectories() throws Exception {
        assertEquals("file", TargetUri.scheme("/srv/www"));
        assertEquals("file", TargetUri.scheme("relative/dir"));
        assertEquals("file", TargetUri.scheme("C:\\www"));
        assertEquals("git+https", TargetUri.scheme("git+https://github.com/a/b.git#gh-pages"));
        try (Publisher publisher = Publishers.standard().open("file://" + work.resolve("www"), settings())) {
            assertEquals("directory " + work.resolve("www"), publisher.describe());
        }
        try (Publisher publisher =
                Publishers.standard().open(work.resolve("plain").toString(), settings())) {
            assertEquals("directory " + work.resolve("plain"), publisher.describe());
        }
    }

    @Test
    void relativeDirectoriesAreResolvedAgainstTheProject() {
        Path project = Path.of("/work/project");
        assertEquals("/work/project/www", Publishers.resolveRelativeDirectory("www", project));
        assertEquals("/work/project/www", Publishers.resolveRelativeDirectory("file:www", project));
        assertEquals("/srv/www", Publishers.resolveRelativeDirectory("/srv/www", project));
        assertEquals("file:///srv/www", Publishers.resolveRelativeDirectory("file:///srv/www", project));
        assertEquals("s3://bucket/p", Publishers.resolveRelativeDirectory("s3://bucket/p", project));
    }
}
