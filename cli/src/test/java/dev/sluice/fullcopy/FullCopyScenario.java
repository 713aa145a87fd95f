package dev.sluice.fullcopy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.db.Sql;
import dev.sluice.state.Phase;
import dev.sluice.state.TaskRecord;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.ThrottleSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.Sakila;
import dev.sluice.testing.TestNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A complete full copy between two harness servers through the planner, the ledger and parallel workers: Sakila
 * plus the edge-case tables on the source, their empty tables on the destination (triggers dropped, as the schema
 * phase defers them), then per-table checksums compared.
 */
final class FullCopyScenario {
    final DbServer source;
    final DbServer destination;
    final String sakila;
    final String edge;
    final String sakilaDst;
    final String edgeDst;

    private final boolean withSakila;

    FullCopyScenario(DbServer source, DbServer destination) {
        this(source, destination, true);
    }

    /** Without Sakila: only the edge-case tables (quick tests of policies). */
    FullCopyScenario(DbServer source, DbServer destination, boolean withSakila) {
        this.withSakila = withSakila;
        long t0 = System.nanoTime();
        this.source = source;
        this.destination = destination;
        this.sakila = TestNames.unique("sakila");
        this.edge = TestNames.unique("edge");
        boolean same = source == destination;
        this.sakilaDst = same ? TestNames.unique("sakila_dst") : sakila;
        this.edgeDst = same ? TestNames.unique("edge_dst") : edge;
        if (withSakila) {
            Sakila.load(source, sakila);
            Sakila.loadSchema(destination, sakilaDst);
            for (var r : destination.query("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS "
                    + "WHERE TRIGGER_SCHEMA = ?", sakilaDst)) {
                destination.execute("DROP TRIGGER " + Sql.id(sakilaDst, (String) r.get("TRIGGER_NAME")));
            }
        }
        source.execute("CREATE DATABASE " + Sql.id(edge));
        TestTables.create(source, edge, source.flavor().isMariaDb());
        TestTables.fill(source, edge, source.flavor().isMariaDb());
        destination.execute("CREATE DATABASE " + Sql.id(edgeDst));
        TestTables.create(destination, edgeDst, destination.flavor().isMariaDb());
        System.err.printf("[fullcopy-test] scenario set up in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Table {@code big} with {@code rows} rows ({@code id INT PRIMARY KEY, pad VARCHAR(100), n BIGINT}) in the
     * source's edge database, and empty on the destination: a table that makes one large chunk, or a few.
     */
    void createBigTable(int rows) {
        String create = "CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(100), n BIGINT)";
        source.executeIn(edge, "SET SESSION cte_max_recursion_depth = 1000000", create,
                "INSERT INTO big WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + rows
                        + ") SELECT i, REPEAT(CHAR(65 + i % 26), 1 + i % 90), i * 7 FROM s");
        destination.executeIn(edgeDst, create);
    }

    TaskSpec spec(int workers, long chunkRows, ThrottleSpec throttle) {
        Map<String, String> dbs = new HashMap<>();
        dbs.put(sakila, sakilaDst);
        dbs.put(edge, edgeDst);
        return new TaskSpec("fc", Endpoints4Test.of(source), Endpoints4Test.of(destination),
                Set.of(MigrationType.FULL),
                withSakila ? List.of(new ObjectSelection(sakila, null, null, null),
                        new ObjectSelection(edge, null, null, null))
                        : List.of(new ObjectSelection(edge, null, null, null)),
                new NameMapping(dbs, Map.of(), Map.of()), throttle,
                new TaskOptions(null, null, null,
                        new TaskOptions.FullCopyOptions(workers, chunkRows, null, null, null), null, null));
    }

    List<String[]> tables() {
        List<String[]> out = new ArrayList<>();
        for (var r : !withSakila ? List.<Map<String, Object>>of() : source.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
                + "AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", sakila)) {
            out.add(new String[] {sakila, sakilaDst, (String) r.get("TABLE_NAME")});
        }
        for (String t : TestTables.NAMES) {
            out.add(new String[] {edge, edgeDst, t});
        }
        return out;
    }

    /** A task of {@code spec} in the full-copy phase with its chunks planned in the ledger. */
    static TaskRecord planned(TestState state, TaskSpec spec) throws Exception {
        TaskRecord task = state.tasks.create(spec);
        state.tasks.setPhase(task.id(), Phase.FULL_COPY);
        new FullCopyPlanner(state.table, state.docs).plan(task.id(), spec);
        return task;
    }

    /** One worker call (slot 0, LOAD DATA, 60 s lease, 5 minutes of budget) started on {@code pool}. */
    static Future<WorkerResult> oneWorker(ExecutorService pool, TestState state, TaskRecord task) {
        return pool.submit(() -> new FullCopyWorker(state.table, state.docs, state.tasks, 60_000, WriteMethod.LOAD_DATA)
                .run(task.id(), task.spec(), 0, System.currentTimeMillis() + 300_000));
    }

    /** Runs {@code workers} worker loops in parallel until the ledger is done; returns chunks copied. */
    static int runWorkers(TestState state, TaskRecord task, int workers, long leaseMillis) throws Exception {
        return runWorkers(state.table, state.docs, state.tasks, task, workers, leaseMillis);
    }

    static int runWorkers(dev.sluice.state.StateTable table, dev.sluice.state.TaskDocuments docs,
                          dev.sluice.state.Tasks tasks, TaskRecord task, int workers, long leaseMillis)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<Integer>> fs = new ArrayList<>();
            for (int slot = 0; slot < workers; slot++) {
                int s = slot;
                fs.add(pool.submit(() -> {
                    FullCopyWorker w = new FullCopyWorker(table, docs, tasks, leaseMillis, WriteMethod.configured());
                    int copied = 0;
                    WorkerResult r;
                    do {
                        r = w.run(task.id(), task.spec(), s, System.currentTimeMillis() + 600_000);
                        copied += r.copiedChunks();
                    } while (r.remaining() > 0);
                    return copied;
                }));
            }
            int total = 0;
            for (Future<Integer> f : fs) {
                total += f.get();
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Asserts every table equal on both sides; {@code checksumTable} false across versions whose formats differ. */
    void assertEqual(boolean checksumTable) throws Exception {
        for (String[] t : tables()) {
            TableChecksum a = TableChecksum.of(source, t[0], t[2]);
            TableChecksum b = TableChecksum.of(destination, t[1], t[2]);
            assertEquals(a.rows(), b.rows(), t[2] + ": row count");
            assertEquals(a.rowsHash(), b.rowsHash(), t[2] + ": rows differ");
            if (checksumTable) {
                assertEquals(a.checksumTable(), b.checksumTable(), t[2] + ": CHECKSUM TABLE differs");
            }
        }
        if (withSakila) {
            assertEquals(Sakila.RENTAL_ROWS, destination.queryLong("SELECT COUNT(*) FROM " + Sql.id(sakilaDst, "rental")));
        }
    }

    /** Plans and copies with 3 workers and asserts the result, the phase and the progress view. */
    void copyAndVerify(boolean checksumTable) throws Exception {
        try (TestState state = TestState.inMemory()) {
            TaskSpec spec = spec(3, 1000, null);
            TaskRecord task = state.tasks.create(spec);
            state.tasks.setPhase(task.id(), Phase.FULL_COPY);
            long t0 = System.nanoTime();
            PlanResult plan = new FullCopyPlanner(state.table, state.docs).plan(task.id(), spec);
            long t1 = System.nanoTime();
            assertTrue(plan.chunks() > tables().size(), "rental and payment must be split: " + plan);
            assertEquals(3, plan.workers());
            int copied = runWorkers(state, task, 3, 60_000);
            long t2 = System.nanoTime();
            assertEquals(plan.chunks(), copied, "every chunk copied exactly once");
            assertEqual(checksumTable);
            assertEquals(Phase.DONE, state.tasks.require(task.id()).phase(), "the last worker advances the phase");
            CopyProgress p = CopyProgress.read(state.table, state.docs, task.id());
            assertEquals(100.0, p.percent());
            long sourceRows = 0;
            for (String[] t : tables()) {
                sourceRows += source.queryLong("SELECT COUNT(*) FROM " + Sql.id(t[0], t[2]));
            }
            assertEquals(sourceRows, p.rowsCopied(), p.toTable());
            System.err.printf("[fullcopy-test] %s -> %s: plan %d ms, copy %d ms, verify %d ms%n%s", source.flavor(),
                    destination.flavor(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                    (System.nanoTime() - t2) / 1_000_000, p.toTable());
        }
    }
}
