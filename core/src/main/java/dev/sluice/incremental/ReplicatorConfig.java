package dev.sluice.incremental;

import dev.sluice.binlog.ServerIds;
import dev.sluice.task.TaskOptions.IncrementalOptions;
import java.time.Duration;

/**
 * Engine settings of the binlog replicator: apply parallelism, batch sizes, queue bound, slice budget, reader
 * server_id and the source heartbeat. The task file's {@code options.incremental} gives the user-facing ones; the
 * rest have measured defaults (docs/benchmarks.md) and may be overridden by system properties
 * {@code sluice.incremental.<name>} for tests and benchmarks.
 */
public record ReplicatorConfig(
        int workers,
        int batchRows,
        long batchMillis,
        int queueEvents,
        Duration slice,
        long serverId,
        boolean heartbeat,
        long heartbeatMillis,
        boolean destinationBinlog,
        long mirrorMillis) {

    /** Lambda allows 15 minutes per call; a slice must leave time to drain and return. */
    public static final Duration MAX_SLICE = Duration.ofMinutes(14);

    /** The configuration of a task: its options, then system-property overrides, then defaults. */
    public static ReplicatorConfig of(String taskId, IncrementalOptions o) {
        long sliceSeconds = Math.min(o.sliceSecondsOrDefault(), MAX_SLICE.toSeconds());
        long serverId = o.serverId() != null ? o.serverId() : ServerIds.forTask(taskId);
        return new ReplicatorConfig(
                intProp("workers", 4),
                intProp("batchRows", 20_000),
                longProp("batchMillis", 200),
                intProp("queueEvents", 20_000),
                Duration.ofSeconds(longProp("sliceSeconds", sliceSeconds)),
                serverId,
                o.heartbeatOrDefault(),
                longProp("heartbeatMillis", 1000),
                Boolean.getBoolean("sluice.incremental.destinationBinlog"),
                longProp("mirrorMillis", 2000));
    }

    public ReplicatorConfig withSlice(Duration d) {
        return new ReplicatorConfig(workers, batchRows, batchMillis, queueEvents, d, serverId, heartbeat,
                heartbeatMillis, destinationBinlog, mirrorMillis);
    }

    private static int intProp(String name, int dflt) {
        return (int) longProp(name, dflt);
    }

    private static long longProp(String name, long dflt) {
        String v = System.getProperty("sluice.incremental." + name);
        return v == null || v.isBlank() ? dflt : Long.parseLong(v.trim());
    }
}
