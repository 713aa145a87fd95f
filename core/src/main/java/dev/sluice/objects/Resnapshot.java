package dev.sluice.objects;

import dev.sluice.db.BinlogPosition;
import dev.sluice.db.Endpoints;
import dev.sluice.db.ServerInfo;
import dev.sluice.incremental.CheckpointStore;
import dev.sluice.incremental.ReplicatorConfig;
import dev.sluice.state.TableReload;
import dev.sluice.state.TaskRecord;
import dev.sluice.table.TableModels;
import dev.sluice.table.TableRef;
import dev.sluice.task.TaskSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Logger;

/**
 * Recovery after the binlog a task needs was purged (ADR 0093): replication restarts at the source's current
 * position, and every selected table is reloaded with its own hand-off ({@link TableReloads}) — every one, because
 * any table may have lost changes in the purged binlog. The task keeps its history (reports, counters, schema
 * history, earlier reloads). Reloads begin {@code full_copy.workers} at a time; until a table's turn the main
 * stream keeps applying its changes (harmless: the reload empties and copies it again).
 */
public final class Resnapshot {
    private static final Logger LOG = Logger.getLogger(Resnapshot.class.getName());
    private final TableReloads reloads;

    public Resnapshot(TableReloads reloads) {
        this.reloads = reloads;
    }

    /** Resnapshots a task that is not running (or, from inside its own slice, the one running). */
    public List<TableRef> run(String taskId, String reason) {
        TaskRecord t = reloads.tasks().require(taskId);
        TableReloads.requireReloadable(t);
        TaskSpec spec = t.spec();
        try {
            List<TableRef> tables;
            BinlogPosition now;
            try (Connection source = Endpoints.open(spec.source())) {
                tables = TableModels.selected(source, spec.filter());
                now = BinlogPosition.current(source, ServerInfo.of(source));
            }
            try (Connection dest = Endpoints.open(spec.destination())) {
                CheckpointStore.ensureTable(dest);
                new CheckpointStore(taskId).restartAt(dest, now.file(), now.position(), now.gtidSet(),
                        ReplicatorConfig.of(taskId, spec.optionsOrDefaults().incrementalOrDefault()).workers());
                if (!dest.getAutoCommit()) {
                    dest.commit();
                }
            }
            for (TableRef ref : tables) {
                TableReload.requested(ref.key(), "resnapshot: " + reason).save(reloads.docs(), taskId);
            }
            LOG.warning("task " + taskId + ": resnapshot (" + reason + "): replication restarts at " + now.describe()
                    + "; " + tables.size() + " table(s) are copied again, each with its own hand-off");
            return tables;
        } catch (SQLException e) {
            throw new IllegalStateException("resnapshot of task " + taskId + " failed: " + e.getMessage()
                    + "; fix the cause and run 'sluice resnapshot " + taskId + "' again", e);
        }
    }
}
