// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.testing.Sites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteWriterTest {

    @TempDir
    Path temp;

    private final SiteWriter writer = new SiteWriter();

    @Test
    void writesEveryFileAndNothingElse() throws Exception {
        Path out = temp.resolve("site");
        Site site = Sites.render("channels: {current: {version: 14.2.1}, stable/cloud: {version: 14.3.0}}\n");
        writer.write(site, out);
        assertEquals(site.files().stream().map(SiteFile::path).toList(), files(out));
        assertEquals("14.2.1", Files.readString(out.resolve("current/version")));
        assertEquals(List.of("site"), names(temp), "no staging or previous directory is left beside it");
    }

    @Test
    void filesOfRemovedChannelsDisappear() throws Exception {
        Path out = temp.resolve("site");
        writer.write(Sites.render("channels: {old: {version: 1.0.0}, kept: {version: 1.0.0}}\n"), out);
        writer.write(Sites.render("channels: {kept: {version: 1.0.1}}\n"), out);
        assertEquals(List.of("index.html", "kept/critical", "kept/version", "release-channels.json"), files(out));
    }

    @Test
    void aFailedWriteLeavesThePreviousSiteWhole() throws Exception {
        Path out = temp.resolve("site");
        writer.write(Sites.render("channels: {current: {version: 1.0.0}}\n"), out);
        List<String> before = files(out);
        // A file where the new site needs a directory makes the staging write fail part-way.
        Site bad = new Site(
                Sites.render("channels: {current: {version: 2.0.0}}\n").config(),
                Sites.render("channels: {current: {version: 2.0.0}}\n").source(),
                List.of(SiteFile.text("a", "x", ContentTypes.TEXT), SiteFile.text("a/b", "y", ContentTypes.TEXT)));
        assertThrows(IOException.class, () -> writer.write(bad, out));
        assertEquals(before, files(out));
        assertEquals("1.0.0", Files.readString(out.resolve("current/version")));
        assertEquals(List.of("site"), names(temp), "the staging directory is cleaned up");
    }

    @Test
    void leftoversOfAKilledRunAreRemoved() throws Exception {
        Files.createDirectories(temp.resolve(".site.staging-1234/current"));
        Files.createDirectories(temp.resolve(".site.previous-5678"));
        writer.write(Sites.render("channels: {current: {version: 1.0.0}}\n"), temp.resolve("site"));
        assertEquals(List.of("site"), names(temp));
    }

    @Test
    void refusesToReplaceADirectoryItDidNotWrite() throws Exception {
        Path project = temp.resolve("project");
        Files.createDirectories(project);
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        var e = assertThrows(
                SiteWriter.NotASiteDirectoryException.class,
                () -> writer.write(Sites.render("channels: {a: {version: 1.0.0}}\n"), project));
        assertTrue(e.getMessage().contains("refusing to replace it"), e.getMessage());
        assertTrue(Files.exists(project.resolve("pom.xml")));
        assertFalse(Files.exists(project.resolve("a")));
    }

    @Test
    void refusesAServedDirectoryHoldingFilesItsManifestDoesNotList() throws Exception {
        // A docroot a deploy published into, beside the host's own files: generate must not wipe them.
        Path docroot = temp.resolve("docroot");
        writer.write(Sites.render("channels: {current: {version: 14.2.1}}\n"), docroot);
        Files.writeString(docroot.resolve("CNAME"), "updates.example.com\n");
        Files.createDirectories(docroot.resolve(".well-known"));
        Files.writeString(docroot.resolve(".well-known/security.txt"), "Contact: ops@example.com\n");

        var e = assertThrows(
                SiteWriter.NotASiteDirectoryException.class,
                () -> writer.write(Sites.render("channels: {current: {version: 14.2.2}}\n"), docroot));

        assertTrue(
                e.getMessage()
                        .contains("holds files its release-channels.json does not list (.well-known/, "
                                + ".well-known/security.txt, CNAME)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("use deploy to a file: target"), e.getMessage());
        assertEquals("updates.example.com\n", Files.readString(docroot.resolve("CNAME")));
        assertEquals("14.2.1", Files.readString(docroot.resolve("current/version")), "nothing was replaced");
    }

    @Test
    void aFifoAsTheManifestIsRefusedWithoutHanging() throws Exception {
        Path out = Files.createDirectories(temp.resolve("fifo"));
        Process mkfifo = new ProcessBuilder(
                        "mkfifo", out.resolve("release-channels.json").toString())
                .start();
        assertEquals(0, mkfifo.waitFor());

        var e = assertThrows(
                SiteWriter.NotASiteDirectoryException.class,
                () -> writer.write(Sites.render("channels: {a: {version: 1.0.0}}\n"), out));

        assertTrue(e.getMessage().contains("a FIFO, socket or device, not a regular file"), e.getMessage());
    }

    @Test
    void anEmptyDirectoryIsFine() throws Exception {
        Path out = Files.createDirectories(temp.resolve("empty"));
        writer.write(Sites.render("channels: {a: {version: 1.0.0}}\n"), out);
        assertTrue(Files.exists(out.resolve("a/version")));
    }

    @Test
    void anUpdateWritesOnlyTheFilesThatDifferAndRemovesThoseOfRemovedChannels() throws Exception {
        Path out = temp.resolve("site");
        writer.write(
                Sites.render("channels: {old: {version: 1.0.0}, kept: {version: 1.0.0}, "
                        + "stable/cloud: {version: 2.0.0}}\n"),
                out);
        Object keptFlag = fileKey(out.resolve("kept/critical"));
        Object keptVersion = fileKey(out.resolve("kept/version"));

        Site next = Sites.render(
                "channels: {kept: {version: 1.0.1}, stable/cloud: {version: 2.0.0}, " + "new/one: {version: 3.0.0}}\n");
        SiteWriter.Update update = writer.update(next, out);

        assertEquals(next.files().stream().map(SiteFile::path).toList(), files(out));
        assertEquals("1.0.1", Files.readString(out.resolve("kept/version")));
        assertEquals(keptFlag, fileKey(out.resolve("kept/critical")), "an unchanged file is not rewritten");
        assertTrue(!keptVersion.equals(fileKey(out.resolve("kept/version"))), "a changed file is replaced");
        assertFalse(Files.exists(out.resolve("old")), "the directory of a removed channel goes too");
        // kept/version, new/one's two files, the status page and the manifest; old's two files removed.
        assertEquals(5, update.written(), update.toString());
        assertEquals(2, update.removed(), update.toString());
        assertEquals(next.files().size() - 5, update.unchanged(), update.toString());
        assertEquals(List.of("site"), names(temp), "no staging directory is left beside it");

        assertEquals(0, writer.update(next, out).written(), "nothing differs the second time");
    }

    @Test
    void anUpdateTurnsAFileIntoADirectoryAndBack() throws Exception {
        Path out = temp.resolve("site");
        Site flat = Sites.render("channels: {edge: {version: 1.0.0}}\n");
        Site nested = Sites.render("channels: {edge/version: {version: 2.0.0}}\n");
        writer.write(flat, out);

        writer.update(nested, out);
        assertEquals(nested.files().stream().map(SiteFile::path).toList(), files(out));
        assertEquals("2.0.0", Files.readString(out.resolve("edge/version/version")));

        writer.update(flat, out);
        assertEquals(flat.files().stream().map(SiteFile::path).toList(), files(out));
        assertEquals("1.0.0", Files.readString(out.resolve("edge/version")));
    }

    @Test
    void anUpdateOfADirectoryThatDoesNotExistWritesTheWholeSite() throws Exception {
        Path out = temp.resolve("site");
        Site site = Sites.render("channels: {current: {version: 14.2.1}}\n");
        SiteWriter.Update update = writer.update(site, out);
        assertEquals(site.files().stream().map(SiteFile::path).toList(), files(out));
        assertEquals(site.files().size(), update.written());
    }

    @Test
    void anUpdateReplacesALinkAtASitePathWithoutWritingThroughIt() throws Exception {
        Path out = temp.resolve("site");
        writer.write(Sites.render("channels: {current: {version: 1.0.0}}\n"), out);
        Path elsewhere = Files.writeString(temp.resolve("elsewhere"), "not the site's");
        Files.delete(out.resolve("current/version"));
        Files.createSymbolicLink(out.resolve("current/version"), elsewhere);

        writer.update(Sites.render("channels: {current: {version: 2.0.0}}\n"), out);

        assertEquals("not the site's", Files.readString(elsewhere));
        assertTrue(Files.isRegularFile(out.resolve("current/version"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("2.0.0", Files.readString(out.resolve("current/version")));
    }

    @Test
    void anUpdateRefusesALinkedDirectoryAndWritesNothingThroughIt() throws Exception {
        Path out = temp.resolve("site");
        writer.write(Sites.render("channels: {current: {version: 1.0.0}}\n"), out);
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        PathUtils.deleteDirectory(out.resolve("current"));
        Files.createSymbolicLink(out.resolve("current"), elsewhere);

        var e = assertThrows(
                SiteWriter.NotASiteDirectoryException.class,
                () -> writer.update(Sites.render("channels: {current: {version: 2.0.0}}\n"), out));

        assertTrue(e.getMessage().contains("does not list (current)"), e.getMessage());
        assertEquals(List.of(), names(elsewhere));
    }

    @Test
    void anUpdateRefusesAServedDirectoryAndChangesNothing() throws Exception {
        Path docroot = temp.resolve("docroot");
        writer.write(Sites.render("channels: {current: {version: 14.2.1}, old: {version: 1.0.0}}\n"), docroot);
        Files.writeString(docroot.resolve("CNAME"), "updates.example.com\n");

        var e = assertThrows(
                SiteWriter.NotASiteDirectoryException.class,
                () -> writer.update(Sites.render("channels: {current: {version: 14.2.2}}\n"), docroot));

        assertTrue(e.getMessage().contains("does not list (CNAME)"), e.getMessage());
        assertEquals("14.2.1", Files.readString(docroot.resolve("current/version")), "nothing was written");
        assertTrue(Files.exists(docroot.resolve("old/version")), "nothing was removed");
    }

    @Test
    void anUpdateOverwritesASiteFileAKilledUpdateLeftBeforeItsManifest() throws Exception {
        Path out = temp.resolve("site");
        writer.write(Sites.render("channels: {current: {version: 1.0.0}}\n"), out);
        // Written by an update that was killed before the manifest that lists it.
        Files.createDirectories(out.resolve("next"));
        Files.writeString(out.resolve("next/version"), "2.0.0");

        Site site = Sites.render("channels: {current: {version: 1.0.0}, next: {version: 2.0.1}}\n");
        writer.update(site, out);

        assertEquals(site.files().stream().map(SiteFile::path).toList(), files(out));
        assertEquals("2.0.1", Files.readString(out.resolve("next/version")));
    }

    @Test
    void anUpdateOfALinkedOutputDirectoryReplacesTheLinkNotItsTarget() throws Exception {
        Path real = Files.createDirectories(temp.resolve("real"));
        Files.writeString(real.resolve("keep.txt"), "someone's");
        Path out = Files.createSymbolicLink(temp.resolve("site"), real);

        assertThrows(
                SiteWriter.NotASiteDirectoryException.class,
                () -> writer.update(Sites.render("channels: {current: {version: 1.0.0}}\n"), out));

        assertEquals(List.of("keep.txt"), names(real));
    }

    private static Object fileKey(Path file) throws Exception {
        return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
    }

    private static List<String> files(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
