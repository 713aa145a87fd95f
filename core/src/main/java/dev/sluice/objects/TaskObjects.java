package dev.sluice.objects;

import dev.sluice.db.Endpoints;
import dev.sluice.schema.SchemaMigrator;
import dev.sluice.schema.TaskSchemaStore;
import dev.sluice.state.TableReload;
import dev.sluice.state.TaskRecord;
import dev.sluice.table.TableModels;
import dev.sluice.table.TableRef;
import dev.sluice.task.ObjectEdits;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * 'sluice objects ID --add db.t / --remove db.t' on a replicating task (ADR 0092). Adding: the destination table is
 * created by the schema phase for that table alone, the table joins the task's objects and is reloaded with its
 * own hand-off. Removing: the table leaves the task's objects, so replication stops applying it from the next
 * slice; the destination table is left in place with its rows.
 */
public final class TaskObjects {
    private final TableReloads reloads;

    public TaskObjects(TableReloads reloads) {
        this.reloads = reloads;
    }

    /** Adds a source table; returns its reload (REQUESTED). */
    public TableReload add(String taskId, String dbTable) {
        TaskRecord t = reloads.tasks().require(taskId);
        TableReloads.requireReloadable(t);
        TableRef ref = TableReloads.parse(dbTable);
        TaskSpec added = ObjectEdits.withTable(t.spec(), ref.database(), ref.table());
        TaskSpec only = new TaskSpec(t.spec().name(), t.spec().source(), t.spec().destination(), t.spec().types(),
                List.of(new ObjectSelection(ref.database(), List.of(ref.table()), null, null)),
                t.spec().mapping(), t.spec().throttle(), t.spec().options());
        try (Connection source = Endpoints.open(t.spec().source())) {
            if (TableModels.selected(source, only.filter()).isEmpty()) {
                throw new IllegalArgumentException("the source has no table " + dbTable + " (base table, names "
                        + "are case-sensitive); create it there first");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the source's tables (" + e.getMessage() + ")", e);
        }
        SchemaMigrator schema = new SchemaMigrator(new TaskSchemaStore(reloads.docs(), taskId));
        schema.create(only);
        schema.finish(only);
        reloads.tasks().setSpec(taskId, added);
        return reloads.request(taskId, ref.key(), "added with 'sluice objects --add'");
    }

    /** Removes a source table; returns what happens to it, for the user. */
    public String remove(String taskId, String dbTable) {
        TaskRecord t = reloads.tasks().require(taskId);
        TableRef ref = TableReloads.parse(dbTable);
        reloads.tasks().setSpec(taskId, ObjectEdits.withoutTable(t.spec(), ref.database(), ref.table()));
        TableReload.read(reloads.docs(), taskId, ref.key()).filter(r -> r.state() != TableReload.State.DONE
                && r.state() != TableReload.State.FAILED).ifPresent(r -> r.failed("removed from the task's "
                + "objects").save(reloads.docs(), taskId));
        return dbTable + " removed from the objects of task " + taskId + ": replication stops applying it at the "
                + "next slice. Its destination table is left in place with its rows as they are; drop it yourself "
                + "if it is not wanted";
    }
}
