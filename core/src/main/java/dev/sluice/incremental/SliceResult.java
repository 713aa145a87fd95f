package dev.sluice.incremental;

import dev.sluice.state.ReplicationStatus;
/** How a slice ended: {@code stopped} when the task's stop flag ended it, and the status at its end. */
public record SliceResult(boolean stopped, String reason, ReplicationStatus status) {
}
