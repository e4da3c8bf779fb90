// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import io.github.releasechannels.guard.CurrentVersions;
import io.github.releasechannels.guard.DowngradeGuard;
import io.github.releasechannels.publish.HeaderPolicy;
import io.github.releasechannels.publish.PlannedChange;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.publish.PublishPlan;
import io.github.releasechannels.publish.PublishPlanner;
import io.github.releasechannels.publish.PublishRefusedException;
import io.github.releasechannels.publish.StoredFile;
import io.github.releasechannels.publish.TargetState;
import io.github.releasechannels.site.Manifest;
import io.github.releasechannels.site.Site;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteLayout;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.io.file.PathUtils;

/**
 * The in-memory work of a publish between reading the target and writing to it, for sites of growing size: the
 * downgrade guard, the paths to compare and the plan, for a one-channel change against a target that holds the
 * previous publish. Reading the previous manifest is timed apart, as it grows with the site too.
 *
 * <p>For a one-off run without the rest: {@code java -cp <class path> ...PlanningBenchmark 10000 100000}.
 */
final class PlanningBenchmark {

    /**
     * One size's measurements: wall time, and the planning thread's CPU time and allocated bytes, which a loaded
     * machine changes far less than the wall time (another process on the core stretches the wall, not the CPU).
     */
    record Row(int channels, int files, Samples manifest, Samples plan, Samples planCpu, Samples planAllocated) {}

    private final List<Integer> sizes;
    private final int runs;
    private final Path work;

    PlanningBenchmark(List<Integer> sizes, int runs, Path work) {
        this.sizes = sizes;
        this.runs = runs;
        this.work = work;
    }

    List<Row> run() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (int size : sizes) {
            System.out.println("planning: " + size + " channels");
            rows.add(measure(size));
        }
        return rows;
    }

    private Row measure(int size) throws IOException {
        Path directory = work.resolve("planning-" + size);
        Site before = ChannelsFiles.render(ChannelsFiles.write(directory.resolve("before"), size, false));
        Site after = ChannelsFiles.render(ChannelsFiles.write(directory.resolve("after"), size, true));
        byte[] manifestBytes = before.files().stream()
                .filter(file -> file.path().equals(SiteLayout.MANIFEST_FILE))
                .findFirst()
                .orElseThrow()
                .content();
        Map<String, StoredFile> existing = new HashMap<>();
        HeaderPolicy policy = HeaderPolicy.defaults();
        for (SiteFile file : before.files()) {
            existing.put(
                    file.path(),
                    new StoredFile(file.path(), Optional.of(file.sha256()), Optional.of(policy.headersFor(file))));
        }
        Samples manifest = new Samples();
        Samples plan = new Samples();
        Samples planCpu = new Samples();
        Samples planAllocated = new Samples();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        // Two unrecorded rounds warm up the JIT, then each round is timed.
        for (int i = -2; i < runs; i++) {
            long started = System.nanoTime();
            Manifest previous = parse(manifestBytes);
            long parsed = System.nanoTime();
            // What a snapshot hands the planner, built once per publish by the target's read.
            TargetState state = new TargetState(Optional.of(previous), Optional.empty(), existing, Map.of());
            long cpu = threads.getCurrentThreadCpuTime();
            long allocated = threads.getThreadAllocatedBytes(thread);
            long planning = System.nanoTime();
            PublishPlan result = plan(after, state, policy);
            long planned = System.nanoTime();
            long cpuAfter = threads.getCurrentThreadCpuTime();
            long allocatedAfter = threads.getThreadAllocatedBytes(thread);
            if (result.count(PlannedChange.Action.UPDATE) != 3) {
                throw new IllegalStateException("planning " + size + " channels: expected the changed channel's "
                        + "version, the status page and the manifest to update, got "
                        + result.count(PlannedChange.Action.UPDATE));
            }
            if (i >= 0) {
                manifest.addNanos(parsed - started);
                plan.addNanos(planned - planning);
                planCpu.addNanos(cpuAfter - cpu);
                // In KiB, kept as the samples' "milliseconds" for their list and median.
                planAllocated.addNanos((allocatedAfter - allocated) / 1024 * 1_000_000);
            }
        }
        PathUtils.deleteDirectory(directory);
        return new Row(size, after.files().size(), manifest, plan, planCpu, planAllocated);
    }

    private static Manifest parse(byte[] bytes) {
        try {
            return Manifest.parse(bytes);
        } catch (Manifest.InvalidManifestException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PublishPlan plan(Site site, TargetState state, HeaderPolicy policy) {
        try {
            new DowngradeGuard(false, CurrentVersions.UNKNOWN, "nowhere", PublishLog.SILENT).check(site, state);
            PublishPlanner.pathsToCompare(site, state.manifest());
            return new PublishPlanner().plan(site, state.manifest(), state.files(), policy, true);
        } catch (PublishRefusedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A one-off run of the given sizes, printed; the full and smoke runs report it through {@link Report}. */
    public static void main(String[] args) throws IOException {
        List<Integer> sizes = args.length == 0
                ? List.of(10_000, 100_000)
                : java.util.Arrays.stream(args).map(Integer::valueOf).toList();
        Path work = Files.createTempDirectory("release-channels-planning-");
        try {
            for (int size : sizes) {
                Row row = new PlanningBenchmark(List.of(size), 5, work).run().get(0);
                System.out.printf(
                        "%,d channels (%,d files): manifest read %s ms, plan %s ms, its CPU %s ms, allocated %,d KiB"
                                + " (medians; plan samples %s, CPU %s)%n",
                        row.channels(),
                        row.files(),
                        Samples.millis(row.manifest().median()),
                        Samples.millis(row.plan().median()),
                        Samples.millis(row.planCpu().median()),
                        Math.round(row.planAllocated().median()),
                        row.plan().list(),
                        row.planCpu().list());
            }
        } finally {
            PathUtils.deleteDirectory(work);
        }
    }
}
