package dev.sluice.objects;

import dev.sluice.binlog.BinlogCoordinate;
import dev.sluice.db.BinlogPosition;
import dev.sluice.db.Endpoints;
import dev.sluice.db.ServerInfo;
import dev.sluice.fullcopy.ChunkLedger;
import dev.sluice.fullcopy.ChunkState;
import dev.sluice.fullcopy.FullCopyPlanner;
import dev.sluice.incremental.CheckpointStore;
import dev.sluice.incremental.ReplicationScope;
import dev.sluice.state.Phase;
import dev.sluice.state.StateTable;
import dev.sluice.state.TableReload;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.TaskStatus;
import dev.sluice.state.Tasks;
import dev.sluice.table.TableRef;
import dev.sluice.task.MigrationType;
import dev.sluice.task.TaskSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reloading one table of a replicating task (ADR 0092): the request ({@code sluice reload}, the API), and the
 * steps the replication slices take at their boundaries — begin (hand-off position, destination table emptied,
 * chunks planned), copied (every chunk done), joined, done — each recorded in the table's {@link TableReload}.
 */
public final class TableReloads {
    private final StateTable table;
    private final TaskDocuments docs;
    private final Tasks tasks;

    public TableReloads(StateTable table) {
        this.table = table;
        this.docs = new TaskDocuments(table);
        this.tasks = new Tasks(table);
    }

    /**
     * Asks for source table {@code dbTable} ({@code db.table}) of a task to be copied again while the others keep
     * replicating; the task's next replication slice starts it. Refused when the task cannot reload it, saying why.
     */
    public TableReload request(String taskId, String dbTable, String reason) {
        TaskRecord t = tasks.require(taskId);
        TableRef ref = parse(dbTable);
        requireReloadable(t);
        if (!t.spec().filter().includesTable(ref.database(), ref.table())) {
            throw new IllegalArgumentException("task " + taskId + " does not replicate " + dbTable + " (not in its "
                    + "objects); add it with 'sluice objects " + taskId + " --add " + dbTable + "'");
        }
        TableReload.read(docs, taskId, ref.key()).filter(r -> r.state() != TableReload.State.DONE
                && r.state() != TableReload.State.FAILED).ifPresent(r -> {
                    throw new IllegalStateException("table " + dbTable + " of task " + taskId + " is being "
                            + "reloaded already (" + r.describe() + "); wait until 'sluice status " + taskId
                            + "' says it is reloaded");
                });
        TableReload r = TableReload.requested(ref.key(), reason);
        r.save(docs, taskId);
        return r;
    }

    /** Fails unless the task copies and replicates, is in its replication phase and not cut over. */
    static void requireReloadable(TaskRecord t) {
        TaskSpec spec = t.spec();
        if (!spec.has(MigrationType.FULL) || !spec.has(MigrationType.INCREMENTAL)) {
            throw new IllegalStateException("task " + t.id() + " has types " + spec.types() + "; reloading a "
                    + "table needs both full and incremental (the table is copied through the full copy's ledger "
                    + "and joins the task's replication)");
        }
        if (t.status() == TaskStatus.CUT_OVER) {
            throw new IllegalStateException("task " + t.id() + " was cut over; the application writes to the "
                    + "destination now, so nothing is reloaded from the source");
        }
        if (t.phase() != Phase.INCREMENTAL) {
            throw new IllegalStateException("task " + t.id() + " is in phase " + t.phase() + ", not replicating "
                    + "yet; its full copy copies every selected table. Reload once 'sluice status' shows phase "
                    + "INCREMENTAL");
        }
    }

    static TableRef parse(String dbTable) {
        int dot = dbTable == null ? -1 : dbTable.indexOf('.');
        if (dot <= 0 || dot == dbTable.length() - 1 || dbTable.indexOf('.', dot + 1) >= 0) {
            throw new IllegalArgumentException("'" + dbTable + "' is not a table name; write it as database.table "
                    + "(the source's names)");
        }
        return new TableRef(dbTable.substring(0, dot), dbTable.substring(dot + 1));
    }

    /**
     * Starts a requested reload at a slice boundary (no stream is applying): takes the table's hand-off position
     * before any of its rows is read, empties the destination table, plans its chunks, forgets an earlier catch-up
     * stream's checkpoint; the reload is COPYING from then on.
     */
    TableReload begin(String taskId, TaskSpec spec, TableReload r) throws SQLException {
        BinlogPosition h;
        try (Connection source = Endpoints.open(spec.source())) {
            h = BinlogPosition.current(source, ServerInfo.of(source));
        }
        clearCatchUp(taskId, spec, r.table());
        new FullCopyPlanner(table, docs).replanTable(taskId, spec, parse(r.table()));
        TableReload copying = r.copying(h.file(), h.position(), h.gtidSet());
        copying.save(docs, taskId);
        return copying;
    }

    /** True when every chunk of the reloaded table is copied. */
    boolean copied(String taskId, TableReload r) {
        List<ChunkState> chunks = new ChunkLedger(table, taskId).of(parse(r.table()));
        return !chunks.isEmpty() && chunks.stream().allMatch(c -> c.status() == ChunkState.Status.DONE);
    }

    /** Removes the checkpoint rows of the table's catch-up stream from the destination. */
    static void clearCatchUp(String taskId, TaskSpec spec, String dbTable) throws SQLException {
        try (Connection dest = Endpoints.open(spec.destination())) {
            CheckpointStore.ensureTable(dest);
            new CheckpointStore(taskId, ReplicationScope.catchUpKey(taskId, dbTable)).clear(dest);
            if (!dest.getAutoCommit()) {
                dest.commit();
            }
        }
    }

    /** What the main stream skips: tables whose events a copy or catch-up owns, reloaded tables up to their join. */
    static Map<String, BinlogCoordinate> skips(List<TableReload> reloads) {
        Map<String, BinlogCoordinate> out = new HashMap<>();
        for (TableReload r : reloads) {
            if (r.state().ownsEvents()) {
                out.put(r.table(), ReplicationScope.SKIP_ALL);
            } else if (r.state() == TableReload.State.JOINED || r.state() == TableReload.State.DONE) {
                // kept after DONE: a worker resuming before the join must not apply what the catch-up applied
                out.put(r.table(), new BinlogCoordinate(r.joinFile(), r.joinPosition(), 0));
            }
        }
        return out;
    }

    TaskDocuments docs() {
        return docs;
    }

    Tasks tasks() {
        return tasks;
    }

    StateTable table() {
        return table;
    }
}
