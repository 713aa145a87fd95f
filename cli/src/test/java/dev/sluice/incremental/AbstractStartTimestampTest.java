package dev.sluice.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.shyiko.mysql.binlog.GtidSet;
import dev.sluice.binlog.BinlogPurgedException;
import dev.sluice.binlog.BinlogTimeLocator;
import dev.sluice.binlog.ServerIds;
import dev.sluice.binlog.StartPosition;
import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.precheck.Status;
import dev.sluice.precheck.checks.StartTimestampCheck;
import dev.sluice.task.NameMapping;
import dev.sluice.task.TaskOptions.IncrementalOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.ServerOptions;
import dev.sluice.testing.TestNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code options.incremental.start_timestamp} on a real source: rows written in three batches 1.5 s apart, with
 * FLUSH BINARY LOGS inside and between them. A time between batches 1 and 2 (the last file opened before it holds
 * nothing after it, so the scan crosses into the next file) and a time between batches 2 and 3 (inside a file,
 * after two of its transactions) resolve to exactly the GTID event that starts the next batch and to the GTIDs the
 * source had executed before it; replicating from the first time applies exactly the later rows; a time after the
 * last write gives the current position; a time ahead of the source's clock and a time before the oldest binlog
 * (after PURGE BINARY LOGS) fail with what to do. One server per class: the destination database is on the source
 * server (the applier does not binlog its writes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AbstractStartTimestampTest {
    private static final DateTimeFormatter MYSQL_STYLE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    @RegisterExtension
    static final DbServerExtension servers = DbServerExtension.create();

    private final Flavor flavor;
    private final boolean gtid;
    private DbServer server;
    private StateFixture state;
    private Path tmp;
    private Path password;
    private String db;
    private String dstDb;
    private Instant between;
    private BinlogPosition beforeSecondBatch;
    private Instant within;
    private BinlogPosition beforeThirdBatch;
    private Instant afterAll;

    /** {@code gtid}: whether the server runs with GTIDs (MariaDB always does). */
    AbstractStartTimestampTest(Flavor flavor, boolean gtid) {
        this.flavor = flavor;
        this.gtid = gtid;
    }

    @BeforeAll
    void writeThreeBatches() throws Exception {
        tmp = Files.createTempDirectory("sluice-startts-test");
        password = ReplicationFixture.passwordFile(tmp);
        server = gtid ? servers.start(flavor)
                : servers.start(flavor, ServerOptions.without("gtid_mode", "enforce_gtid_consistency"));
        state = new StateFixture(tmp.resolve("dynamo"));
        db = TestNames.unique("ts");
        dstDb = db + "_dst";
        for (String d : List.of(db, dstDb)) {
            server.execute("CREATE DATABASE `" + d + "`");
            server.executeIn(d, "CREATE TABLE t (id INT PRIMARY KEY, batch INT NOT NULL)");
        }
        server.executeIn(db, "INSERT INTO t VALUES (1, 1)", "INSERT INTO t VALUES (2, 1)");
        server.execute("FLUSH BINARY LOGS");
        server.executeIn(db, "INSERT INTO t VALUES (3, 1)", "INSERT INTO t VALUES (4, 1), (5, 1)");
        Thread.sleep(1500);
        between = Instant.now();
        Thread.sleep(100);
        server.execute("FLUSH BINARY LOGS");
        beforeSecondBatch = position();
        server.executeIn(db, "INSERT INTO t VALUES (6, 2)", "INSERT INTO t VALUES (7, 2)");
        Thread.sleep(1500);
        within = Instant.now();
        Thread.sleep(100);
        beforeThirdBatch = position();
        server.executeIn(db, "START TRANSACTION", "INSERT INTO t VALUES (8, 3)", "INSERT INTO t VALUES (9, 3)",
                "COMMIT");
        server.execute("FLUSH BINARY LOGS");
        Thread.sleep(1500);
        afterAll = Instant.now();
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (state != null) {
            state.close();
        }
        try (var files = Files.walk(tmp)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    @Order(1)
    void aTimeBetweenBatchesStartsAtTheFirstTransactionAfterIt() throws Exception {
        assertStartsAt(beforeSecondBatch, locate(between));
        assertStartsAt(beforeThirdBatch, locate(within));

        try (PrecheckContext ctx = new PrecheckContext(spec(MYSQL_STYLE.format(between)))) {
            StartTimestampCheck check = new StartTimestampCheck();
            assertTrue(check.appliesTo(ctx));
            CheckResult r = check.run(ctx).get(0);
            assertEquals(Status.PASS, r.status(), r.toString());
            assertTrue(r.found().contains("starts at " + beforeSecondBatch.file() + ":"
                    + firstGtidEvent(beforeSecondBatch)), r.found());
        }
    }

    /** The start is the first GTID event after {@code before} and the GTIDs are those the source had then. */
    private void assertStartsAt(BinlogPosition before, StartPosition p) {
        assertEquals(before.file(), p.file(), p.toString());
        assertEquals(firstGtidEvent(before), p.position(), p.toString());
        if (!gtid) {
            assertNull(p.gtidSet(), "file/position without GTIDs: " + p);
        } else if (flavor.isMariaDb()) {
            assertEquals(before.gtidSet(), p.gtidSet());
        } else {
            assertEquals(new GtidSet(before.gtidSet()), new GtidSet(p.gtidSet()), p.gtidSet());
        }
        assertTrue(p.origin().startsWith("options.incremental.start_timestamp "), p.origin());
    }

    /** Where the first transaction logged after {@code p} starts (MariaDB may log a checkpoint event first). */
    private long firstGtidEvent(BinlogPosition p) {
        for (Map<String, Object> e : server.query("SHOW BINLOG EVENTS IN '" + p.file() + "' FROM " + p.position())) {
            if ((gtid ? "Gtid" : "Anonymous_Gtid").equalsIgnoreCase(String.valueOf(e.get("Event_type")))) {
                return ((Number) e.get("Pos")).longValue();
            }
        }
        throw new AssertionError("no GTID event after " + p.describe());
    }

    @Test
    @Order(2)
    void aTimeAfterTheLastTransactionStartsAtTheCurrentPosition() throws Exception {
        BinlogPosition now = position();
        StartPosition p = locate(afterAll);
        assertEquals(now.file(), p.file());
        assertEquals(now.position(), p.position());
        assertEquals(gtid ? now.gtidSet() : null, p.gtidSet());
        assertTrue(p.origin().endsWith(BinlogTimeLocator.NOTHING_SINCE), p.origin());
    }

    @Test
    @Order(3)
    void aTimeAheadOfTheSourceClockFails() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> locate(Instant.now().plus(Duration.ofHours(1))));
        assertTrue(e.getMessage().contains("s ahead of the source's clock"), e.getMessage());
        assertTrue(e.getMessage().contains("without an offset is UTC"), e.getMessage());
    }

    @Test
    @Order(4)
    void replicatingFromTheTimeAppliesExactlyTheLaterBatches() throws Exception {
        TaskSpec spec = spec(MYSQL_STYLE.format(between));
        String taskId = state.createTask(spec);
        Replicator r = new Replicator(taskId, spec, state.state(taskId), new ReplicatorConfig(2, 100, 20, 5000,
                Duration.ofSeconds(60), ServerIds.forTask(taskId), false, 200, false, 500));
        AtomicReference<SliceResult> result = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                result.set(r.runSlice());
            } catch (Throwable t) {
                error.set(t);
            }
        }, "replicator");
        runner.start();
        // wait for the last row written (not for the source position: MariaDB may log a binlog checkpoint event
        // after it, which no transaction boundary passes); rows before it in the binlog would be applied before it
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (server.queryLong("SELECT COUNT(*) FROM `" + dstDb + "`.t WHERE id = 9") == 0) {
            if (!runner.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the replicator did not apply row 9 (it is at " + r.status().file() + ":"
                        + r.status().position() + ")", error.get());
            }
            Thread.sleep(100);
        }
        state.tasks.requestStop(taskId);
        runner.join(30_000);
        if (error.get() != null) {
            throw new AssertionError("replication failed", error.get());
        }
        assertNotNull(result.get(), "the slice did not end after the stop flag");
        assertEquals("6,7,8,9", server.queryValue("SELECT GROUP_CONCAT(id ORDER BY id) FROM `" + dstDb + "`.t"));
        assertEquals("0", server.queryValue("SELECT COUNT(*) FROM `" + dstDb + "`.t WHERE batch = 1"));
    }

    @Test
    @Order(5)
    void aTimeBeforeTheOldestBinlogFailsWithTheOldestFileAndTheRemedy() throws Exception {
        server.execute("FLUSH BINARY LOGS");
        String current = position().file();
        // a file a dump thread (of the replicator just stopped) still reads is kept; retry until it is gone
        long deadline = System.nanoTime() + 10_000_000_000L;
        do {
            server.execute("PURGE BINARY LOGS TO '" + current + "'");
        } while (!current.equals(server.queryValue("SHOW BINARY LOGS")) && System.nanoTime() < deadline
                && sleep(200));
        assertEquals(current, server.queryValue("SHOW BINARY LOGS"));
        BinlogPurgedException e = assertThrows(BinlogPurgedException.class, () -> locate(between));
        String m = e.getMessage();
        assertTrue(m.contains("before the oldest binlog still on the source (" + current + ", opened "), m);
        assertTrue(m.contains("were purged"), m);
        assertTrue(m.contains("full copy"), m);

        try (PrecheckContext ctx = new PrecheckContext(spec(between.toString()))) {
            CheckResult r = new StartTimestampCheck().run(ctx).get(0);
            assertEquals(Status.FAIL, r.status(), r.toString());
            assertTrue(r.found().contains(current), r.found());
            assertTrue(r.fix().contains("full + incremental"), r.fix());
        }
        // a time after the oldest file was opened is still found (nothing since: the current position)
        Thread.sleep(1100);
        StartPosition p = locate(Instant.now());
        assertEquals(current, p.file());
        assertTrue(p.origin().endsWith(BinlogTimeLocator.NOTHING_SINCE), p.origin());
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }

    private StartPosition locate(Instant at) throws Exception {
        try (Connection c = server.connect()) {
            return new BinlogTimeLocator(ReplicationFixture.endpoint(server, password),
                    ServerIds.forTimeLookup(1_234_567_890L)).locate(c, ServerInfo.of(c), at);
        }
    }

    private BinlogPosition position() throws Exception {
        try (Connection c = server.connect()) {
            return BinlogPosition.current(c, ServerInfo.of(c));
        }
    }

    private TaskSpec spec(String startTimestamp) {
        return ReplicationFixture.spec("startts", server, server, password, db,
                new NameMapping(Map.of(db, dstDb), Map.of(), Map.of()),
                new IncrementalOptions(null, null, null, startTimestamp, false, null, null));
    }
}
