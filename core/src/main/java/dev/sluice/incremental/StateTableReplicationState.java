package dev.sluice.incremental;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.db.SourceColumns;
import dev.sluice.state.ReplicationHistory;
import dev.sluice.state.ReplicationStatus;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskItem;
import dev.sluice.state.Tasks;
import java.util.List;
import java.util.Optional;

/** {@link ReplicationState} in the DynamoDB state table, under the task's partition. */
public final class StateTableReplicationState implements ReplicationState {
    public static final String HANDOFF = TaskItem.HANDOFF.sk();
    public static final String CHECKPOINT = TaskItem.CHECKPOINT_BINLOG.sk();

    private final String taskId;
    private final Tasks tasks;
    private final TaskDocuments documents;
    private final StateTable table;

    public StateTableReplicationState(String taskId, Tasks tasks, TaskDocuments documents, StateTable table) {
        this.taskId = taskId;
        this.tasks = tasks;
        this.documents = documents;
        this.table = table;
    }

    @Override
    public boolean isStopRequested() {
        return tasks.isStopRequested(taskId);
    }

    @Override
    public Optional<JsonNode> handoff() {
        return documents.get(taskId, HANDOFF);
    }

    @Override
    public Optional<SourceColumns.Snapshot> handoffColumns() {
        return documents.get(taskId, TaskItem.HANDOFF_SCHEMA.sk(), SourceColumns.Snapshot.class);
    }

    @Override
    public List<SchemaHistory.Entry> schemaHistory() {
        return documents.list(taskId, TaskItem.SCHEMA_HISTORY.prefix()).stream()
                .map(n -> TaskDocuments.json().convertValue(n, SchemaHistory.Entry.class)).toList();
    }

    @Override
    public void putSchemaHistory(SchemaHistory.Entry entry) {
        documents.put(taskId, sortKey(entry.seq()), entry);
    }

    @Override
    public void deleteSchemaHistory(int seq) {
        table.delete(Tasks.pk(taskId), sortKey(seq));
    }

    @Override
    public List<String> uniqueKeysAfterReplay() {
        return documents.get(taskId, TaskItem.SCHEMA_AFTER_REPLAY.sk()).map(n -> {
            List<String> out = new java.util.ArrayList<>();
            n.path("statements").forEach(s -> out.add(s.asText()));
            return out;
        }).orElse(List.of());
    }

    @Override
    public void uniqueKeysBuilt() {
        table.delete(Tasks.pk(taskId), TaskItem.SCHEMA_AFTER_REPLAY.sk());
    }

    /** The task's sums when this slice started mirroring; its own counters are added to them. */
    private ReplicationStatus before;
    private boolean beforeRead;

    /** The delay history as this slice last wrote it, and when (one small write per 10 s at most). */
    private ReplicationHistory history;
    private long historyAt;

    @Override
    public void mirror(ReplicationStatus status) {
        if (!beforeRead) {
            before = status(documents, taskId).orElse(null);
            history = ReplicationHistory.read(documents, taskId);
            beforeRead = true;
        }
        ReplicationStatus sum = status.plus(before);
        documents.put(taskId, CHECKPOINT, sum);
        long now = System.currentTimeMillis();
        if (now - historyAt >= ReplicationHistory.INTERVAL_MILLIS) {
            history = history.plus(ReplicationHistory.Sample.of(sum, now));
            ReplicationHistory.write(documents, taskId, history);
            historyAt = now;
        }
    }

    /** The mirrored status of a task, for {@code sluice status}. */
    public static Optional<ReplicationStatus> status(TaskDocuments documents, String taskId) {
        return documents.get(taskId, CHECKPOINT, ReplicationStatus.class);
    }

    static String sortKey(int seq) {
        return TaskItem.SCHEMA_HISTORY.sk(String.format("%06d", seq));
    }
}
