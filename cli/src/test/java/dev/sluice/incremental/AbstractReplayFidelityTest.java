package dev.sluice.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.binlog.BinlogCoordinate;
import dev.sluice.fullcopy.ChunkLedger;
import dev.sluice.fullcopy.ChunkState;
import dev.sluice.fullcopy.FullCopyPlanner;
import dev.sluice.fullcopy.FullCopyWorker;
import dev.sluice.table.TableRef;
import dev.sluice.fullcopy.WriteMethod;
import dev.sluice.schema.SchemaMigrator;
import dev.sluice.schema.TaskSchemaStore;
import dev.sluice.task.EndpointSpec;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.TestNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Row fidelity of a full + incremental task across the hand-off: the real planner records the hand-off, the real
 * workers copy while the source changes, and the replicator replays from the hand-off position.
 */
abstract class AbstractReplayFidelityTest extends ReplicationPairTest {
    AbstractReplayFidelityTest(Flavor source, Flavor destination) {
        super(source, destination, "sluice-replay-fidelity");
    }

    /** A full + incremental task over {@code db} (tables already created on both sides, empty on the destination). */
    TaskSpec fullAndIncremental(String db) throws Exception {
        Path password = ReplicationFixture.passwordFile(tmp);
        EndpointSpec src = ReplicationFixture.endpoint(source, password);
        EndpointSpec dst = ReplicationFixture.endpoint(destination, password);
        return new TaskSpec("fidelity", src, dst, Set.of(MigrationType.FULL, MigrationType.INCREMENTAL),
                List.of(new ObjectSelection(db, null, null, null)), NameMapping.NONE, null,
                new TaskOptions(null, null, null, new TaskOptions.FullCopyOptions(2, 500L, null, null, null), null,
                        null));
    }

    void copy(String taskId, TaskSpec spec) throws Exception {
        FullCopyWorker w = new FullCopyWorker(state.table, state.documents, state.tasks, 60_000,
                WriteMethod.configured());
        while (w.run(taskId, spec, 0, System.currentTimeMillis() + 600_000).remaining() > 0) {
            Thread.sleep(50);
        }
    }

    /** Replicates from the hand-off until caught up with the source, then stops. */
    void replicate(String taskId, TaskSpec spec) throws Exception {
        Replicator replicator = new Replicator(taskId, spec, state.state(taskId),
                ReplicationFixture.config(2, 100, Duration.ofMinutes(3)));
        ReplicationFixture.SliceRun run = new ReplicationFixture.SliceRun(replicator);
        run.awaitCaughtUp(source, Duration.ofSeconds(90));
        assertTrue(run.stop(state, taskId, 30_000).stopped());
    }

    @Test
    void keylessHandOffReplayDuplicatesRows() throws Exception {
        String db = TestNames.unique("keyless_replay");
        ReplicationFixture.createOnBoth(source, destination, db, "CREATE TABLE k (a INT, b VARCHAR(10))");
        source.executeIn(db, "INSERT INTO k VALUES (1, 'x'), (1, 'x'), (2, 'y')");
        TaskSpec spec = fullAndIncremental(db);
        String taskId = state.createTask(spec);
        new FullCopyPlanner(state.table, state.documents).plan(taskId, spec); // records the hand-off position
        // after the hand-off, before the copy reads the table: the copy holds (5,'b') once
        source.executeIn(db, "INSERT INTO k VALUES (5, 'a')", "UPDATE k SET b = 'b' WHERE a = 5");
        copy(taskId, spec);
        replicate(taskId, spec);
        assertEquals(1L, destination.queryLong("SELECT COUNT(*) FROM `" + db + "`.k WHERE a = 5"));
        Checksums.assertSame(source, destination, db, List.of("k"), 5, "");
    }

    @Test
    void keylessRowsStayExactWithWritesRacingTheCopy() throws Exception {
        String db = TestNames.unique("keyless_race");
        ReplicationFixture.createOnBoth(source, destination, db, "CREATE TABLE k (a INT, b VARCHAR(10))");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            rows.append(i == 0 ? "" : ",").append('(').append(i % 500).append(",'v").append(i % 7).append("')");
        }
        source.executeIn(db, "INSERT INTO k VALUES " + rows);
        TaskSpec spec = fullAndIncremental(db);
        String taskId = state.createTask(spec);
        new FullCopyPlanner(state.table, state.documents).plan(taskId, spec);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> writerError = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; writing.get() || i < 50; i++) {
                    int a = i % 500;
                    source.executeIn(db, "INSERT INTO k VALUES (" + a + ", 'new'), (" + a + ", 'new')",
                            "UPDATE k SET b = 'upd' WHERE a = " + a + " AND b = 'new' LIMIT 1",
                            "DELETE FROM k WHERE a = " + ((i * 7) % 500) + " LIMIT 1");
                }
            } catch (Throwable t) {
                writerError.set(t);
            }
        }, "racing-writer");
        writer.start();
        try {
            copy(taskId, spec);
        } finally {
            writing.set(false);
            writer.join(60_000);
        }
        if (writerError.get() != null) {
            throw new AssertionError("the racing writer failed", writerError.get());
        }
        replicate(taskId, spec);
        Checksums.assertSame(source, destination, db, List.of("k"), 5, "");
    }

    private Process child(String taskId, String name, String crashAfter) throws Exception {
        List<String> props = new java.util.ArrayList<>(List.of("-Dsluice.incremental.workers=2",
                "-Dsluice.incremental.batchMillis=20", "-Dsluice.incremental.sliceSeconds=20",
                "-Dsluice.incremental.mirrorMillis=500"));
        if (crashAfter != null) {
            props.add("-D" + DdlBarrier.CRASH_AFTER_DDL + "=" + crashAfter);
        }
        return ReplicatorChild.launch(state.endpoint(), taskId, tmp.resolve(name + ".log"), props);
    }

    private String log(String name) throws Exception {
        Path p = tmp.resolve(name + ".log");
        return java.nio.file.Files.exists(p) ? java.nio.file.Files.readString(p) : "";
    }

    /** Waits until the child halts at its crash point (exit 137, as after SIGKILL). */
    private void awaitCrash(Process p, String name) throws Exception {
        boolean ended = p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertTrue(ended && p.exitValue() == 137, name + " did not halt at its crash point:\n" + log(name));
    }

    @Test
    void ddlReRunAfterACrashIsNotAppliedTwice() throws Exception {
        String db = TestNames.unique("ddl_crash");
        ReplicationFixture.createOnBoth(source, destination, db, "CREATE TABLE a (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE TABLE b (id INT PRIMARY KEY, v VARCHAR(20))", "CREATE TABLE c (id INT PRIMARY KEY, x INT)");
        for (var s : List.of(source, destination)) {
            s.executeIn(db, "INSERT INTO a VALUES (1, 'was a')", "INSERT INTO b VALUES (1, 'was b')",
                    "INSERT INTO c VALUES (1, 1)");
        }
        TaskSpec spec = ReplicationFixture.spec("ddl-crash", source, destination, ReplicationFixture.passwordFile(tmp),
                db, NameMapping.NONE, ReplicationFixture.startHere(source, true));
        String taskId = state.createTask(spec);
        source.executeIn(db, "RENAME TABLE a TO t, b TO a, t TO b", "INSERT INTO a VALUES (2, 'after swap')");
        awaitCrash(child(taskId, "crash-1", "RENAME TABLE"), "crash-1");
        source.executeIn(db, "ALTER TABLE c RENAME COLUMN x TO y", "INSERT INTO c VALUES (2, 2)");
        awaitCrash(child(taskId, "crash-2", "RENAME COLUMN"), "crash-2");
        source.executeIn(db, "INSERT INTO b VALUES (3, 'last')");
        Process last = child(taskId, "resume", null);
        BinlogCoordinate target;
        try (java.sql.Connection c = source.connect()) {
            dev.sluice.db.BinlogPosition pos = dev.sluice.db.BinlogPosition.current(c, dev.sluice.db.ServerInfo.of(c));
            target = new BinlogCoordinate(pos.file(), pos.position(), 0);
        }
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> cps = destination.query("SELECT binlog_file, binlog_pos FROM sluice_meta.checkpoint "
                    + "WHERE task_id = ? AND worker >= 0", taskId);
            if (!cps.isEmpty() && cps.stream().noneMatch(r -> new BinlogCoordinate((String) r.get("binlog_file"),
                    ((Number) r.get("binlog_pos")).longValue(), 0).isBefore(target))) {
                break;
            }
            assertTrue(last.isAlive(), "the resumed replicator ended:\n" + log("resume"));
            Thread.sleep(100);
        }
        state.tasks.requestStop(taskId);
        assertTrue(last.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "no stop:\n" + log("resume"));
        assertEquals(0, last.exitValue(), log("resume"));
        assertEquals("was b", destination.queryValue("SELECT v FROM `" + db + "`.a WHERE id = 1"));
        Checksums.assertSame(source, destination, db, List.of("a", "b", "c"), 5, "\n" + log("resume"));
        assertEquals("y", destination.queryValue("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE "
                + "TABLE_SCHEMA = ? AND TABLE_NAME = 'c' AND ORDINAL_POSITION = 2", db));
    }

    @Test
    void uniqueSecondaryKeysMovedWhileTheCopyRuns() throws Exception {
        String db = TestNames.unique("unique_moved");
        source.execute("CREATE DATABASE `" + db + "`");
        source.executeIn(db, "CREATE TABLE u (id INT PRIMARY KEY, email VARCHAR(40) NOT NULL, "
                + "UNIQUE KEY uk_email (email))");
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            rows.append(i == 1 ? "" : ",").append('(').append(i).append(",'").append(i == 1 ? "a" : "u" + i)
                    .append("')");
        }
        source.executeIn(db, "INSERT INTO u VALUES " + rows);
        Path password = ReplicationFixture.passwordFile(tmp);
        TaskSpec spec = new TaskSpec("unique", ReplicationFixture.endpoint(source, password),
                ReplicationFixture.endpoint(destination, password),
                Set.of(MigrationType.SCHEMA, MigrationType.FULL, MigrationType.INCREMENTAL),
                List.of(new ObjectSelection(db, null, null, null)), NameMapping.NONE, null,
                new TaskOptions(null, null, null, new TaskOptions.FullCopyOptions(1, 500L, null, null, null), null,
                        null));
        String taskId = state.createTask(spec);
        SchemaMigrator schema = new SchemaMigrator(new TaskSchemaStore(state.documents, taskId));
        schema.create(spec);
        new FullCopyPlanner(state.table, state.documents).plan(taskId, spec);
        // the chunk holding user 1000 is held by a (fake) worker for a few seconds, so it is read after the change
        ChunkLedger ledger = new ChunkLedger(state.table, taskId);
        List<ChunkState> chunks = ledger.of(new TableRef(db, "u"));
        assertTrue(chunks.size() >= 2, "u must be copied in several chunks: " + chunks);
        ChunkState first = chunks.stream().min(java.util.Comparator.comparingInt(c -> c.chunk().seq())).orElseThrow();
        ChunkState last = chunks.stream().max(java.util.Comparator.comparingInt(c -> c.chunk().seq())).orElseThrow();
        assertTrue(ledger.claim(last.chunk(), "test-holder", 6_000).isPresent());
        AtomicReference<Throwable> copyError = new AtomicReference<>();
        Thread copier = new Thread(() -> {
            try {
                copy(taskId, spec);
            } catch (Throwable t) {
                copyError.set(t);
            }
        }, "copier");
        copier.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (ledger.get(first.chunk()).orElseThrow().status() != ChunkState.Status.DONE) {
            assertTrue(System.nanoTime() < deadline && copier.isAlive(), "the first chunk was not copied");
            Thread.sleep(20);
        }
        // user 1 (already copied) gives up 'a', user 1000 (not copied yet) takes it
        source.executeIn(db, "UPDATE u SET email = 'b' WHERE id = 1", "UPDATE u SET email = 'a' WHERE id = 1000");
        copier.join(120_000);
        if (copyError.get() != null) {
            throw new AssertionError("the copy failed", copyError.get());
        }
        schema.finish(spec);
        source.executeIn(db, "UPDATE u SET email = 'c' WHERE id = 2", "UPDATE u SET email = 'u2' WHERE id = 3");
        replicate(taskId, spec);
        Checksums.assertSame(source, destination, db, List.of("u"), 5, "");
        assertEquals("0", destination.queryValue("SELECT NON_UNIQUE FROM information_schema.STATISTICS WHERE "
                + "TABLE_SCHEMA = ? AND TABLE_NAME = 'u' AND INDEX_NAME = 'uk_email'", db),
                "the unique key exists on the destination after the replay");
    }
}
