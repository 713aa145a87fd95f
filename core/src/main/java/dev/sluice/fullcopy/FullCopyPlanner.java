package dev.sluice.fullcopy;

import dev.sluice.db.Endpoints;
import dev.sluice.db.ParallelSessions;
import dev.sluice.db.Sql;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.table.Chunk;
import dev.sluice.table.ChunkPlanner;
import dev.sluice.table.MappedColumn;
import dev.sluice.table.TableModel;
import dev.sluice.table.TableModels;
import dev.sluice.table.TableRef;
import dev.sluice.task.MigrationType;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.throttle.ThrottleItem;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The {@code fullcopy-plan} step: records the hand-off position first, then for every selected table applies the
 * existing-data policy on the destination and writes its chunks and {@link TablePlan} to the ledger (several tables
 * at once), and finally the plan-complete marker. Idempotent: a re-run returns the recorded plan; a table whose
 * plan was cut short by a crash is planned again from scratch (no worker runs before the marker exists).
 */
public class FullCopyPlanner {
    private static final Logger LOG = Logger.getLogger(FullCopyPlanner.class.getName());
    private final StateTable table;
    private final TaskDocuments docs;

    public FullCopyPlanner(StateTable table, TaskDocuments docs) {
        this.table = table;
        this.docs = docs;
    }

    public PlanResult plan(String taskId, TaskSpec spec) throws SQLException {
        Optional<PlanResult> done = docs.get(taskId, PlanResult.SK, PlanResult.class);
        if (done.isPresent()) {
            return done.get();
        }
        TaskOptions.FullCopyOptions o = spec.optionsOrDefaults().fullCopyOrDefault();
        ChunkPlanner planner = new ChunkPlanner(o.chunkRowsOrDefault(), o.chunkBytesOrDefault());
        ChunkLedger ledger = new ChunkLedger(table, taskId);
        TaskOptions.ExistingDataPolicy policy = spec.optionsOrDefaults().existingDataOrDefault();
        ThrottleItem.seed(table, taskId, spec.throttleOrNone());
        List<TableRef> tables;
        Map<TableRef, TableModel> models;
        try (Connection source = CopySessions.planning(spec.source())) {
            try {
                HandOff.recordOnce(table, docs, taskId, source, spec.filter());
            } catch (SQLException e) {
                if (spec.has(MigrationType.INCREMENTAL)) {
                    throw e;
                }
                LOG.info("task " + taskId + ": no hand-off position recorded (" + e.getMessage()
                        + "); the task has no incremental phase");
            }
            tables = TableModels.selected(source, spec.filter());
            // every table's model in three information_schema queries, not three per table
            models = TableModels.readSchemas(source, tables.stream().map(TableRef::database).toList());
        }
        // tables are planned side by side (each planner thread with its own source and destination sessions):
        // information_schema reads and key-range queries are round trips, not work
        AtomicInteger chunkCount = new AtomicInteger();
        AtomicLong rowCount = new AtomicLong();
        ParallelSessions.forEach(tables, o.workersOrDefault(), "sluice-planner", () -> Sessions.open(spec),
                (ss, ref) -> {
                    TablePlan p = planTable(taskId, spec, ref, models.get(ref), ss.source(), ss.dest(), planner,
                            ledger, policy);
                    chunkCount.addAndGet(p.chunks());
                    rowCount.addAndGet(p.estimatedRows());
                });
        int chunks = chunkCount.get();
        long rows = rowCount.get();
        int workers = Math.max(1, Math.min(o.workersOrDefault(), chunks));
        PlanResult result = new PlanResult(tables.size(), chunks, workers, rows, Instant.now());
        docs.put(taskId, PlanResult.SK, result);
        return result;
    }

    /**
     * Plans one table of a replicating task again for a reload (ADR 0092): its destination table is emptied (the
     * copy replaces every row; rows deleted on the source since must go too) and its chunks and plan replace the
     * old ones, so {@link FullCopyWorker} copies just them (its indexes exist: the table is emptied, not
     * recreated). Call only while no stream applies the table's events.
     */
    public TablePlan replanTable(String taskId, TaskSpec spec, TableRef ref) throws SQLException {
        TaskOptions.FullCopyOptions o = spec.optionsOrDefaults().fullCopyOrDefault();
        table.delete(dev.sluice.state.Tasks.pk(taskId), TablePlan.sortKey(ref));
        TablePlan p;
        try (Sessions ss = Sessions.open(spec)) {
            p = planTable(taskId, spec, ref, null, ss.source(), ss.dest(),
                    new ChunkPlanner(o.chunkRowsOrDefault(), o.chunkBytesOrDefault()), new ChunkLedger(table, taskId),
                    TaskOptions.ExistingDataPolicy.TRUNCATE);
        }
        // the table keeps its indexes: no worker builds its deferred ones again after the last chunk
        table.putNew(dev.sluice.state.Tasks.pk(taskId), dev.sluice.state.TaskItem.INDEX_BUILD.sk(
                p.destinationDatabase() + "." + p.destinationTable()), Map.of("owner", StateTable.s("reload"),
                "startedAt", StateTable.s(Instant.now().toString())));
        return p;
    }

    /** Plans one table (or returns its recorded plan): existing-data policy, chunks into the ledger, TablePlan. */
    private TablePlan planTable(String taskId, TaskSpec spec, TableRef ref, TableModel model, Connection source,
                                Connection dest, ChunkPlanner planner, ChunkLedger ledger,
                                TaskOptions.ExistingDataPolicy policy) throws SQLException {
        Optional<TablePlan> planned = docs.get(taskId, TablePlan.sortKey(ref), TablePlan.class);
        if (planned.isPresent()) {
            return planned.get();
        }
        TableInfo t = model != null ? TableInfo.of(model, spec.filter(), spec.mappingOrNone())
                : TableInfo.read(source, ref, spec.filter(), spec.mappingOrNone()); // created since the listing
        t.requireSameMembers(dest);
        boolean replaceRows = applyExistingData(dest, t, policy);
        ledger.deleteChunks(ref);
        List<Chunk> cs = planner.plan(source, t.model(), t.identity());
        for (Chunk c : cs) {
            ledger.plan(c);
        }
        TablePlan p = new TablePlan(ref.database(), ref.table(), t.destinationDatabase(), t.destinationTable(),
                t.keyName(), t.key().stream().map(MappedColumn::name).toList(), t.estimatedRows(),
                planner.rowsPerChunk(t.model()), cs.size(), replaceRows, Instant.now());
        docs.put(taskId, TablePlan.sortKey(ref), p);
        LOG.info("task " + taskId + ": planned " + ref + " in " + cs.size() + " chunk(s) on "
                + (t.hasKey() ? "key " + t.keyName() : "no key (whole table)"));
        return p;
    }

    /** A planner thread's source (planning session) and destination connections. */
    private record Sessions(Connection source, Connection dest) implements AutoCloseable {
        static Sessions open(TaskSpec spec) throws SQLException {
            Connection source = CopySessions.planning(spec.source());
            try {
                return new Sessions(source, Endpoints.open(spec.destination()));
            } catch (SQLException | RuntimeException e) {
                source.close();
                throw e;
            }
        }

        @Override
        public void close() throws SQLException {
            try (source; dest) {
                // both closed, the destination first
            }
        }
    }

    /**
     * Applies {@code options.existing_data} to a destination table before anything is copied into it: fail if it
     * has rows, truncate it, or (ignore) keep its rows and let copied rows replace those with the same key.
     * Returns whether copied rows replace existing ones.
     */
    static boolean applyExistingData(Connection dest, TableInfo t, TaskOptions.ExistingDataPolicy policy)
            throws SQLException {
        String name = Sql.id(t.destinationDatabase(), t.destinationTable());
        boolean hasRows;
        try (Statement st = dest.createStatement(); ResultSet rs = st.executeQuery("SELECT 1 FROM " + name
                + " LIMIT 1")) {
            hasRows = rs.next();
        } catch (SQLSyntaxErrorException e) {
            throw new IllegalStateException("destination table " + t.destinationDatabase() + "."
                    + t.destinationTable() + " for source table " + t.source() + " cannot be read ("
                    + e.getMessage() + "); create it (schema phase) before the full copy", e);
        }
        switch (policy) {
            case FAIL -> {
                if (hasRows) {
                    throw new IllegalStateException("destination table " + t.destinationDatabase() + "."
                            + t.destinationTable() + " already has rows; empty it, or set options.existing_data to "
                            + "truncate (empty it first) or ignore (keep its rows, copied rows replace same keys)");
                }
                return false;
            }
            case TRUNCATE -> {
                if (hasRows) {
                    try (Statement st = dest.createStatement()) {
                        st.execute("SET SESSION foreign_key_checks = 0");
                        st.execute("TRUNCATE TABLE " + name);
                        st.execute("SET SESSION foreign_key_checks = 1");
                    }
                }
                return false;
            }
            case IGNORE -> {
                if (hasRows && !t.hasKey()) {
                    throw new IllegalStateException("destination table " + t.destinationDatabase() + "."
                            + t.destinationTable() + " has rows and the source table " + t.source() + " has no "
                            + "primary or NOT NULL unique key, so copied rows cannot be matched to them; set "
                            + "options.existing_data to truncate for it, or empty it");
                }
                return hasRows;
            }
            default -> throw new IllegalArgumentException("unknown existing_data policy " + policy);
        }
    }
}
