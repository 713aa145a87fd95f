package dev.sluice.fullcopy;

import dev.sluice.db.Endpoints;
import dev.sluice.settings.Settings;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskItem;
import dev.sluice.state.Tasks;
import dev.sluice.table.DeferredIndexes;
import dev.sluice.table.TableRef;
import dev.sluice.task.TaskSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import static dev.sluice.state.StateTable.s;

/**
 * Builds a table's deferred secondary indexes as soon as its last chunk is copied, on a thread of its own while
 * the worker goes on copying other tables (the index sort then overlaps the copy instead of following it). The last
 * chunk is known from a per-table done counter ({@code CHUNKSDONE#<db>.<table>}); exactly one worker builds a
 * table: the one whose conditional write of {@code INDEXBUILD#<db>.<table>} succeeds. A build is
 * only started when the worker's remaining time budget comfortably covers it (on Lambda a big table's indexes are
 * left to the schema-finish step), and the worker waits for its builds before it returns; a build that fails or is
 * cut short is also left to schema-finish, which adds whatever index is still missing and reports the error if
 * there is one.
 */
final class TableIndexBuilder implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TableIndexBuilder.class.getName());
    /** A deliberately low index-build rate for the budget check (rows per second). */
    static final long ROWS_PER_SECOND = 50_000;
    static final long MARGIN_MILLIS = 60_000;
    /** Builds during the copy can be switched off for comparison: -Dsluice.fullcopy.inlineIndexBuilds=false. */
    static final boolean ENABLED = Settings.FULLCOPY_INLINE_INDEX_BUILDS.bool(true);

    private final StateTable table;
    private final TaskDocuments docs;
    private final String taskId;
    private final TaskSpec spec;
    private final ChunkLedger ledger;
    private final String owner;
    private final java.util.concurrent.ExecutorService builds =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "sluice-index-build");
                t.setDaemon(true);
                return t;
            });

    TableIndexBuilder(StateTable table, TaskDocuments docs, String taskId, TaskSpec spec, ChunkLedger ledger,
                      String owner) {
        this.table = table;
        this.docs = docs;
        this.taskId = taskId;
        this.spec = spec;
        this.ledger = ledger;
        this.owner = owner;
    }

    /** Whether a build of a table of {@code estimatedRows} fits before {@code deadlineMillis}. */
    static boolean fits(long estimatedRows, long nowMillis, long deadlineMillis) {
        long needed = 2 * (Math.max(0, estimatedRows) * 1000 / ROWS_PER_SECOND) + MARGIN_MILLIS;
        return deadlineMillis - nowMillis >= needed;
    }

    /**
     * Called once after each chunk of {@code ref} was marked done: counts it and, if it was the table's last chunk,
     * builds the table's indexes when they fit in the budget. One counter update per chunk, no ledger scan.
     */
    void afterChunk(TableRef ref, TablePlan plan, long deadlineMillis) {
        if (!ENABLED || ledger.countDone(ref) < plan.chunks()
                || !fits(plan.estimatedRows(), ledger.now(), deadlineMillis)) {
            return;
        }
        String db = plan.destinationDatabase();
        String name = plan.destinationTable();
        Optional<DeferredIndexes> deferred = docs.get(taskId, DeferredIndexes.sortKey(db, name),
                DeferredIndexes.class);
        if (deferred.isEmpty() || deferred.get().statements().isEmpty()) {
            return; // no schema phase in this task, or nothing deferred for this table
        }
        if (!table.putNew(Tasks.pk(taskId), TaskItem.INDEX_BUILD.sk(db + "." + name),
                Map.of("owner", s(owner), "startedAt", s(Instant.now().toString())))) {
            return; // another worker finished a chunk of it at the same moment and builds them
        }
        builds.submit(() -> build(deferred.get()));
    }

    private void build(DeferredIndexes d) {
        long t0 = System.nanoTime();
        try (Connection c = Endpoints.openForLongStatements(spec.destination(), Map.of())) {
            d.build(c);
            LOG.info(() -> "task " + taskId + ": built the secondary indexes of " + d.database() + "." + d.table()
                    + " after its copy in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } catch (SQLException | RuntimeException e) {
            LOG.warning("task " + taskId + ": building the secondary indexes of " + d.database() + "." + d.table()
                    + " right after its copy failed (" + e.getMessage() + "); the schema-finish step adds them and "
                    + "reports any error");
        }
    }

    /** Waits for the builds this worker started (each was checked to fit in the worker's budget). */
    @Override
    public void close() {
        builds.shutdown();
        try {
            while (!builds.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.fine("waiting for index builds of task " + taskId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
