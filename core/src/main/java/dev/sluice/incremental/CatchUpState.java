package dev.sluice.incremental;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.db.SourceColumns;
import dev.sluice.state.ReplicationStatus;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The task's state as a reloaded table's catch-up stream sees it: the task's stop flag (or {@code abort}, raised
 * when the main stream of the slice failed), the task's schema history read-only (the main stream records DDL), and
 * no mirrored status (the task's status is the main stream's).
 */
public final class CatchUpState implements ReplicationState {
    private final ReplicationState task;
    private final BooleanSupplier abort;

    public CatchUpState(ReplicationState task, BooleanSupplier abort) {
        this.task = task;
        this.abort = abort;
    }

    @Override
    public boolean isStopRequested() {
        return abort.getAsBoolean() || task.isStopRequested();
    }

    @Override
    public Optional<JsonNode> handoff() {
        return Optional.empty();
    }

    @Override
    public Optional<SourceColumns.Snapshot> handoffColumns() {
        return task.handoffColumns();
    }

    @Override
    public List<SchemaHistory.Entry> schemaHistory() {
        return task.schemaHistory();
    }

    @Override
    public void putSchemaHistory(SchemaHistory.Entry entry) {
        // the main stream keeps the history
    }

    @Override
    public void deleteSchemaHistory(int seq) {
        // the main stream keeps the history
    }

    @Override
    public void mirror(ReplicationStatus status) {
        // the task's status is the main stream's
    }
}
