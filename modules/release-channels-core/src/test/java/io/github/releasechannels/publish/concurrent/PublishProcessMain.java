// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.concurrent;

import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.guard.CurrentVersions;
import io.github.releasechannels.guard.DowngradeGuard;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.publish.CommonOptions;
import io.github.releasechannels.publish.ConcurrentPublishException;
import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.PublishLock;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.publish.PublishRefusedException;
import io.github.releasechannels.publish.PublishReport;
import io.github.releasechannels.publish.PublishRequest;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.Publishers;
import io.github.releasechannels.publish.Retry;
import io.github.releasechannels.publish.TargetOptions;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One real publish in its own JVM, as a CI runner would run it, for the tests that race two of them:
 * {@code <target> <commit> <channels.yaml> <ready-file> <go-file> [option=value...]}. It opens the publisher the
 * Mojo opens, touches the ready file, waits for the go file (so two processes start their publish together), and
 * exits 0 when published, 2 when the downgrade guard refused, 3 on a concurrent publish, 1 otherwise. With the
 * option {@code pauseAt=<step>} it stops for good before that step, holding the lock, to be killed there.
 * Options {@code user} and {@code password} are the settings.xml credentials; {@value #LOCK_POLL_MILLIS} and
 * {@value #LOCK_SETTLE_MILLIS} set the lock's {@linkplain PublishLock.Policy poll and settle durations}, which the
 * plugin fixes at 2 s (see {@link #withQuickLock}); the others go to the target.
 */
public final class PublishProcessMain {

    public static final int PUBLISHED = 0;
    public static final int FAILED = 1;
    public static final int REFUSED = 2;
    public static final int CONCURRENT = 3;

    /** How often, in ms, a publish waiting for another one's lock looks again; 2 s in the plugin. */
    public static final String LOCK_POLL_MILLIS = "test.lockPollMillis";
    /** How long, in ms, a check-then-write store's lock is left to settle before it is read back; 2 s in the plugin. */
    public static final String LOCK_SETTLE_MILLIS = "test.lockSettleMillis";

    private PublishProcessMain() {}

    /**
     * {@code options} with a lock that looks again every 200 ms while it waits (the plugin: every 2 s) and lets a
     * check-then-write settle for 1 s (the plugin: 2 s): a race then waits less, and its processes' writes, released
     * together by the go file, still land well within the settle.
     */
    public static Map<String, String> withQuickLock(Map<String, String> options) {
        Map<String, String> quick = new HashMap<>(options);
        quick.put(LOCK_POLL_MILLIS, "200");
        quick.put(LOCK_SETTLE_MILLIS, "1000");
        return quick;
    }

    public static void main(String[] args) throws Exception {
        String target = args[0];
        String commit = args[1];
        Path channels = Path.of(args[2]);
        Path ready = Path.of(args[3]);
        Path go = Path.of(args[4]);
        Map<String, String> options = new HashMap<>();
        for (int i = 5; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            options.put(args[i].substring(0, equals), args[i].substring(equals + 1));
        }
        Optional<String> pauseAt = Optional.ofNullable(options.remove("pauseAt"));
        Site site = site(Files.readString(channels), commit);
        PublishLog log = new StdoutLog(pauseAt);
        TargetSettings settings = settings(options);
        int exit;
        try (Publisher publisher = Publishers.standard().open(target, settings)) {
            Files.writeString(ready, "ready");
            while (!Files.exists(go)) {
                Thread.sleep(5);
            }
            PublishReport report = publisher.publish(
                    site,
                    new PublishRequest(
                            false,
                            HeaderPolicy.defaults(),
                            new DowngradeGuard(false, CurrentVersions.UNKNOWN, "nowhere", log),
                            log));
            System.out.println("RESULT published " + commit + " on top of "
                    + report.plan()
                            .previous()
                            .flatMap(manifest -> manifest.commit())
                            .orElse("nothing"));
            exit = PUBLISHED;
        } catch (PublishRefusedException e) {
            System.out.println("RESULT refused " + e.getMessage());
            exit = REFUSED;
        } catch (ConcurrentPublishException e) {
            System.out.println("RESULT concurrent " + e.getMessage());
            exit = CONCURRENT;
        } catch (Exception e) {
            System.out.println("RESULT failed " + e);
            e.printStackTrace(System.out);
            exit = FAILED;
        }
        System.out.flush();
        System.exit(exit);
    }

    /** The site of {@code yaml} as published from {@code commit}. */
    public static Site site(String yaml, String commit) throws Exception {
        return new SiteRenderer()
                .render(
                        new ChannelsFileParser().parse(yaml.getBytes(StandardCharsets.UTF_8), "channels.yaml"),
                        new Source("channels.yaml", Optional.of(commit), Optional.empty(), false));
    }

    /** Target settings from {@code option=value} pairs; {@code user} and {@code password} become credentials. */
    public static TargetSettings settings(Map<String, String> options) throws Exception {
        Map<String, String> remaining = new HashMap<>(options);
        Optional<Credentials> credentials = Optional.ofNullable(remaining.remove("password"))
                .map(password -> new Credentials(
                        Optional.ofNullable(remaining.remove("user")),
                        Optional.of(password),
                        Optional.empty(),
                        Optional.empty(),
                        "test settings.xml server"));
        Optional<String> poll = Optional.ofNullable(remaining.remove(LOCK_POLL_MILLIS));
        Optional<String> settle = Optional.ofNullable(remaining.remove(LOCK_SETTLE_MILLIS));
        TargetOptions parsed = TargetOptions.parse(remaining);
        CommonOptions common = parsed.common();
        PublishLock.Policy lock = common.lock();
        TargetOptions targetOptions = new TargetOptions(
                new CommonOptions(
                        common.timeout(),
                        common.parallelism(),
                        new PublishLock.Policy(
                                lock.expiry(),
                                lock.patience(),
                                poll.map(millis -> Duration.ofMillis(Long.parseLong(millis)))
                                        .orElse(lock.poll()),
                                settle.map(millis -> Duration.ofMillis(Long.parseLong(millis)))
                                        .orElse(lock.settle()))),
                parsed.kinds());
        return new TargetSettings(
                credentials, targetOptions, Map.of(), Files.createTempDirectory("publish-process"), Retry.defaults());
    }

    /** Prints every line; stops the process for good before the step named {@code pauseAt}. */
    private record StdoutLog(Optional<String> pauseAt) implements PublishLog {

        @Override
        public void info(String message) {
            System.out.println("INFO " + message);
            if (pauseAt.filter(step -> message.trim().equals(step)).isPresent()) {
                System.out.println("PAUSED");
                System.out.flush();
                try {
                    Thread.sleep(Duration.ofHours(1).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void warn(String message) {
            System.out.println("WARN " + message);
        }

        @Override
        public void debug(String message) {}
    }
}
