package dev.sluice.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.cutover.Cutover;
import dev.sluice.cutover.CutoverOptions;
import dev.sluice.cutover.CutoverRecord;
import dev.sluice.cutover.CutoverResult;
import dev.sluice.cutover.ReverseRunner;
import dev.sluice.cutover.ReverseSpec;
import dev.sluice.cutover.Rollback;
import dev.sluice.dynamodb.EmbeddedDynamoDb;
import dev.sluice.control.ReverseTasks;
import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskStatus;
import dev.sluice.state.Tasks;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.Flavor;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 18, "rollback after cutover" (Vitess ReverseTraffic): {@code cutover --reverse} starts a reverse task
 * (destination → source, from the destination's position at the cutover) after checking it with the precheck,
 * leaves the source writable for it; the application writes on the destination; {@code rollback} makes the
 * destination read-only, drains and verifies the reverse task by the keys it changed, stops it — and the source has
 * every write made on the destination. Two private MySQL 8.0 servers: both sides are made read-only in turn.
 */
class CutoverReverseRollbackTest {
    static final int ROWS = 2000;
    @RegisterExtension
    static final DbServerExtension servers = DbServerExtension.create();
    static DbServer source;
    static DbServer dest;
    static EmbeddedDynamoDb dynamo;
    static StateTable table;

    @BeforeAll
    static void start() throws Exception {
        source = servers.start(Flavor.MYSQL_80);
        dest = servers.start(Flavor.MYSQL_80);
        dynamo = EmbeddedDynamoDb.start(Files.createTempDirectory("sluice-reverse-ddb"), "127.0.0.1", 0);
        table = new StateTable(StateBeans.dynamoDb(Optional.of(dynamo.endpoint().toString()), "us-east-1"),
                "reverse");
        table.ensureExists();
    }

    @AfterAll
    static void stop() {
        if (dynamo != null) {
            dynamo.close();
        }
    }

    @AfterEach
    void writable() {
        for (DbServer s : List.of(source, dest)) {
            s.execute("SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF");
        }
    }

    static CutoverOptions options() {
        return CutoverOptions.defaults(VerifyOptions.DEFAULTS.withThreads(2)).withReadOnly(true)
                .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(60));
    }

    /** Every row of both tables as text, sorted: what "equal" means here. */
    static String content(DbServer s, String db) {
        return s.query("SELECT CONCAT(COUNT(*), '/', COALESCE(SUM(id), 0), '/', COALESCE(SUM(v), 0), '/', "
                        + "COALESCE(SUM(CRC32(CONCAT_WS('|', id, v, note))), 0)) AS c FROM `" + db + "`.t").toString()
                + s.query("SELECT a, b FROM `" + db + "`.bag ORDER BY a, b").toString();
    }

    static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (done.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + " within 60 s");
    }

    @Test
    void rollbackAfterCutoverWithReverseBringsTheDestinationsWritesBackToTheSource() throws Exception {
        String s = source.createDatabase("rv_src");
        String d = dest.createDatabase("rv_dst");
        VerifyFixtures.equalTables(source, s, dest, d, ROWS);
        AtomicReference<ReplicatingTask> reverse = new AtomicReference<>();
        List<String> checked = new ArrayList<>();
        ReverseRunner runner = new ReverseRunner() {
            @Override
            public void check(TaskSpec spec) {
                new ReverseTasks(null, (id, x) -> { }).check(spec);
                checked.add(spec.source().address() + " -> " + spec.destination().address());
            }

            @Override
            public void start(String taskId, TaskSpec spec) {
                reverse.set(new ReplicatingTask(table, taskId, spec));
            }
        };
        try (ReplicatingTask forward = new ReplicatingTask(table, source, s, dest, d, null)) {
            source.executeIn(s, "UPDATE t SET v = v + 1 WHERE id <= 10", "INSERT INTO t VALUES (" + (ROWS + 1)
                    + ", 0, 'before cutover')");
            await("forward replication applied", () -> content(source, s).equals(content(dest, d)));
            List<String> progress = new ArrayList<>();
            CutoverResult cut = new Cutover(forward.id, forward.spec, table, options(), () -> { }, progress::add)
                    .withReverse(runner).run();
            assertTrue(cut.done(), cut.toText() + progress);
            assertEquals(List.of(forward.spec.destination().address() + " -> " + forward.spec.source().address()),
                    checked, "the reverse task was prechecked before the cutover");
            CutoverRecord rec = CutoverRecord.read(new TaskDocuments(table), forward.id).orElseThrow();
            assertNotNull(rec.reverseTaskId(), rec.toString());
            assertNotNull(reverse.get(), "reverse task started");
            assertEquals("0", source.queryValue("SELECT @@global.read_only"), "source writable for the reverse apply");
            assertTrue(cut.toText().contains("Do NOT point the application at the source"), cut.toText());
            // the forward task ends at cutover (its workflow stops); here its replicator runs in the test, so stop it
            // now: left running, its checkpoint writes would fail once rollback makes the destination read-only
            // (seen in CI on a loaded machine)
            forward.close();

            // the application now writes to the destination
            dest.executeIn(d, "UPDATE t SET v = -v, note = 'on the new primary' WHERE id BETWEEN 100 AND 149",
                    "DELETE FROM t WHERE id IN (5, 6, 7)",
                    "INSERT INTO t VALUES (" + (ROWS + 2) + ", 42, 'after cutover'), (" + (ROWS + 3) + ", 43, NULL)",
                    "UPDATE t SET id = " + (ROWS + 4) + " WHERE id = 300",
                    "INSERT INTO bag VALUES (3, 'new')", "DELETE FROM bag WHERE a = 2");
            String expected = content(dest, d);

            List<String> rollbackProgress = new ArrayList<>();
            CutoverResult back = new Rollback(forward.id, forward.spec, table, options(), rollbackProgress::add).run();
            assertTrue(back.done(), back.toText() + rollbackProgress);
            assertEquals(expected, content(source, s), "the source has every write made on the destination");
            assertEquals(content(dest, d), content(source, s));
            assertEquals("1", dest.queryValue("SELECT @@global.super_read_only"), "destination read-only (fallback)");
            assertEquals("0", source.queryValue("SELECT @@global.read_only"), "source takes the application again");
            TableReport t = back.report().tables().stream().filter(x -> x.table().endsWith(".t")).findFirst()
                    .orElseThrow();
            assertTrue(t.method().contains("keys replication changed"), t.method());
            // 50 updated + 3 deleted + 2 inserted + key 300 moved to 2004: 57 keys, not 2,000 rows
            assertTrue(t.sourceRows() <= 60, t.sourceRows() + " " + t.method());
            assertEquals(CutoverRecord.State.ROLLED_BACK,
                    CutoverRecord.read(new TaskDocuments(table), forward.id).orElseThrow().state());
            assertTrue(back.writeStopSeconds() > 0);
            System.out.printf("rollback write-stop window %.2f s (drain %.2f s), %d rows of t compared%n",
                    back.writeStopSeconds(), back.drainSeconds(), t.sourceRows());
            assertThrows(IllegalStateException.class, () -> new Rollback(forward.id, forward.spec, table, options(),
                    line -> { }).run(), "a second rollback is refused");
        } finally {
            if (reverse.get() != null) {
                reverse.get().close();
            }
        }
    }

    @Test
    void cutoverReverseIsRefusedBeforeAnyChangeWhenTheDestinationsBinlogCannotFeedTheReverseTask() throws Exception {
        String s = source.createDatabase("rvr_src");
        String d = dest.createDatabase("rvr_dst");
        for (var e : List.of(Map.entry(source, s), Map.entry(dest, d))) {
            e.getKey().executeIn(e.getValue(), "CREATE TABLE t (id INT PRIMARY KEY, v INT)", "INSERT INTO t VALUES (1, 1)");
        }
        dest.execute("SET GLOBAL binlog_row_image = 'MINIMAL'");
        try (ReplicatingTask forward = new ReplicatingTask(table, source, s, dest, d, null)) {
            source.executeIn(s, "INSERT INTO t VALUES (2, 2)");
            await("forward replication applied", () -> "2".equals(dest.queryValue("SELECT COUNT(*) FROM `" + d
                    + "`.t")));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Cutover(forward.id,
                    forward.spec, table, options(), () -> { }, line -> { })
                    .withReverse(new ReverseTasks(null, (id, x) -> { })).run());
            assertTrue(e.getMessage().contains("binlog_row_image=MINIMAL"), e.getMessage());
            assertTrue(e.getMessage().contains("before any change"), e.getMessage());
            assertEquals("0", source.queryValue("SELECT @@global.read_only"), "the source was never made read-only");
            assertTrue(CutoverRecord.read(new TaskDocuments(table), forward.id).isEmpty());
            assertNotEquals(TaskStatus.CUT_OVER, new Tasks(table).require(forward.id).status(), "not cut over");
        } finally {
            dest.execute("SET GLOBAL binlog_row_image = 'FULL'");
        }
    }

    @Test
    void theMappingIsInvertedAndOneThatCannotBeIsRefusedWithTheReason() {
        TaskSpec base = VerifyFixtures.task(source, "a", dest, "b");
        TaskSpec forward = new TaskSpec("shop", base.source(), base.destination(), Set.of(MigrationType.FULL,
                MigrationType.INCREMENTAL), List.of(new ObjectSelection("a*", null, null, null)),
                new NameMapping(Map.of("a", "b"), Map.of("a.orders", "orders_v2"), Map.of("a.orders.qty", "quantity")),
                null, null);
        TaskSpec rev = ReverseSpec.of(forward, Map.of("a", List.of("orders", "items")), null);
        assertEquals(Set.of(MigrationType.INCREMENTAL), rev.types());
        assertEquals(base.destination(), rev.source());
        assertEquals(List.of(new ObjectSelection("b", List.of("orders_v2", "items"), null, null)), rev.objects());
        assertEquals("a", rev.mappingOrNone().database("b"));
        assertEquals("orders", rev.mappingOrNone().table("b", "orders_v2"));
        assertEquals("qty", rev.mappingOrNone().column("b", "orders_v2", "quantity"));

        TaskSpec merged = new TaskSpec("merge", base.source(), base.destination(), forward.types(),
                forward.objects(), new NameMapping(Map.of("a1", "c", "a2", "c"), Map.of(), Map.of()), null, null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ReverseSpec.of(merged,
                Map.of("a1", List.of("t1"), "a2", List.of("t2")), null));
        assertTrue(e.getMessage().contains("a1 and a2 are both mapped to c"), e.getMessage());
        IllegalStateException same = assertThrows(IllegalStateException.class, () -> ReverseSpec.of(merged,
                Map.of("a1", List.of("t"), "a2", List.of("t")), null));
        assertTrue(same.getMessage().contains("a1.t and a2.t are both mapped to c.t"), same.getMessage());
        TaskSpec someColumns = new TaskSpec("cols", base.source(), base.destination(), forward.types(),
                List.of(new ObjectSelection("a", null, null, Map.of("t", List.of("id", "v")))), null, null, null);
        IllegalStateException cols = assertThrows(IllegalStateException.class, () -> ReverseSpec.of(someColumns,
                Map.of("a", List.of("t")), null));
        assertTrue(cols.getMessage().contains("only the columns [id, v]"), cols.getMessage());
    }
}
