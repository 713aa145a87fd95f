package dev.sluice.schema;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskItem;
import dev.sluice.table.DeferredIndexes;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link SchemaStore} on the task's documents: {@code SCHEMA#PREEXISTING}, {@code SCHEMA#REPORT#<db>} and
 * {@code SCHEMA#INDEXES#<db>.<table>}.
 */
public final class TaskSchemaStore implements SchemaStore {
    public static final String PREEXISTING = TaskItem.SCHEMA_PREEXISTING.sk();
    /** Unique-key ALTERs left to replication ({@code {statements: [...]}}; replication deletes it once built). */
    public static final String AFTER_REPLAY = TaskItem.SCHEMA_AFTER_REPLAY.sk();

    private final TaskDocuments docs;
    private final String taskId;

    public TaskSchemaStore(TaskDocuments docs, String taskId) {
        this.docs = docs;
        this.taskId = taskId;
    }

    @Override
    public Optional<Set<String>> preexisting() {
        return docs.get(taskId, PREEXISTING).map(n -> Set.copyOf(
                TaskDocuments.json().convertValue(n.get("objects"), new TypeReference<List<String>>() { })));
    }

    @Override
    public void savePreexisting(Set<String> labels) {
        docs.put(taskId, PREEXISTING, java.util.Map.of("objects", List.copyOf(labels)));
    }

    @Override
    public void saveReport(SchemaReport report) {
        docs.put(taskId, SchemaReport.sortKey(report.database()), report);
    }

    @Override
    public void saveDeferredIndexes(List<DeferredIndexes> tables) {
        for (DeferredIndexes d : tables) {
            docs.put(taskId, d.sortKey(), d);
        }
    }

    @Override
    public void saveUniqueKeysAfterReplay(List<String> statements) {
        docs.put(taskId, AFTER_REPLAY, java.util.Map.of("statements", statements));
    }

    @Override
    public Optional<SchemaReport> report(String sourceDatabase) {
        return docs.get(taskId, SchemaReport.sortKey(sourceDatabase), SchemaReport.class);
    }

    /** Every stored report of the task, for {@code sluice status}: print with {@link SchemaReport#toTable}. */
    public static List<SchemaReport> reports(TaskDocuments docs, String taskId) {
        return docs.list(taskId, TaskItem.SCHEMA_REPORT.prefix()).stream()
                .map(n -> TaskDocuments.json().convertValue(n, SchemaReport.class)).toList();
    }
}
