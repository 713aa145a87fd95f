package dev.sluice.verification;

import dev.sluice.cutover.Cutover;
import dev.sluice.cutover.CutoverOptions;
import dev.sluice.cutover.CutoverResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.db.TouchedKeys;
import dev.sluice.dynamodb.EmbeddedDynamoDb;
import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 16, "the write-stop window grows with the data": cutover verified every row of every table while the source
 * was read-only. With an equal full verification recorded, it now compares only the keys the real replicator
 * changed since (sluice_meta.touched, written in the apply transactions), and still finds a difference on such a key.
 */
class CutoverVerifiesChangedKeysTest {
    static final int ROWS = 5000;
    @RegisterExtension
    static final DbServerExtension servers = DbServerExtension.create();
    static DbServer source;
    static DbServer dest;
    static EmbeddedDynamoDb dynamo;
    static StateTable table;
    static Tasks tasks;

    @BeforeAll
    static void start() throws Exception {
        source = servers.start(Flavor.MYSQL_80); // private: cutover sets it read-only
        dest = SharedServers.get(Flavor.MYSQL_80);
        dynamo = EmbeddedDynamoDb.start(Files.createTempDirectory("sluice-changed-ddb"), "127.0.0.1", 0);
        table = new StateTable(StateBeans.dynamoDb(Optional.of(dynamo.endpoint().toString()), "us-east-1"),
                "changed-keys");
        table.ensureExists();
        tasks = new Tasks(table);
    }

    @AfterAll
    static void stop() {
        if (dynamo != null) {
            dynamo.close();
        }
    }

    @AfterEach
    void writable() {
        source.execute("SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF");
    }

    /** Equal tables on both sides: {@code t} (keyed, ROWS rows) and {@code bag} (keyless, 3 rows). */
    static String[] fill() {
        String s = source.createDatabase("ck_src");
        String d = dest.createDatabase("ck_dst");
        VerifyFixtures.equalTables(source, s, dest, d, ROWS);
        return new String[] {s, d};
    }

    static CutoverOptions options() {
        return CutoverOptions.defaults(VerifyOptions.DEFAULTS.withThreads(2)).withReadOnly(true)
                .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(60));
    }

    static VerificationService service() {
        return new VerificationService(tasks, new TaskDocuments(table), table);
    }

    static TableReport report(CutoverResult r, String name) {
        return r.report().tables().stream().filter(x -> x.table().endsWith("." + name)).findFirst().orElseThrow();
    }

    /** Applied: the destination holds what the source holds for these rows (replication caught up). */
    static void awaitApplied(String srcDb, String dstDb) throws InterruptedException {
        String q = "SELECT CONCAT(COUNT(*), '/', SUM(v), '/', SUM(id)) FROM `%s`.t";
        for (int i = 0; i < 300; i++) {
            if (String.valueOf(source.queryValue(String.format(q, srcDb)))
                    .equals(String.valueOf(dest.queryValue(String.format(q, dstDb))))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("replication did not apply the changes within 30 s");
    }

    @Test
    void cutoverComparesOnlyTheKeysReplicationChangedSinceTheLastEqualVerification() throws Exception {
        String[] db = fill();
        try (ReplicatingTask task = new ReplicatingTask(table, source, db[0], dest, db[1], null)) {
            VerifyReport full = service().verify(task.id, VerifyOptions.DEFAULTS);
            assertTrue(full.equal(), full.toTable());
            source.executeIn(db[0], "UPDATE t SET v = v + 1 WHERE id IN (10, 20, 30)", "DELETE FROM t WHERE id = 40",
                    "INSERT INTO t VALUES (" + (ROWS + 1) + ", 1, 'new')", "UPDATE t SET id = " + (ROWS + 2)
                            + " WHERE id = 50", "INSERT INTO bag VALUES (3, 'y')");
            awaitApplied(db[0], db[1]);
            List<String> progress = new ArrayList<>();
            CutoverResult r = new Cutover(task.id, task.spec, table, options(), () -> { }, progress::add).run();
            assertTrue(r.done(), r.toText());
            TableReport t = report(r, "t");
            // keys 10, 20, 30, 40 (deleted), 5001, 50 (moved away) and 5002: 5 rows on the source, not 5,000
            assertEquals(5, t.sourceRows(), t.method() + " " + progress);
            assertTrue(t.method().contains("keys replication changed"), t.method());
            assertEquals(4, report(r, "bag").sourceRows(), "a keyless table is compared whole");
            assertTrue(progress.stream().anyMatch(p -> p.contains("only what replication changed")), progress.toString());
        }
    }

    @Test
    void aDifferenceOnAChangedKeyStopsTheCutoverAndGivesTheSourceBack() throws Exception {
        String[] db = fill();
        try (ReplicatingTask task = new ReplicatingTask(table, source, db[0], dest, db[1], null)) {
            assertTrue(service().verify(task.id, VerifyOptions.DEFAULTS).equal());
            source.executeIn(db[0], "UPDATE t SET v = -1 WHERE id = 77");
            awaitApplied(db[0], db[1]);
            dest.executeIn(db[1], "UPDATE t SET note = 'written there' WHERE id = 77"); // outside Sluice
            CutoverResult r = new Cutover(task.id, task.spec, table, options(), () -> { }, line -> { }).run();
            assertFalse(r.done(), r.toText());
            TableReport t = report(r, "t");
            assertEquals(1, t.changed(), r.report().toTable());
            assertEquals("77", t.differences().get(0).key().get("id"));
            assertEquals("0", String.valueOf(source.queryValue("SELECT @@global.super_read_only")));
        }
    }

    @Test
    void withoutAnEqualFullVerificationCutoverComparesEveryRow() throws Exception {
        String[] db = fill();
        try (ReplicatingTask task = new ReplicatingTask(table, source, db[0], dest, db[1], null)) {
            source.executeIn(db[0], "UPDATE t SET v = v + 1 WHERE id = 10");
            awaitApplied(db[0], db[1]);
            List<String> progress = new ArrayList<>();
            CutoverResult r = new Cutover(task.id, task.spec, table, options(), () -> { }, progress::add).run();
            assertTrue(r.done(), r.toText());
            assertEquals(ROWS, report(r, "t").sourceRows());
            assertTrue(progress.stream().anyMatch(p -> p.contains("no equal full verification")), progress.toString());
        }
    }

    @Test
    void aReplicatedDdlMakesCutoverCompareEveryTableWhole() throws Exception {
        String[] db = fill();
        try (ReplicatingTask task = new ReplicatingTask(table, source, db[0], dest, db[1], null)) {
            assertTrue(service().verify(task.id, VerifyOptions.DEFAULTS).equal());
            source.executeIn(db[0], "ALTER TABLE t ADD COLUMN extra INT NULL", "UPDATE t SET v = v + 1 WHERE id = 3");
            awaitApplied(db[0], db[1]);
            CutoverResult r = new Cutover(task.id, task.spec, table, options(), () -> { }, line -> { }).run();
            assertTrue(r.done(), r.toText());
            assertEquals(ROWS, report(r, "t").sourceRows());
        }
    }

    /**
     * The record is part of the apply transaction (a rollback loses it with the rows) and bounded per table: past the
     * bound an integer key records key ranges, past as many ranges (or for another key) the whole table.
     */
    @Test
    void touchedKeysCommitWithTheTransactionAndCoalesceToKeyRangesThenTheWholeTablePastTheBound() throws Exception {
        String task = "bound-" + System.nanoTime();
        TouchedKeys keys = new TouchedKeys(task, 1, 3);
        try (Connection c = dest.connect()) {
            TouchedKeys.ensureTables(c);
            c.setAutoCommit(false);
            keys.record(c, Map.of("d.t", new TouchedKeys.TableKeys(List.of("id"), List.of(new Object[] {1},
                    new Object[] {2}))));
            c.rollback();
            c.setAutoCommit(true);
            assertEquals(0, TouchedKeys.since(c, task, "d.t", -1).keys().size(), "rolled back with the rows");
            // a worker's count of recorded keys is not rolled back (it only coalesces sooner); a restarted worker
            // starts counting anew
            keys = new TouchedKeys(task, 1, 3);
            c.setAutoCommit(false);
            keys.record(c, Map.of("d.t", new TouchedKeys.TableKeys(List.of("id"), List.of(new Object[] {1},
                    new Object[] {2L}, new Object[] {1}))));
            c.commit();
            c.setAutoCommit(true);
            TouchedKeys.Touched two = TouchedKeys.since(c, task, "d.t", -1);
            assertFalse(two.whole());
            assertEquals(2, two.keys().size(), "distinct keys, Integer 1 and Long 2 decoded as numbers");
            c.setAutoCommit(false);
            keys.record(c, Map.of("d.t", new TouchedKeys.TableKeys(List.of("id"), List.of(new Object[] {3},
                    new Object[] {4}))));
            c.commit();
            c.setAutoCommit(true);
            TouchedKeys.Touched ranged = TouchedKeys.since(c, task, "d.t", -1);
            assertFalse(ranged.whole(), "over 3 keys of an integer key: key ranges, not the whole table");
            assertEquals(2, ranged.keys().size());
            assertEquals(1, ranged.ranges().size());
            assertEquals(List.of(0L, TouchedKeys.RANGE_ROWS), List.of(ranged.ranges().get(0)[0],
                    ranged.ranges().get(0)[1]), "keys 3 and 4 fall in [0, 1024)");
            c.setAutoCommit(false);
            keys.record(c, Map.of("d.t", new TouchedKeys.TableKeys(List.of("id"), List.of(new Object[] {5_000},
                    new Object[] {10_000L}, new Object[] {20_000}))));
            keys.record(c, Map.of("d.s", new TouchedKeys.TableKeys(List.of("name"), List.of(new Object[] {"a"},
                    new Object[] {"b"}, new Object[] {"c"}, new Object[] {"d"}))));
            c.commit();
            c.setAutoCommit(true);
            assertTrue(TouchedKeys.since(c, task, "d.t", -1).whole(), "over 3 ranges: the whole table");
            assertTrue(TouchedKeys.since(c, task, "d.s", -1).whole(), "over 3 text keys: the whole table");
            long covered = TouchedKeys.beginFull(c, task);
            TouchedKeys.markVerified(c, task, covered);
            assertEquals(covered, TouchedKeys.verified(c, task).orElseThrow().through());
            TouchedKeys.Touched after = TouchedKeys.since(c, task, "d.t", covered);
            assertFalse(after.whole());
            assertEquals(0, after.keys().size(), "verified keys are dropped");
        }
    }
}
