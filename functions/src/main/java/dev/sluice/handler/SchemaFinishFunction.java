package dev.sluice.handler;

import dev.sluice.schema.SchemaMigrator;
import dev.sluice.schema.TaskSchemaStore;
import dev.sluice.state.Phase;
import dev.sluice.state.PhasePlan;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.Tasks;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** Funqy function {@code schema-finish}: adds the missing secondary indexes, foreign keys and triggers. */
@ApplicationScoped
public class SchemaFinishFunction {
    @Inject
    Tasks tasks;

    @Inject
    TaskDocuments documents;

    @Funq("schema-finish")
    public Map<String, Object> schemaFinish(TaskRef ref) {
        TaskRecord task = tasks.require(ref.taskId);
        SchemaMigrator.Result r = RetryGuard.run(documents, task, ref.retryCount,
                () -> new SchemaMigrator(new TaskSchemaStore(documents, task.id())).finish(task.spec()));
        tasks.setPhase(task.id(), PhasePlan.after(task.spec(), Phase.SCHEMA_FINISH));
        return Map.of("objects", r.objects());
    }
}
