// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.Publishers;
import io.github.releasechannels.publish.TargetSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing and validating git targets; nothing is contacted. */
class GitPublisherFactoryTest {

    @TempDir
    Path work;

    private TargetSettings settings(Map<String, String> options) throws InvalidTargetException {
        return GitTestSupport.settings(
                work, options, Map.of("GITHUB_TOKEN", "ghp_secretFORtheFACTORYtest"), Optional.empty());
    }

    @Test
    void theStandardPublishersOpenGitTargetsWithTheDefaultBranch() throws Exception {
        try (Publisher publisher =
                Publishers.standard().open(GitPublisherFactory.EXAMPLE.replace("#gh-pages", ""), settings(Map.of()))) {
            assertEquals(
                    "git branch gh-pages of https://github.com/acme/teleport-updates.git with token from "
                            + "environment variable GITHUB_TOKEN",
                    publisher.describe());
        }
    }

    @Test
    void branchAndFolderAreParsed() throws Exception {
        GitTarget target = GitTarget.parse("git+https://git.example.com/ops/pages.git#site", "docs/updates/");
        assertEquals("site", target.branch());
        assertEquals("docs/updates/", target.directory());
        assertEquals("https://git.example.com/ops/pages.git", target.remote().toString());
        assertEquals(
                GitTarget.Transport.SSH,
                GitTarget.parse("git+ssh://git@github.com/acme/pages.git", null).transport());
        assertEquals(
                GitTarget.Transport.FILE,
                GitTarget.parse("git+file:///srv/git/pages.git", null).transport());
    }

    @Test
    void plainHttpIsOnlyForLoopback() throws Exception {
        assertEquals(
                GitTarget.Transport.HTTP_LOOPBACK,
                GitTarget.parse("git+http://localhost:8080/pages.git", null).transport());
        assertEquals(
                GitTarget.Transport.HTTP_LOOPBACK,
                GitTarget.parse("git+http://[::1]:8080/pages.git", null).transport());
        InvalidTargetException error = assertThrows(
                InvalidTargetException.class,
                () -> new GitPublisherFactory().create("git+http://git.example.com/pages.git", settings(Map.of())));
        assertTrue(error.getMessage().contains("use git+https"), error.getMessage());
    }

    @Test
    void aTokenInTheUrlIsRefusedWithoutRepeatingIt() {
        InvalidTargetException error = assertThrows(
                InvalidTargetException.class,
                () -> new GitPublisherFactory()
                        .create(
                                "git+https://x-access-token:ghp_inURLsecret42@github.com/acme/p.git",
                                settings(Map.of())));
        assertFalse(error.getMessage().contains("ghp_inURLsecret42"), error.getMessage());
        assertFalse(error.target().contains("ghp_inURLsecret42"), error.target());
        assertTrue(error.getMessage().contains("settings.xml"), error.getMessage());
    }

    @Test
    void badInputNamesTheValueAndTheFix() {
        assertInvalid("git+https://github.com/acme/p.git#bad..branch", "bad..branch");
        assertInvalid("git+ftp://example.com/p.git", "git+ftp");
        assertInvalid("git+ssh://git@github.com:acme/p.git", "a slash, not a colon");
        InvalidTargetException folder = assertThrows(
                InvalidTargetException.class,
                () -> new GitPublisherFactory()
                        .create("git+file:///srv/p.git", settings(Map.of("git.directory", "../escape"))));
        assertTrue(folder.getMessage().contains("'../escape'"), folder.getMessage());
        InvalidTargetException knownHosts = assertThrows(
                InvalidTargetException.class,
                () -> new GitPublisherFactory()
                        .create(
                                "git+ssh://git@github.com/acme/p.git",
                                settings(Map.of(
                                        "knownHosts", work.resolve("missing").toString()))));
        assertTrue(knownHosts.getMessage().contains("does not exist"), knownHosts.getMessage());
    }

    private void assertInvalid(String target, String expected) {
        InvalidTargetException error = assertThrows(
                InvalidTargetException.class, () -> new GitPublisherFactory().create(target, settings(Map.of())));
        assertTrue(error.getMessage().contains(expected), error.getMessage());
        assertTrue(error.getMessage().contains(GitPublisherFactory.EXAMPLE), error.getMessage());
    }
}
