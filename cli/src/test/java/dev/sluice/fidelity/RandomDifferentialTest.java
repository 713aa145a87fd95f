package dev.sluice.fidelity;

import static org.junit.jupiter.api.Assertions.fail;

import dev.sluice.binlog.BinlogCoordinate;
import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import dev.sluice.db.Sql;
import dev.sluice.fidelity.RandomSchema.RandomTable;
import dev.sluice.state.Phase;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.ThrottleSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.TestNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomized differential test: a seeded random schema (integer, composite, string and binary primary keys,
 * UNIQUE-only and keyless tables, many column types), random concurrent DML (insert, multi-row insert, update,
 * key change, delete, REPLACE, multi-statement and rolled-back transactions) and supported DDL (ADD COLUMN,
 * MODIFY, RENAME TABLE, once replication runs) while a child-JVM Sluice runs the schema, full copy and replication
 * and is killed with SIGKILL at random moments and restarted; then every table is compared row by row, value by
 * value. The seed is printed always; a failure prints it with the command that reproduces the run.
 * {@code -Dsluice.fidelity.seconds=N} runs the workload longer, {@code -Dsluice.fidelity.seed=S} repeats a run,
 * {@code -Dsluice.fidelity.source=MYSQL_57 -Dsluice.fidelity.destination=MYSQL_80} picks the pair (by default
 * the seed picks one of {@link #PAIRS}, so that builds with different seeds cover all three).
 */
@Tag("fidelity")
class RandomDifferentialTest {
    /** The pairs a seed chooses from when {@code sluice.fidelity.source} is not given. */
    static final Flavor[][] PAIRS = {{Flavor.MYSQL_80, Flavor.MYSQL_80}, {Flavor.MYSQL_57, Flavor.MYSQL_80},
        {Flavor.MARIADB_1011, Flavor.MARIADB_1011}};

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void killChildren() throws Exception {
        for (Process p : children) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void randomSchemaAndWorkloadWithKillsConverges() throws Exception {
        long seed = Long.getLong("sluice.fidelity.seed", System.nanoTime() & 0xffffffffL);
        int seconds = Integer.getInteger("sluice.fidelity.seconds", 30);
        // the pair: given, or chosen by the seed (each build runs one of the three, in turn as seeds vary)
        String given = System.getProperty("sluice.fidelity.source", "");
        Flavor[] byseed = PAIRS[(int) (seed % PAIRS.length)];
        Flavor sf = given.isBlank() ? byseed[0] : Flavor.valueOf(given);
        Flavor df = Flavor.valueOf(System.getProperty("sluice.fidelity.destination",
                given.isBlank() ? byseed[1].name() : sf.name()));
        String reproduce = "./mvnw -B -o -pl cli -am test -Dtest=RandomDifferentialTest "
                + "-Dsluice.test.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false -Dsluice.fidelity.seed="
                + seed + " -Dsluice.fidelity.seconds=" + seconds + " -Dsluice.fidelity.source=" + sf
                + " -Dsluice.fidelity.destination=" + df
                + (System.getProperty("sluice.fidelity.exclude", "").isBlank() ? ""
                        : " -Dsluice.fidelity.exclude=" + System.getProperty("sluice.fidelity.exclude"));
        System.err.println("[fidelity-random] seed " + seed + ", " + seconds + " s, " + sf + " -> " + df
                + "; reproduce: " + reproduce);
        try {
            run(seed, seconds, sf, df);
        } catch (Throwable t) {
            throw new AssertionError("randomized differential test failed, seed " + seed + "; reproduce with:\n  "
                    + reproduce + "\nevents: " + events + "\n" + t.getMessage(), t);
        }
    }

    private void run(long seed, int seconds, Flavor sf, Flavor df) throws Exception {
        Random rnd = new Random(seed);
        DbServer source = FidelityServers.source(sf);
        DbServer destination = FidelityServers.destination(df);
        String db = TestNames.unique("rnd");
        List<RandomTable> tables = RandomSchema.tables(rnd, 4 + rnd.nextInt(3), sf.isMySql());
        source.execute("CREATE DATABASE " + Sql.id(db));
        try (Connection c = session(source, db); Statement st = c.createStatement()) {
            for (RandomTable t : tables) {
                st.execute(t.create());
                events.add(t.create());
                for (int i = 0; i < 20 + rnd.nextInt(100); i++) {
                    try {
                        st.execute(t.insert(rnd, 1 + rnd.nextInt(5), false));
                    } catch (SQLException e) {
                        // duplicate key: skipped
                    }
                }
            }
        }
        // the copy is throttled so that kills land in it too
        TaskSpec base = Pipeline.spec("random", source, destination, Pipeline.passwordFile(dir), db, 2, 100);
        TaskSpec spec = new TaskSpec(base.name(), base.source(), base.destination(), base.types(), base.objects(),
                base.mapping(), new ThrottleSpec(1500L, null, null), new TaskOptions(null, null, null,
                base.options().fullCopy(), null, false));
        try (FidelityState state = FidelityState.start(dir.resolve("state"))) {
            String taskId = state.tasks.create(spec).id();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong committed = new AtomicLong();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                long ws = seed * 31 + w;
                Thread t = new Thread(() -> dml(source, db, tables, new Random(ws), running, committed), "dml-" + w);
                writers.add(t);
                t.start();
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long latest = end + TimeUnit.SECONDS.toNanos(90);
            int run = 0;
            int ddl = 0;
            int killsInCopy = 0;
            int killsInReplication = 0;
            Process child = launch(state, taskId, ++run);
            long launched = System.nanoTime();
            long life = TimeUnit.MILLISECONDS.toNanos(4000 + rnd.nextInt(6000));
            // until the time is up and Sluice was killed at least once while replicating (at most 90 s more);
            // a kill only once the child got going (it persisted a phase past the start), so none is wasted on
            // JVM start-up
            while (System.nanoTime() < end || killsInReplication == 0 && System.nanoTime() < latest) {
                Thread.sleep(300 + rnd.nextInt(1500));
                Phase phase = state.tasks.require(taskId).phase();
                if (phase == Phase.INCREMENTAL && ddl < 3 && rnd.nextInt(4) == 0) {
                    ddl(source, db, tables, rnd, ++ddl);
                }
                if (!child.isAlive()) {
                    fail("the Sluice child ended by itself (exit " + child.exitValue() + "):\n" + tail(run));
                }
                // a kill once this child has lived a random 4-10 s (JVM start-up is slow on a busy machine), at
                // most twice in the copy so that replication is reached and killed too
                boolean copying = phase == Phase.FULL_COPY && copiedSome(destination, db, tables)
                        || phase == Phase.SCHEMA_FINISH;
                boolean due = System.nanoTime() - launched > life;
                if (due && (copying && killsInCopy < 2 || phase == Phase.INCREMENTAL && killsInReplication < 3)) {
                    events.add("kill -9 of run " + run + " in " + phase);
                    child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    if (phase == Phase.INCREMENTAL) {
                        killsInReplication++;
                    } else {
                        killsInCopy++;
                    }
                    child = launch(state, taskId, ++run);
                    launched = System.nanoTime();
                    life = TimeUnit.MILLISECONDS.toNanos(4000 + rnd.nextInt(6000));
                }
            }
            events.add("kills: " + killsInCopy + " in the copy, " + killsInReplication + " in replication");
            running.set(false);
            for (Thread t : writers) {
                t.join();
            }
            events.add(committed.get() + " transactions committed");
            awaitCaughtUp(state, taskId, source, destination, child, run);
            state.tasks.requestStop(taskId);
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                fail("the child did not stop on the flag:\n" + tail(run));
            }
            List<String> report = new ArrayList<>();
            try (Connection a = ValueReader.connect(source); Connection b = ValueReader.connect(destination)) {
                for (RandomTable t : tables) {
                    ValueReader.Table ta = ValueReader.read(a, db, t.name);
                    ValueReader.Table tb = ValueReader.read(b, db, t.name);
                    List<String> d = new ArrayList<>(TableDiff.columns(ta, tb));
                    d.addAll(TableDiff.rows(ta, tb, 5));
                    if (!d.isEmpty()) {
                        report.add("table " + t.name + " (" + t.key + "):\n  " + String.join("\n  ", d));
                    }
                }
            }
            System.err.println("[fidelity-random] seed " + seed + ": " + run + " Sluice processes, " + events);
            if (!report.isEmpty()) {
                fail(String.join("\n", report) + "\nlast child log:\n" + tail(run));
            }
        }
    }

    /** Whether the copy has written a row to the destination yet. */
    private static boolean copiedSome(DbServer destination, String db, List<RandomTable> tables) {
        for (RandomTable t : tables) {
            try {
                if (destination.queryLong("SELECT COUNT(*) FROM " + Sql.id(db, t.name)) > 0) {
                    return true;
                }
            } catch (RuntimeException e) {
                // not created yet
            }
        }
        return false;
    }

    private Process launch(FidelityState state, String taskId, int run) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                FidelityChild.class.getName(), state.endpoint(), taskId)
                .redirectErrorStream(true).redirectOutput(dir.resolve("child-" + run + ".log").toFile()).start();
        children.add(p);
        return p;
    }

    private String tail(int run) throws Exception {
        Path p = dir.resolve("child-" + run + ".log");
        if (!Files.exists(p)) {
            return "";
        }
        List<String> lines = Files.readAllLines(p);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static Connection session(DbServer server, String db) throws SQLException {
        Connection c = server.connect(db);
        try (Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES'");
        }
        return c;
    }

    /** ADD COLUMN, MODIFY (widen) or RENAME TABLE on a random table. */
    private void ddl(DbServer source, String db, List<RandomTable> tables, Random rnd, int n) {
        RandomTable t = tables.get(rnd.nextInt(tables.size()));
        String stmt = switch (rnd.nextInt(3)) {
            case 0 -> "ALTER TABLE " + Sql.id(t.name) + " ADD COLUMN " + Sql.id("added" + n) + " INT NULL DEFAULT 7";
            case 1 -> "ALTER TABLE " + Sql.id(t.name) + " MODIFY " + Sql.id(t.columns.get(0)) + " "
                    + t.ddl.get(t.keyColumns.size()).substring(t.columns.get(0).length() + 3)
                    .replace("VARCHAR(30)", "VARCHAR(60)").replace("VARCHAR(20)", "VARCHAR(40)");
            default -> "RENAME TABLE " + Sql.id(t.name) + " TO " + Sql.id(t.name + "_r" + n);
        };
        try {
            source.executeIn(db, stmt);
            events.add("DDL " + stmt);
            if (stmt.startsWith("RENAME")) {
                t.name = t.name + "_r" + n;
            }
        } catch (RuntimeException e) {
            events.add("DDL refused by the source: " + stmt + ": " + e.getMessage());
        }
    }

    /** Random transactions of 1-4 changes until stopped; 1 in 10 rolled back; statement errors roll back. */
    private static void dml(DbServer source, String db, List<RandomTable> tables, Random r, AtomicBoolean running,
                            AtomicLong committed) {
        try (Connection c = session(source, db); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            while (running.get()) {
                try {
                    int n = 1 + r.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        RandomTable t = tables.get(r.nextInt(tables.size()));
                        String sql = switch (r.nextInt(8)) {
                            case 0, 1 -> t.insert(r, 1 + r.nextInt(3), false);
                            case 2 -> t.key == RandomSchema.KeyKind.KEYLESS ? t.insert(r, 1, false)
                                    : t.insert(r, 1, true);
                            case 3, 4 -> t.update(r);
                            case 5 -> t.keyChange(r);
                            default -> t.delete(r);
                        };
                        st.execute(sql);
                    }
                    if (r.nextInt(10) == 0) {
                        c.rollback();
                    } else {
                        c.commit();
                        committed.incrementAndGet();
                    }
                } catch (SQLException e) {
                    c.rollback(); // duplicate keys, a table renamed under the writer ...
                }
                Thread.sleep(r.nextInt(5));
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the phase is incremental and every worker checkpoint has passed the source's position. */
    private void awaitCaughtUp(FidelityState state, String taskId, DbServer source, DbServer destination,
                               Process child, int run) throws Exception {
        BinlogCoordinate target;
        try (Connection c = source.connect()) {
            BinlogPosition p = BinlogPosition.current(c, ServerInfo.of(c));
            target = new BinlogCoordinate(p.file(), p.position(), 0);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                fail("the Sluice child ended by itself (exit " + child.exitValue() + "):\n" + tail(run));
            }
            if (state.tasks.require(taskId).phase() == Phase.INCREMENTAL) {
                List<BinlogCoordinate> cps = checkpoints(destination, taskId);
                if (!cps.isEmpty() && cps.stream().noneMatch(cp -> cp.isBefore(target))) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        fail("Sluice did not catch up with " + target.describe() + " in 180 s:\n" + tail(run));
    }

    private static List<BinlogCoordinate> checkpoints(DbServer destination, String taskId) {
        List<BinlogCoordinate> out = new ArrayList<>();
        try (Connection c = destination.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT binlog_file, binlog_pos, row_index FROM sluice_meta.checkpoint "
                     + "WHERE task_id = '" + taskId + "' AND worker >= 0")) {
            while (rs.next()) {
                out.add(new BinlogCoordinate(rs.getString(1), rs.getLong(2), rs.getLong(3)));
            }
        } catch (SQLException e) {
            // no checkpoint table yet
        }
        return out;
    }
}
