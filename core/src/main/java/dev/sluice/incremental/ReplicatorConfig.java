package dev.sluice.incremental;

import dev.sluice.binlog.ServerIds;
import dev.sluice.settings.Settings;
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
    public static final Duration MAX_SLICE = Settings.MAX_CALL;

    /** The configuration of a task: its options, then system-property overrides, then defaults. */
    public static ReplicatorConfig of(String taskId, IncrementalOptions o) {
        long sliceSeconds = Math.min(o.sliceSecondsOrDefault(), MAX_SLICE.toSeconds());
        long serverId = o.serverId() != null ? o.serverId() : ServerIds.forTask(taskId);
        return new ReplicatorConfig(
                Settings.INCREMENTAL_WORKERS.intValue(4),
                Settings.INCREMENTAL_BATCH_ROWS.intValue(20_000),
                Settings.INCREMENTAL_BATCH_MILLIS.longValue(200),
                Settings.INCREMENTAL_QUEUE_EVENTS.intValue(20_000),
                Duration.ofSeconds(Settings.INCREMENTAL_SLICE_SECONDS.longValue(sliceSeconds)),
                serverId,
                o.heartbeatOrDefault(),
                Settings.INCREMENTAL_HEARTBEAT_MILLIS.longValue(1000),
                Settings.INCREMENTAL_DESTINATION_BINLOG.bool(false),
                Settings.INCREMENTAL_MIRROR_MILLIS.longValue(2000));
    }

    public ReplicatorConfig withSlice(Duration d) {
        return new ReplicatorConfig(workers, batchRows, batchMillis, queueEvents, d, serverId, heartbeat,
                heartbeatMillis, destinationBinlog, mirrorMillis);
    }

    /**
     * A reloaded table's catch-up stream: its own reader id ({@code serverId}), no heartbeat, two apply workers, and
     * {@code extra} beyond the main stream's slice to reach where the main stream ended.
     */
    public ReplicatorConfig forCatchUp(long catchUpServerId, Duration extra) {
        return new ReplicatorConfig(Math.min(2, workers), batchRows, batchMillis, queueEvents, slice.plus(extra),
                catchUpServerId, false, heartbeatMillis, destinationBinlog, mirrorMillis);
    }
}
