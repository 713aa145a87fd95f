package dev.sluice.incremental;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import java.util.List;
import java.util.Optional;

/** {@link ReplicationState} in the DynamoDB state table, under the task's partition. */
public final class StateTableReplicationState implements ReplicationState {
    public static final String HANDOFF = "HANDOFF";
    public static final String CHECKPOINT = "CHECKPOINT#BINLOG";
    public static final String SCHEMAHIST = "SCHEMAHIST#";

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
    public List<SchemaHistory.Entry> schemaHistory() {
        return documents.list(taskId, SCHEMAHIST).stream()
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
    public void mirror(ReplicationStatus status) {
        documents.put(taskId, CHECKPOINT, status);
    }

    /** The mirrored status of a task, for {@code sluice status}. */
    public static Optional<ReplicationStatus> status(TaskDocuments documents, String taskId) {
        return documents.get(taskId, CHECKPOINT, ReplicationStatus.class);
    }

    static String sortKey(int seq) {
        return SCHEMAHIST + String.format("%06d", seq);
    }
}
