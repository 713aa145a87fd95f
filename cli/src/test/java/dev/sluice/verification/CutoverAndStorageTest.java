package dev.sluice.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.cutover.Cutover;
import dev.sluice.cutover.CutoverOptions;
import dev.sluice.cutover.CutoverRecord;
import dev.sluice.cutover.CutoverResult;
import dev.sluice.cutover.MigrationAccounts;
import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import dev.sluice.dynamodb.EmbeddedDynamoDb;
import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskStatus;
import dev.sluice.state.Tasks;
import dev.sluice.task.ThrottleSpec;
import dev.sluice.throttle.ThrottleItem;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.Flavor;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Cutover against a checkpoint item the test writes (the incremental phase has not landed): it waits for "not
 * delayed", makes the source read-only, drains to the final position, verifies and requests the stop; a delayed
 * task is refused without changes. Also: a verification stored with the task reads back with exact counts, and
 * the service's repair leaves the task's tables equal.
 */
class CutoverAndStorageTest {
    @RegisterExtension
    static final DbServerExtension servers = DbServerExtension.create();
    static DbServer server;
    static EmbeddedDynamoDb dynamo;
    static StateTable table;
    static Tasks tasks;
    static TaskDocuments documents;

    String srcDb;
    String dstDb;
    TaskSpec spec;
    String taskId;
    final AtomicBoolean mirroring = new AtomicBoolean();
    Thread mirror;

    @BeforeAll
    static void start() throws Exception {
        server = servers.start(Flavor.MYSQL_80); // private: the test sets the source read-only
        dynamo = EmbeddedDynamoDb.start(Files.createTempDirectory("sluice-verify-ddb"), "127.0.0.1", 0);
        table = new StateTable(StateBeans.dynamoDb(Optional.of(dynamo.endpoint().toString()), "us-east-1"),
                "sluice-verify-test");
        table.ensureExists();
        tasks = new Tasks(table);
        documents = new TaskDocuments(table);
    }

    @AfterAll
    static void stop() {
        if (dynamo != null) {
            dynamo.close();
        }
    }

    void createTask() {
        srcDb = server.createDatabase("cut_src");
        dstDb = server.createDatabase("cut_dst");
        for (String db : List.of(srcDb, dstDb)) {
            server.executeIn(db, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))",
                    "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        }
        spec = VerifyFixtures.task(server, srcDb, server, dstDb);
        taskId = tasks.create(spec).id();
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        mirroring.set(false);
        if (mirror != null) {
            mirror.join(5000);
        }
        server.execute("SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF");
    }

    void writeCheckpoint(BinlogPosition p, double delay) {
        Map<String, AttributeValue> a = Map.of("file", StateTable.s(p.file()), "position", StateTable.n(p.position()),
                "gtidSet", StateTable.s(p.gtidSet()), "delaySeconds", StateTable.n(delay),
                "updatedAt", StateTable.s(Instant.now().toString()));
        if (!table.putNew(Tasks.pk(taskId), StateCheckpoint.SK, a)) {
            table.set(Tasks.pk(taskId), StateCheckpoint.SK, a);
        }
    }

    BinlogPosition sourcePosition() throws Exception {
        try (Connection c = server.connect()) {
            return BinlogPosition.current(c, ServerInfo.of(c));
        }
    }

    /** Stands in for the applier: mirrors the source position into the checkpoint half a second late. */
    void startMirror(double delay) {
        mirroring.set(true);
        mirror = new Thread(() -> {
            List<BinlogPosition> seen = new ArrayList<>();
            try {
                while (mirroring.get()) {
                    seen.add(sourcePosition());
                    if (seen.size() > 5) {
                        writeCheckpoint(seen.remove(0), delay);
                    }
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "test-checkpoint-mirror");
        mirror.start();
    }

    CutoverOptions options() {
        return CutoverOptions.defaults(VerifyOptions.DEFAULTS.withRecheck(1, Duration.ofMillis(100)))
                .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(20));
    }

    @Test
    void cutoverDrainsVerifiesAndStops() throws Exception {
        createTask();
        writeCheckpoint(sourcePosition(), 30); // delayed at first
        startMirror(0);
        List<String> progress = new ArrayList<>();
        // a write the "replication" has to carry before the final position is reached
        server.executeIn(srcDb, "UPDATE t SET v = 'z' WHERE id = 3");
        server.executeIn(dstDb, "UPDATE t SET v = 'z' WHERE id = 3");
        CutoverResult r = new Cutover(taskId, spec, table, options().withReadOnly(true), () -> {
                    throw new AssertionError("read-only mode must not wait for the operator");
                }, progress::add).run();
        assertTrue(r.done(), r.toText());
        assertTrue(r.report().equal(), r.toText());
        assertTrue(r.sourceReadOnly());
        assertEquals("1", server.queryValue("SELECT @@global.super_read_only"));
        assertTrue(tasks.isStopRequested(taskId));
        CheckpointState cp = new StateCheckpoint(table, taskId).read().orElseThrow();
        try (Connection c = server.connect()) {
            assertTrue(PositionOrder.reached(cp, r.finalPosition(), c, ServerInfo.of(c)), "drained: " + cp.describe());
        }
        assertTrue(r.nextSteps().stream().anyMatch(s -> s.contains(server.host() + ":" + server.port())));
        assertTrue(progress.stream().anyMatch(s -> s.startsWith("final source position")), progress.toString());
        assertEquals(TaskStatus.CUT_OVER, tasks.require(taskId).status(), "a finished cutover is CUT_OVER");
        assertTrue(r.writeStopSeconds() > 0 && r.writeStopSeconds() < 20, r.toText());
        assertTrue(r.toText().contains("Write-stop window: "), r.toText());
        CutoverRecord rec = CutoverRecord.read(documents, taskId).orElseThrow();
        assertEquals(CutoverRecord.State.CUT_OVER, rec.state());
        assertEquals(Boolean.FALSE, rec.previousReadOnly());
        assertTrue(progress.stream().anyMatch(s -> s.startsWith("cutover verify")), progress.toString());
    }

    /** Regression (issue 16): the reminder told the user to drop 'root' on both servers. */
    @Test
    void dropAccountsReminderNeverNamesRoot() {
        createTask();
        List<String> rootSteps = MigrationAccounts.reminder(spec);
        assertTrue(rootSteps.stream().noneMatch(s -> s.startsWith("drop")), rootSteps.toString());
        assertTrue(rootSteps.get(0).contains("'root' on the source") && rootSteps.get(0).contains("not one to drop"),
                rootSteps.toString());
        TaskSpec own = new TaskSpec(spec.name(), withUser(spec.source(), "sluice_src"),
                withUser(spec.destination(), "sluice_dst"), spec.types(), spec.objects(), spec.mapping(), null, null);
        List<String> ownSteps = MigrationAccounts.reminder(own);
        assertEquals(1, ownSteps.size(), ownSteps.toString());
        assertTrue(ownSteps.get(0).contains("'sluice_src' on the source") && ownSteps.get(0).contains("'sluice_dst' "
                + "on the destination"), ownSteps.toString());
    }

    static dev.sluice.task.EndpointSpec withUser(dev.sluice.task.EndpointSpec e, String user) {
        return new dev.sluice.task.EndpointSpec(e.host(), e.port(), user, e.password(), e.tls(),
                e.connectTimeoutSeconds());
    }

    /**
     * Regression (issue 16): the cutover's verifier used the task file's throttle (never the live THROTTLE item)
     * and charged 20,000 rows per chunk: with 1 row/s in the task file and the limit lifted live, the source stayed
     * read-only for hours. Now: live limit, rows actually read.
     */
    @Test
    void cutoverVerificationUsesTheLiveThrottle() throws Exception {
        createTask();
        for (String db : List.of(srcDb, dstDb)) { // 203 rows: 200 s at the task file's 1 row/s
            server.executeIn(db, "INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM n "
                    + "WHERE i < 299) SELECT i, 'x' FROM n");
        }
        spec = new TaskSpec(spec.name(), spec.source(), spec.destination(), spec.types(), spec.objects(),
                spec.mapping(), new ThrottleSpec(1L, null, null), null);
        taskId = tasks.create(spec).id();
        ThrottleItem.setLimits(table, taskId, new ThrottleSpec(0L, null, null)); // `sluice throttle ID --rows-per-second 0`
        startMirror(0);
        CutoverResult r = assertTimeoutPreemptively(Duration.ofSeconds(40), () -> new Cutover(taskId, spec, table,
                options().withReadOnly(true), () -> { }, s -> { }).run());
        assertTrue(r.done(), r.toText());
        assertTrue(r.writeStopSeconds() < 15, r.toText());
    }

    /**
     * Regression (issue 16): verification charged the chunk size (20,000 rows) to the rows/s throttle whatever
     * the chunk held, so 3 rows at 1,000 rows/s waited 19 s. Now it charges rows read; progress is stored.
     */
    @Test
    void verifyChargesTheRowsItReadAndStoresItsProgress() throws Exception {
        createTask();
        spec = new TaskSpec(spec.name(), spec.source(), spec.destination(), spec.types(), spec.objects(),
                spec.mapping(), new ThrottleSpec(1_000L, null, null), null);
        taskId = tasks.create(spec).id();
        VerificationService service = new VerificationService(tasks, documents, table);
        long t0 = System.nanoTime();
        VerifyReport r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> service.verify(taskId,
                VerifyOptions.DEFAULTS));
        double secs = (System.nanoTime() - t0) / 1e9;
        assertTrue(r.equal(), r.toTable());
        assertTrue(secs < 5, "3 rows at 1,000 rows/s took " + secs + " s");
        VerifyProgress.Snapshot p = VerifyProgress.read(documents, taskId).orElseThrow();
        assertNotNull(p.finishedAt());
        assertEquals(3, p.rowsCompared());
        assertEquals(1, p.chunksDone());
        assertEquals(1, p.tablesDone());
        assertTrue(p.describe(Instant.now()).contains("verify finished"), p.describe(Instant.now()));
    }

    /** Regression (issue 16): a cutover that fails after setting read-only left the source read-only. */
    @Test
    void failedCutoverRestoresThePreviousReadOnlySettings() throws Exception {
        createTask();
        server.execute("SET GLOBAL read_only = ON"); // the DBA's own setting before the cutover: kept
        writeCheckpoint(sourcePosition(), 0);
        server.executeIn(srcDb, "INSERT INTO t VALUES (50, 'never replicated')"); // root writes despite read_only
        CutoverOptions o = options().withReadOnly(true).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Cutover(taskId, spec, table,
                o, () -> { }, s -> { }).run());
        assertTrue(e.getMessage().contains("has not applied"), e.getMessage());
        assertEquals("1", server.queryValue("SELECT @@global.read_only"), "the DBA's read_only=ON is kept");
        assertEquals("0", server.queryValue("SELECT @@global.super_read_only"), "super_read_only back to OFF");
        CutoverRecord rec = CutoverRecord.read(documents, taskId).orElseThrow();
        assertEquals(CutoverRecord.State.RESTORED, rec.state());
        assertFalse(tasks.isStopRequested(taskId));
    }

    /** Regression (issue 16): after a crashed cutover nothing said the source was read-only, nothing undid it. */
    @Test
    void abortAfterACrashRestoresTheRecordedSettingsAndStatusSaysSo() throws Exception {
        createTask();
        // what a cutover killed right after SET GLOBAL super_read_only = ON leaves behind
        new CutoverRecord(CutoverRecord.State.READ_ONLY, spec.source().address(), false, false,
                Instant.now().minusSeconds(30), null, null, null).save(documents, taskId);
        server.execute("SET GLOBAL super_read_only = ON");
        CutoverRecord left = CutoverRecord.read(documents, taskId).orElseThrow();
        String line = left.describe(taskId, Instant.now());
        assertTrue(line.contains("IS READ-ONLY because of Sluice") && line.contains("--abort"), line);
        Cutover c = new Cutover(taskId, spec, table, options(), () -> { }, s -> { });
        String msg = c.abort();
        assertTrue(msg.contains("read_only=OFF, super_read_only=OFF"), msg);
        assertEquals("0", server.queryValue("SELECT @@global.read_only"));
        assertEquals("0", server.queryValue("SELECT @@global.super_read_only"));
        assertEquals(CutoverRecord.State.RESTORED, CutoverRecord.read(documents, taskId).orElseThrow().state());
        assertTrue(c.abort().contains("restored already"));
    }

    @Test
    void cutoverRefusesWhileDelayedAndChangesNothing() throws Exception {
        createTask();
        writeCheckpoint(sourcePosition(), 120);
        CutoverOptions o = options().withReadOnly(true).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Cutover(taskId, spec, table,
                o, () -> { }, s -> { }).run());
        assertTrue(e.getMessage().contains("still delayed"), e.getMessage());
        assertEquals("0", server.queryValue("SELECT @@global.read_only"));
        assertFalse(tasks.isStopRequested(taskId));
    }

    @Test
    void cutoverWithDifferencesDoesNotStopTheTask() throws Exception {
        createTask();
        server.executeIn(dstDb, "DELETE FROM t WHERE id = 2");
        startMirror(0);
        AtomicBoolean asked = new AtomicBoolean();
        CutoverResult r = new Cutover(taskId, spec, table, options(), () -> asked.set(true), s -> { }).run();
        assertTrue(asked.get(), "without --read-only the operator confirms the writes stopped");
        assertFalse(r.done());
        assertEquals(1, r.report().tables().get(0).missing());
        assertFalse(tasks.isStopRequested(taskId));
        assertTrue(r.nextSteps().get(0).contains("--repair"), r.toText());
    }

    @Test
    void verifyFunctionStoresReportAndAdvancesThePhase() throws Exception {
        srcDb = server.createDatabase("fn_src");
        dstDb = server.createDatabase("fn_dst");
        for (String db : List.of(srcDb, dstDb)) {
            server.executeIn(db, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))", "INSERT INTO t VALUES (1, 'a')");
        }
        TaskSpec base = VerifyFixtures.task(server, srcDb, server, dstDb);
        spec = new TaskSpec(base.name(), base.source(), base.destination(),
                java.util.Set.of(dev.sluice.task.MigrationType.FULL), base.objects(), base.mapping(), null,
                new dev.sluice.task.TaskOptions(null, null, null, null, null, true));
        taskId = tasks.create(spec).id();
        tasks.setPhase(taskId, dev.sluice.state.Phase.VERIFY);
        dev.sluice.handler.VerifyFunction fn = new dev.sluice.handler.VerifyFunction();
        for (var f : Map.of("tasks", (Object) tasks, "documents", documents, "table", table).entrySet()) {
            var field = dev.sluice.handler.VerifyFunction.class.getDeclaredField(f.getKey());
            field.setAccessible(true);
            field.set(fn, f.getValue());
        }
        dev.sluice.handler.VerifyFunction.Input in = new dev.sluice.handler.VerifyFunction.Input();
        in.taskId = taskId;
        dev.sluice.handler.VerifyFunction.Output out = fn.verify(in);
        assertTrue(out.equal, out.summary);
        assertTrue(out.summary.contains("1 tables, 1 rows compared"), out.summary);
        assertEquals(dev.sluice.state.Phase.DONE, tasks.require(taskId).phase());
        assertEquals(1, VerifyReports.load(documents, taskId).tables().size());

        server.executeIn(dstDb, "DELETE FROM t");
        tasks.setPhase(taskId, dev.sluice.state.Phase.VERIFY);
        // the workflow's steps (issue 15): plan -> one call per batch -> report
        in.step = "plan";
        assertEquals(java.util.List.of(0), fn.verify(in).batches);
        in.step = "batch";
        in.batch = 0;
        assertEquals(0, fn.verify(in).remaining);
        in.step = "report";
        out = fn.verify(in);
        assertFalse(out.equal, out.summary);
        assertTrue(out.summary.contains("1 differences"), out.summary);
        assertEquals(1, VerifyReports.load(documents, taskId).tables().get(0).missing());
    }

    @Test
    void serviceStoresReportsAndRepairs() throws Exception {
        createTask();
        server.executeIn(dstDb, "UPDATE t SET v = 'B' WHERE id = 2", "INSERT INTO t VALUES (9, 'x')");
        VerificationService service = new VerificationService(tasks, documents, table);
        VerifyOptions o = VerifyOptions.DEFAULTS.withRecheck(1, Duration.ofMillis(50));
        VerifyReport first = service.verify(taskId, o);
        assertFalse(first.equal());
        VerifyReport stored = VerifyReports.load(documents, taskId);
        assertEquals(1, stored.tables().size());
        TableReport t = stored.tables().get(0);
        assertEquals(srcDb + ".t", t.table());
        assertEquals(1, t.changed());
        assertEquals(1, t.extra());
        assertEquals(2, t.differences().size());
        assertNotNull(documents.get(taskId, "VERIFY#" + srcDb + ".t").orElse(null));

        VerificationService.Outcome dry = service.run(taskId, o, true, true);
        assertTrue(dry.repair().script().contains("DELETE FROM `" + dstDb + "`.`t` WHERE `id` = 9"),
                dry.repair().script());
        assertEquals("x", server.queryValue("SELECT v FROM `" + dstDb + "`.t WHERE id = 9"), "dry run wrote");
        VerificationService.Outcome fixed = service.run(taskId, o, true, false);
        assertTrue(fixed.finalReport().equal(), fixed.finalReport().toTable());
        assertTrue(VerifyReports.load(documents, taskId).equal());
    }
}
