// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.PublishGuard;
import io.github.releasechannels.publish.PublishLock;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.publish.PublishRequest;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.Publishers;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Races real publishing processes (JVMs running {@link PublishProcessMain}) against one target, as two CI
 * pipelines for consecutive commits would: commit {@value #OLDER} and the newer {@value #NEWER} start together
 * on a target that serves {@value #BASE}. Whatever the order, the target must end up serving exactly the newer
 * commit's site: the older one either finishes first and the newer one plans on top of it, or the newer one
 * finishes first and the downgrade guard refuses the older one. A target implements the few methods below.
 */
public abstract class ConcurrentPublishContract {

    static final String BASE = "c0-base";
    static final String OLDER = "c1-older";
    static final String NEWER = "c2-newer";
    private static final int ROUNDS = Integer.getInteger("publishRace.rounds", 3);
    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    protected Path work;

    /** The target URI of a fresh, empty site called {@code name}. */
    protected abstract String target(String name) throws Exception;

    /** The target options and credentials, as {@code option=value}. */
    protected abstract Map<String, String> options() throws Exception;

    /** {@link #options()} with a lock that waits and settles for less than the plugin's 2 s, so races end sooner. */
    private Map<String, String> processOptions() throws Exception {
        return PublishProcessMain.withQuickLock(options());
    }

    /** Every file of site {@code name} on the target, dot-files included, as path to UTF-8 text. */
    protected abstract Map<String, String> served(String name) throws Exception;

    static String channels(String version, String only) {
        StringBuilder yaml = new StringBuilder("channels:\n  current:\n    version: " + version + "\n"
                + "  stable:\n    version: " + version + "\n  " + only + ":\n    version: " + version + "\n");
        for (int i = 0; i < 12; i++) {
            yaml.append("  fleet/n")
                    .append(i)
                    .append(":\n    version: ")
                    .append(version)
                    .append('\n');
        }
        return yaml.toString();
    }

    static final String BASE_SITE = channels("1.0.0", "base-only");
    static final String OLDER_SITE = channels("2.0.0", "older-only");
    static final String NEWER_SITE = channels("3.0.0", "newer-only");

    protected static String freshName(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    }

    @Test
    void twoConcurrentPublishesOfConsecutiveCommitsEndServingTheNewerOneAndNothingElse() throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            String name = freshName("race");
            publishInProcess(name, BASE_SITE, BASE);
            Path go = work.resolve(name + ".go");
            PublishProcess older = PublishProcess.start(work, target(name), OLDER, OLDER_SITE, go, processOptions());
            PublishProcess newer = PublishProcess.start(work, target(name), NEWER, NEWER_SITE, go, processOptions());
            PublishProcess.startTogether(go, older, newer);
            int olderExit = older.awaitExit();
            int newerExit = newer.awaitExit();

            String story = "round " + round + ": older " + older.result() + " | newer " + newer.result();
            outcomes.add(story);
            assertEquals(PublishProcessMain.PUBLISHED, newerExit, story + "\n" + newer.output());
            if (olderExit == PublishProcessMain.PUBLISHED) {
                assertTrue(
                        newer.result().endsWith("on top of " + OLDER),
                        "the newer publish must have planned " + "from the older one's result, not beside it: "
                                + story);
            } else {
                assertEquals(PublishProcessMain.REFUSED, olderExit, story + "\n" + older.output());
                // Refused as a downgrade: it planned from the newer publish's result, whether it waited for the
                // newer one's lock or started after that publish had ended.
                assertTrue(
                        older.result().contains("downgrade") || older.result().contains("lower"), story);
            }
            assertEquals(
                    siteFiles(PublishProcessMain.site(NEWER_SITE, NEWER)),
                    served(name),
                    "the target serves exactly the newer commit's site, no stray file and no lock: " + story);
        }
        System.out.println(getClass().getSimpleName() + " races:\n  " + String.join("\n  ", outcomes));
    }

    /**
     * A publish SIGKILLed while it holds the lock, on this host: its lock names a process that no longer exists, so
     * the next publish takes it over at once, without waiting (releaseChannels.lock.waitSeconds=0) for its minute to
     * run out, naming the dead process.
     */
    @Test
    void theLockOfAPublishKilledOnThisHostIsTakenOverAtOnceWithALogLineNamingTheDeadProcess() throws Exception {
        String name = freshName("killed");
        publishInProcess(name, BASE_SITE, BASE);
        Path go = work.resolve(name + ".go");
        Files.writeString(go, "go");
        Map<String, String> pausing = new TreeMap<>(processOptions());
        pausing.put("pauseAt", "update current/version");
        PublishProcess killed = PublishProcess.start(work, target(name), OLDER, OLDER_SITE, go, pausing);
        killed.awaitOutput("PAUSED");
        killed.kill();
        String lock = served(name).get(PublishLock.LOCK_FILE);
        assertTrue(
                lock != null
                        && lock.contains("\npid=" + killed.pid() + "\n")
                        && lock.contains("commit=" + OLDER)
                        && lock.contains("\nboot_id=")
                        && lock.contains("\npid_namespace=pid:["),
                "the killed publish left its lock, naming its process as only this host can tell it: " + lock);

        Map<String, String> noWaiting = new TreeMap<>(processOptions());
        noWaiting.put(PublishLock.Policy.WAIT_OPTION, "0");
        PublishProcess next = PublishProcess.start(work, target(name), NEWER, NEWER_SITE, go, noWaiting);
        int exit = next.awaitExit();

        assertEquals(PublishProcessMain.PUBLISHED, exit, next.output());
        assertTrue(next.output().contains("WARN Taking over the publish lock " + PublishLock.LOCK_FILE), next.output());
        assertTrue(
                next.output().contains("of the publish of commit " + OLDER + " by process " + killed.pid()),
                next.output());
        assertTrue(
                next.output()
                        .contains(": process " + killed.pid() + " no longer exists on this host, so its "
                                + "lock proves nothing."),
                next.output());
        assertTrue(next.result().endsWith("on top of " + BASE), next.result());
        assertEquals(siteFiles(PublishProcessMain.site(NEWER_SITE, NEWER)), served(name));
    }

    @Test
    void temporariesOfKilledPublishesAreRemovedByTheNextPublishWithoutFollowingLinks() throws Exception {
        String name = freshName("leftovers");
        publishInProcess(name, BASE_SITE, BASE);
        Optional<Path> local = localRoot(name);
        assumeTrue(local.isPresent(), "the target's files are not on this machine");
        Path root = local.get();
        List<Path> leftovers = List.of(
                root.resolve("current/.version.tmp-" + UUID.randomUUID()),
                root.resolve("current/.critical.tmp-" + UUID.randomUUID()),
                root.resolve("stable/.version.old-" + UUID.randomUUID()),
                root.resolve("fleet/n3/.version.tmp-" + UUID.randomUUID()),
                root.resolve("base-only/.version.tmp-" + UUID.randomUUID()),
                root.resolve(".release-channels.json.tmp-" + UUID.randomUUID()),
                root.resolve("." + PublishLock.LOCK_FILE + ".tmp-" + UUID.randomUUID()));
        for (Path leftover : leftovers) {
            Files.writeString(leftover, "half a file");
        }
        Path outside = Files.writeString(work.resolve("outside.txt"), "not the target's");
        Path link = Files.createSymbolicLink(root.resolve("fleet/n0/.version.tmp-" + UUID.randomUUID()), outside);
        List<Path> foreign = List.of(
                root.resolve("current/.version.tmp-not-a-uuid"),
                root.resolve("current/.notes"),
                Files.createDirectories(root.resolve("elsewhere")).resolve(".version.tmp-" + UUID.randomUUID()));
        for (Path file : foreign) {
            Files.writeString(file, "someone else's");
        }

        publishInProcess(name, NEWER_SITE, NEWER);

        for (Path leftover : leftovers) {
            assertFalse(Files.exists(leftover, LinkOption.NOFOLLOW_LINKS), leftover + " was removed");
        }
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS), "the link itself was removed");
        assertEquals("not the target's", Files.readString(outside), "what the link pointed to is untouched");
        for (Path file : foreign) {
            assertEquals("someone else's", Files.readString(file), file + " is not a temporary of a site file");
        }
        assertEquals("3.0.0", Files.readString(root.resolve("current/version")));
    }

    /** Where the target's files of site {@code name} are on the local disk, to plant leftovers; empty if not. */
    protected Optional<Path> localRoot(String name) throws Exception {
        return Optional.empty();
    }

    protected void publishInProcess(String name, String yaml, String commit) throws Exception {
        try (Publisher publisher =
                Publishers.standard().open(target(name), PublishProcessMain.settings(processOptions()))) {
            publisher.publish(
                    PublishProcessMain.site(yaml, commit),
                    new PublishRequest(false, HeaderPolicy.defaults(), PublishGuard.NONE, PublishLog.SILENT));
        }
    }

    /** Every regular file below {@code root}, dot-files included, as relative path to text. */
    protected static Map<String, String> filesUnder(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(
                        root.relativize(file).toString().replace('\\', '/'),
                        Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    protected static Map<String, String> siteFiles(Site site) {
        Map<String, String> files = new TreeMap<>();
        for (SiteFile file : site.files()) {
            files.put(file.path(), new String(file.content(), StandardCharsets.UTF_8));
        }
        return files;
    }
}
