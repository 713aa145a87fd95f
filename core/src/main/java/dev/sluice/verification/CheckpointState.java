package dev.sluice.verification;

import java.time.Instant;

/**
 * The incremental phase's progress as mirrored in the task's {@code CHECKPOINT#BINLOG} item: the source binlog
 * position applied to the destination (file/position and, where the source has GTIDs, the executed GTID set), the
 * replication delay in seconds and when the item was last written.
 */
public record CheckpointState(String file, long position, String gtidSet, Double delaySeconds, Instant updatedAt) {

    /** True when the applier reported a delay of at most {@code maxDelaySeconds} within the last {@code freshSeconds}. */
    public boolean notDelayed(double maxDelaySeconds, long freshSeconds, Instant now) {
        return delaySeconds != null && delaySeconds <= maxDelaySeconds && updatedAt != null
                && !updatedAt.isBefore(now.minusSeconds(freshSeconds));
    }

    public String describe() {
        return file + ":" + position + (gtidSet == null ? "" : " (GTIDs " + gtidSet + ")")
                + (delaySeconds == null ? "" : ", delay " + delaySeconds + " s")
                + (updatedAt == null ? "" : ", updated " + updatedAt);
    }
}
