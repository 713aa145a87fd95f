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

/** Funqy function {@code schema-create}: creates databases, tables with primary keys, routines, views, events. */
@ApplicationScoped
public class SchemaCreateFunction {
    @Inject
    Tasks tasks;

    @Inject
    TaskDocuments documents;

    @Funq("schema-create")
    public Map<String, Object> schemaCreate(TaskRef ref) {
        TaskRecord task = tasks.require(ref.taskId);
        SchemaMigrator.Result r = RetryGuard.run(documents, task, ref.retryCount,
                () -> new SchemaMigrator(new TaskSchemaStore(documents, task.id())).create(task.spec()));
        tasks.setPhase(task.id(), PhasePlan.after(task.spec(), Phase.SCHEMA));
        return Map.of("objects", r.objects());
    }
}
