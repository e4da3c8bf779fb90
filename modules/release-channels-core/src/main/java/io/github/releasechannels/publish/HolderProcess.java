// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A process as a {@link PublishLock} names it, with what tells it apart from every other process that may show the
 * same host name and process id: the kernel's boot id (a reboot restarts the numbering), its pid namespace
 * (containers and pods on one kernel may share a host name while each numbers its processes apart) and its start
 * time (process ids are reused). Boot id and namespace are read from Linux's {@code /proc}; elsewhere they are
 * unknown, and a lock is then only ever taken over once it has expired.
 *
 * @param host         the host name
 * @param pid          the process id, as numbered in {@code pidNamespace}
 * @param started      when the process started, where the system tells
 * @param bootId       {@code /proc/sys/kernel/random/boot_id}
 * @param pidNamespace the target of {@code /proc/self/ns/pid}, e.g. {@code pid:[4026531836]}
 */
record HolderProcess(
        String host, long pid, Optional<Instant> started, Optional<String> bootId, Optional<String> pidNamespace) {

    /**
     * How far two readings of one process's start time may differ: Linux derives it from the boot time, which it
     * reports to the second and recomputes. A process id reused that soon after a lock holder started cannot have
     * held a lock; within this the process counts as the one the lock names, so the lock is waited for.
     */
    private static final Duration SAME_START = Duration.ofSeconds(2);

    private static final Pattern BOOT_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern PID_NAMESPACE = Pattern.compile("pid:\\[[0-9]+\\]");

    private static volatile HolderProcess current;

    /** This process; read once, as the host name may take a name-service lookup. */
    static HolderProcess current() {
        HolderProcess known = current;
        if (known == null) {
            ProcessHandle self = ProcessHandle.current();
            known = new HolderProcess(
                    hostName(),
                    self.pid(),
                    self.info().startInstant(),
                    readProc(
                            () -> Files.readString(
                                            Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII)
                                    .trim(),
                            BOOT_ID),
                    readProc(
                            () -> Files.readSymbolicLink(Path.of("/proc/self/ns/pid"))
                                    .toString(),
                            PID_NAMESPACE));
            current = known;
        }
        return known;
    }

    /**
     * Why the process a lock names has certainly ended, in words for the warning; empty when it may still be
     * running or when this process cannot tell (another host, another boot, another pid namespace, a lock written
     * without boot id and namespace, a system that does not say when a process started).
     *
     * @param holder     the lock
     * @param heldHere   the tokens of the leases this process holds or is taking now
     */
    Optional<String> ended(PublishLock.Holder holder, Set<String> heldHere) {
        if (!holder.host().equals(host)
                || bootId.isEmpty()
                || pidNamespace.isEmpty()
                || !holder.bootId().equals(bootId)
                || !holder.pidNamespace().equals(pidNamespace)) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(holder.pid()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return Optional.of("process " + holder.pid() + " no longer exists on this host");
        }
        Optional<Instant> start = process.get().info().startInstant();
        if (start.isEmpty()) {
            return Optional.empty();
        }
        if (holder.processStarted().isPresent()) {
            if (Duration.between(holder.processStarted().get(), start.get())
                            .abs()
                            .compareTo(SAME_START)
                    > 0) {
                return Optional.of("process id " + holder.pid() + " now belongs to another process (started "
                        + start.get() + ", the lock's holder started "
                        + holder.processStarted().get() + ")");
            }
        } else if (start.get().isAfter(holder.acquired().plus(SAME_START))) {
            return Optional.of("process id " + holder.pid() + " now belongs to a process started " + start.get()
                    + ", after the lock was taken");
        }
        if (holder.pid() == pid && !heldHere.contains(holder.token())) {
            return Optional.of("that is this process, and the publish that took it has ended");
        }
        return Optional.empty();
    }

    private interface ProcRead {
        String read() throws IOException;
    }

    /** A value from {@code /proc} in its expected form; empty where there is none or it looks otherwise. */
    private static Optional<String> readProc(ProcRead read, Pattern form) {
        try {
            return Optional.of(read.read()).filter(value -> form.matcher(value).matches());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "an unknown host";
        }
    }
}
