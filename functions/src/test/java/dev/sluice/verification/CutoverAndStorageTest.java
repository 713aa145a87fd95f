package dev.sluice.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import dev.sluice.dynamodb.EmbeddedDynamoDb;
import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
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
        CutoverResult r = new Cutover(taskId, spec, tasks, new StateCheckpoint(table, taskId),
                options().withReadOnly(true), () -> {
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
        assertTrue(r.nextSteps().stream().anyMatch(s -> s.contains("drop the migration accounts")), r.toText());
        assertTrue(r.nextSteps().stream().anyMatch(s -> s.contains(server.host() + ":" + server.port())));
        assertTrue(progress.stream().anyMatch(s -> s.startsWith("final source position")), progress.toString());
    }

    @Test
    void cutoverRefusesWhileDelayedAndChangesNothing() throws Exception {
        createTask();
        writeCheckpoint(sourcePosition(), 120);
        CutoverOptions o = options().withReadOnly(true).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Cutover(taskId, spec, tasks,
                new StateCheckpoint(table, taskId), o, () -> { }, s -> { }).run());
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
        CutoverResult r = new Cutover(taskId, spec, tasks, new StateCheckpoint(table, taskId), options(),
                () -> asked.set(true), s -> { }).run();
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
        dev.sluice.handler.VerifyFunction.Output out = fn.verify(new dev.sluice.handler.TaskRef(taskId));
        assertTrue(out.equal, out.summary);
        assertTrue(out.summary.contains("1 tables, 1 rows compared"), out.summary);
        assertEquals(dev.sluice.state.Phase.DONE, tasks.require(taskId).phase());
        assertEquals(1, VerifyReports.load(documents, taskId).tables().size());

        server.executeIn(dstDb, "DELETE FROM t");
        tasks.setPhase(taskId, dev.sluice.state.Phase.VERIFY);
        out = fn.verify(new dev.sluice.handler.TaskRef(taskId));
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
