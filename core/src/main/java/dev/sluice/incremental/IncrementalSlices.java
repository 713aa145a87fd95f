package dev.sluice.incremental;

import dev.sluice.task.TaskSpec;
import java.time.Duration;

/**
 * The service behind the {@code incremental-slice} function: runs one slice of binlog replication for a task,
 * bounded by the task's {@code slice_seconds} (at most 14 minutes) and by the caller's remaining time.
 */
public final class IncrementalSlices {
    private IncrementalSlices() {
    }

    /**
     * Runs a slice; {@code remaining} is how long the caller may still run (Lambda remaining time), or null.
     * A minute is kept back from {@code remaining} for draining the apply workers and returning.
     */
    public static SliceResult run(String taskId, TaskSpec spec, ReplicationState state, Duration remaining) {
        return new Replicator(taskId, spec, state, config(taskId, spec, remaining)).runSlice();
    }

    /** The slice's configuration: the task's, its slice cut to {@code remaining} less a minute (null: no limit). */
    public static ReplicatorConfig config(String taskId, TaskSpec spec, Duration remaining) {
        ReplicatorConfig config = ReplicatorConfig.of(taskId, spec.optionsOrDefaults().incrementalOrDefault());
        if (remaining != null) {
            Duration usable = remaining.minusSeconds(60);
            if (usable.compareTo(config.slice()) < 0) {
                config = config.withSlice(usable.isNegative() ? Duration.ofSeconds(5) : usable);
            }
        }
        return config;
    }
}
