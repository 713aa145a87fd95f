package dev.sluice.state;

import dev.sluice.task.TaskFiles;
import dev.sluice.task.TaskSpec;
import java.time.Instant;

/** A task as stored in the state table: its spec (password references only), status, phase and execution. */
public record TaskRecord(
        String id,
        TaskSpec spec,
        TaskStatus status,
        Phase phase,
        boolean stopRequested,
        String executionArn,
        String error,
        Instant createdAt,
        Instant updatedAt,
        long version,
        Instant cutOverAt) {

    static TaskRecord from(Item i) {
        return new TaskRecord(
                i.str("taskId"),
                TaskFiles.fromJson(i.str("spec")),
                TaskStatus.valueOf(i.str("status")),
                Phase.valueOf(i.str("phase")),
                i.bool("stopRequested"),
                i.str("executionArn"),
                i.str("error"),
                Instant.parse(i.str("createdAt")),
                Instant.parse(i.str("updatedAt")),
                i.version(),
                i.str("cutOverAt") == null ? null : Instant.parse(i.str("cutOverAt")));
    }
}
