package io.github.releasechannels.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.testing.Sites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteWriterTest {

    @TempDir
    Path temp;

    private final SiteWriter writer = new SiteWriter();

    @Test
    void writesEveryFileAndNothingElse() throws IOException {
        Path out = temp.resolve("site");
        Site site = Sites.render("channels: {current: {version: 14.2.1}, stable/cloud: {version: 14.3.0}}\n");
        writer.write(site, out);
        assertEquals(site.files().stream().map(SiteFile::path).toList(), files(out));
        assertEquals("14.2.1", Files.readString(out.resolve("current/version")));
        assertEquals(List.of("site"), names(temp), "no staging or previous directory is left beside it");
    }

    @Test
    void filesOfRemovedChannelsDisappear() throws IOException {
        Path out = temp.resolve("site");
        writer.write(Sites.render("channels: {old: {version: 1.0.0}, kept: {version: 1.0.0}}\n"), out);
        writer.write(Sites.render("channels: {kept: {version: 1.0.1}}\n"), out);
        assertEquals(List.of("index.html", "kept/critical", "kept/version", "release-channels.json"), files(out));
    }

    @Test
    void aFailedWriteLeavesThePreviousSiteWhole() throws IOException {
        Path out = temp.resolve("site");
        writer.write(Sites.render("channels: {current: {version: 1.0.0}}\n"), out);
        List<String> before = files(out);
        // A file where the new site needs a directory makes the staging write fail part-way.
        Site bad = new Site(Sites.render("channels: {current: {version: 2.0.0}}\n").config(),
                Sites.render("channels: {current: {version: 2.0.0}}\n").source(),
                List.of(SiteFile.text("a", "x", ContentTypes.TEXT), SiteFile.text("a/b", "y", ContentTypes.TEXT)));
        assertThrows(IOException.class, () -> writer.write(bad, out));
        assertEquals(before, files(out));
        assertEquals("1.0.0", Files.readString(out.resolve("current/version")));
        assertEquals(List.of("site"), names(temp), "the staging directory is cleaned up");
    }

    @Test
    void leftoversOfAKilledRunAreRemoved() throws IOException {
        Files.createDirectories(temp.resolve(".site.staging-1234/current"));
        Files.createDirectories(temp.resolve(".site.previous-5678"));
        writer.write(Sites.render("channels: {current: {version: 1.0.0}}\n"), temp.resolve("site"));
        assertEquals(List.of("site"), names(temp));
    }

    @Test
    void refusesToReplaceADirectoryItDidNotWrite() throws IOException {
        Path project = temp.resolve("project");
        Files.createDirectories(project);
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        var e = assertThrows(SiteWriter.NotASiteDirectoryException.class,
                () -> writer.write(Sites.render("channels: {a: {version: 1.0.0}}\n"), project));
        assertTrue(e.getMessage().contains("refusing to replace it"), e.getMessage());
        assertTrue(Files.exists(project.resolve("pom.xml")));
        assertFalse(Files.exists(project.resolve("a")));
    }

    @Test
    void refusesAServedDirectoryHoldingFilesItsManifestDoesNotList() throws IOException {
        // A docroot a deploy published into, beside the host's own files: generate must not wipe them.
        Path docroot = temp.resolve("docroot");
        writer.write(Sites.render("channels: {current: {version: 14.2.1}}\n"), docroot);
        Files.writeString(docroot.resolve("CNAME"), "updates.example.com\n");
        Files.createDirectories(docroot.resolve(".well-known"));
        Files.writeString(docroot.resolve(".well-known/security.txt"), "Contact: ops@example.com\n");

        var e = assertThrows(SiteWriter.NotASiteDirectoryException.class,
                () -> writer.write(Sites.render("channels: {current: {version: 14.2.2}}\n"), docroot));

        assertTrue(e.getMessage().contains("holds files its release-channels.json does not list (.well-known/, "
                + ".well-known/security.txt, CNAME)"), e.getMessage());
        assertTrue(e.getMessage().contains("use deploy to a file: target"), e.getMessage());
        assertEquals("updates.example.com\n", Files.readString(docroot.resolve("CNAME")));
        assertEquals("14.2.1", Files.readString(docroot.resolve("current/version")), "nothing was replaced");
    }

    @Test
    void aFifoAsTheManifestIsRefusedWithoutHanging() throws Exception {
        Path out = Files.createDirectories(temp.resolve("fifo"));
        Process mkfifo = new ProcessBuilder("mkfifo", out.resolve("release-channels.json").toString()).start();
        assertEquals(0, mkfifo.waitFor());

        var e = assertThrows(SiteWriter.NotASiteDirectoryException.class,
                () -> writer.write(Sites.render("channels: {a: {version: 1.0.0}}\n"), out));

        assertTrue(e.getMessage().contains("a FIFO, socket or device, not a regular file"), e.getMessage());
    }

    @Test
    void anEmptyDirectoryIsFine() throws IOException {
        Path out = Files.createDirectories(temp.resolve("empty"));
        writer.write(Sites.render("channels: {a: {version: 1.0.0}}\n"), out);
        assertTrue(Files.exists(out.resolve("a/version")));
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
