package dev.sluice.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Precheck;
import dev.sluice.precheck.PrecheckReport;
import dev.sluice.precheck.Status;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskFileException;
import dev.sluice.task.TaskFiles;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import dev.sluice.verification.BinlogCheckpoint;
import dev.sluice.verification.TableReport;
import dev.sluice.verification.Verifier;
import dev.sluice.verification.VerifyOptions;
import dev.sluice.verification.VerifyReport;
import dev.sluice.table.Column;
import dev.sluice.table.RowFilterProbe;
import dev.sluice.table.TableModels;
import dev.sluice.table.TableRef;
import dev.sluice.task.RowFilter;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Row filters (issue 18, {@code objects[].where}) on real servers of one flavor through every path: the full copy
 * takes only matching rows; replication turns an UPDATE that moves a row out of the filter into a DELETE and one
 * that moves it in into an INSERT, for a compacted keyed table, a keyed table with another unique key (key changes
 * applied in order) and a keyless table; verification compares only the matching source rows (and still reports a
 * destination row outside the filter); precheck refuses an unknown column and the task file refuses NOW() and a
 * subquery. Filters compare like the table does: {@code country = 'fr'} matches 'FR' under a _ci collation, an
 * ENUM compares by its label. Run on MySQL 8.0 ({@link RowFilterTest}), 5.7 and MariaDB 10.11.
 */
abstract class AbstractRowFilterTest {
    private static final Map<String, String> WHERE = Map.of(
            "t", "country = 'fr' AND status <> 'void'",
            "k", "a >= 10",
            "u", "v > 0");

    @RegisterExtension
    static final DbServerExtension SERVERS = DbServerExtension.create();
    static DbServer source;
    static DbServer destination;

    @TempDir
    static Path tmp;

    /** The shared source and a private destination of {@code flavor} (call from the subclass's BeforeAll). */
    static void servers(Flavor flavor) {
        source = SharedServers.get(flavor);
        destination = SERVERS.start(flavor);
    }

    /** A case-insensitive collation of the flavor for the text column. */
    abstract String collation();

    /** Whether that collation pads with spaces ({@code 'Fr ' = 'fr'}); the _0900_ ones are NO PAD. */
    abstract boolean padSpace();

    private static TaskSpec spec(String db, Map<String, String> where) throws Exception {
        TaskSpec s = Pipeline.spec("rowfilter", source, destination, Pipeline.passwordFile(tmp), db, 2, 2);
        return new TaskSpec(s.name(), s.source(), s.destination(), s.types(),
                List.of(new ObjectSelection(db, null, null, null, where)), s.mapping(), s.throttle(), s.options());
    }

    @Test
    void fullCopyReplicationAndVerificationTakeOnlyTheRowsTheFilterSelects() throws Exception {
        String db = source.createDatabase("rf");
        source.executeIn(db,
                "CREATE TABLE t (id INT PRIMARY KEY, country VARCHAR(10) CHARACTER SET utf8mb4 COLLATE " + collation()
                        + ", "
                        + "amount DECIMAL(8,2), status ENUM('new','paid','void'))",
                "INSERT INTO t VALUES (1,'FR',10,'new'),(2,'fr',20,'void'),(3,'DE',30,'new'),(4,'Fr',40,'paid')",
                "CREATE TABLE k (a INT, b VARCHAR(10))",
                "INSERT INTO k VALUES (5,'a'),(10,'b'),(20,'c'),(20,'c')",
                "CREATE TABLE u (id INT PRIMARY KEY, code VARCHAR(10) NOT NULL UNIQUE, v INT)",
                "INSERT INTO u VALUES (1,'a',1),(2,'b',0),(3,'c',5)");
        try (FidelityState state = FidelityState.start(null)) {
            String taskId = state.tasks.create(spec(db, WHERE)).id();
            Pipeline.runToIncremental(state, taskId, 2, null);
            assertEquals(List.of("1|FR|10.00|new", "4|Fr|40.00|paid"), rows(destination, db, "t", null));
            assertEquals(List.of("10|b", "20|c", "20|c"), rows(destination, db, "k", null));
            assertEquals(List.of("1|a|1", "3|c|5"), rows(destination, db, "u", null));

            Pipeline.Replication r = new Pipeline.Replication(state, taskId);
            source.executeIn(db,
                    "INSERT INTO t VALUES (5,'fr',50,'new'),(6,'US',60,'new')",
                    "UPDATE t SET country = 'FR' WHERE id = 3",      // moves in: an insert
                    "UPDATE t SET status = 'void' WHERE id = 1",     // moves out: a delete
                    "UPDATE t SET amount = 41 WHERE id = 4",         // stays in
                    "UPDATE t SET amount = 61 WHERE id = 6",         // stays out
                    "DELETE FROM t WHERE id = 5",
                    "UPDATE t SET id = 14 WHERE id = 4",             // key change, stays in
                    "INSERT INTO k VALUES (30,'d'),(1,'e')",
                    "UPDATE k SET a = 15 WHERE a = 5",               // keyless, moves in
                    "UPDATE k SET a = 2 WHERE a = 10",               // keyless, moves out
                    "UPDATE k SET b = 'cc' WHERE a = 20 LIMIT 1",    // keyless, stays in
                    "DELETE FROM k WHERE a = 1",                     // keyless, never was in
                    "UPDATE u SET id = 12, v = 2 WHERE id = 2",      // key change, moves in
                    "UPDATE u SET id = 13 WHERE id = 3",             // key change, stays in
                    "UPDATE u SET id = 11, v = 0 WHERE id = 1");     // key change, moves out
            r.awaitCaughtUp(source, Duration.ofMinutes(2));
            r.stop(state, taskId);
            for (String table : List.of("t", "k", "u")) {
                assertEquals(rows(source, db, table, WHERE.get(table)), rows(destination, db, table, null), table);
            }
            assertEquals(List.of("14|Fr|41.00|paid", "3|FR|30.00|new"), rows(destination, db, "t", null));
            assertEquals(List.of("15|a", "20|c", "20|cc", "30|d"), rows(destination, db, "k", null));

            VerifyReport equal = verify(state, taskId);
            assertTrue(equal.equal(), equal.toString());
            destination.executeIn(db, "INSERT INTO t VALUES (99,'DE',1,'new')");   // outside the filter
            VerifyReport extra = verify(state, taskId);
            TableReport t = extra.tables().stream().filter(x -> x.table().endsWith(".t")).findFirst().orElseThrow();
            assertEquals(1, t.extra(), extra.toString());
        }
    }

    private static VerifyReport verify(FidelityState state, String taskId) throws Exception {
        return new Verifier(state.tasks.require(taskId).spec(), VerifyOptions.DEFAULTS.withChunkRows(2),
                BinlogCheckpoint.NONE).verify();
    }

    @Test
    void precheckRefusesAnUnknownColumnAndTheTaskFileRefusesNonDeterministicFiltersAndSubqueries() throws Exception {
        String db = source.createDatabase("rfp");
        source.executeIn(db, "CREATE TABLE t (id INT PRIMARY KEY, country VARCHAR(10), g POINT)");
        PrecheckReport bad = new Precheck().run(spec(db, Map.of("t", "contry = 'FR'")));
        CheckResult r = bad.byId("objects.row_filters").get(0);
        assertEquals(Status.FAIL, r.status(), r.toString());
        assertTrue(r.found().contains("contry"), r.found());
        PrecheckReport spatial = new Precheck().run(spec(db, Map.of("t", "g IS NOT NULL")));
        assertEquals(Status.FAIL, spatial.byId("objects.row_filters").get(0).status());
        PrecheckReport good = new Precheck().run(spec(db, Map.of("t", "country = 'FR'")));
        assertEquals(Status.PASS, good.byId("objects.row_filters").get(0).status(), good.toTable());

        for (String where : List.of("created < NOW()", "id IN (SELECT id FROM other)", "RAND() < 0.5",
                "id = @x", "id = 1; DROP TABLE t", "other.id = 1")) {
            TaskFileException e = assertThrows(TaskFileException.class, () -> TaskFiles.parse(taskFile(where),
                    "test"), where);
            assertTrue(e.getMessage().contains("objects[0].where.t"), e.getMessage());
        }
        assertFalse(TaskFiles.parse(taskFile("country IN ('FR', 'DE') AND LOWER(name) LIKE 'a%'"), "test")
                .objects().get(0).whereOrNone().isEmpty());
    }

    private static String taskFile(String where) {
        return """
                name: f
                source: {host: 127.0.0.1, port: 3306, user: u, password: env:X}
                destination: {host: 127.0.0.1, port: 3307, user: u, password: env:X}
                types: [full]
                objects:
                  - database: shop
                    where: {t: "%s"}
                """.formatted(where);
    }

    /**
     * The binlog path's cost (ADR 0081): 20,000 after-images of a table (INT, VARCHAR _ci, DECIMAL, ENUM) through
     * {@link RowFilterProbe} on a session of the flavor, 500 rows per statement, prepared on the server and (to
     * compare, in the same run) as text per batch; every answer is checked against the same condition evaluated
     * by Java on the values.
     */
    @Test
    void probeEvaluatesTwentyThousandImagesInBatchesAndAgreesWithTheServersWhere() throws Exception {
        String db = source.createDatabase("rfm");
        source.executeIn(db, "CREATE TABLE t (id INT PRIMARY KEY, country VARCHAR(10) CHARACTER SET utf8mb4 "
                + "COLLATE " + collation() + ", amount DECIMAL(8,2), status ENUM('new','paid','void'))");
        List<Column> cols;
        try (Connection c = source.connect(db)) {
            cols = TableModels.require(c, new TableRef(db, "t"), "test").columns();
        }
        RowFilterProbe probe = new RowFilterProbe(db + ".t", RowFilter.parse(WHERE.get("t") + " AND amount >= 5"),
                cols, n -> n);
        List<Object[]> rows = new ArrayList<>();
        String[] countries = {"FR", "fr", "DE", "Fr ", null};
        for (int i = 0; i < 20_000; i++) {
            rows.add(new Object[] {i, countries[i % 5], new java.math.BigDecimal(i % 10), 1 + i % 3});
        }
        try (Connection c = source.connect(db)) {
            // before (the statement text sent with every batch) and after (prepared once per session), same run
            long text = measure(probe.unprepared(), c, rows, "statement text per batch");
            long prepared = measure(probe, c, rows, "server-side prepared");
            long text2 = measure(probe.unprepared(), c, rows, "statement text per batch, again");
            System.out.printf("RowFilterProbe %s: prepared %.1f us/row vs text %.1f / %.1f us/row%n",
                    source.flavor(), prepared / (double) rows.size(), text / (double) rows.size(),
                    text2 / (double) rows.size());
            for (boolean[] in : List.of(probe.matches(c, rows), probe.unprepared().matches(c, rows),
                    probe.matches(c, rows.subList(0, 37)))) {
                int expected = 0;
                for (int i = 0; i < in.length; i++) {
                    Object[] r = rows.get(i);
                    // 'Fr ' matches only under a PAD SPACE collation; ENUM index 1 = new, 3 = void
                    String country = r[1] == null ? null : padSpace() ? ((String) r[1]).stripTrailing()
                            : (String) r[1];
                    boolean want = country != null && country.equalsIgnoreCase("fr") && (int) r[3] != 3
                            && ((java.math.BigDecimal) r[2]).intValue() >= 5;
                    assertEquals(want, in[i], "row " + i);
                    expected += want ? 1 : 0;
                }
                assertTrue(expected > 0);
            }
        }
    }

    /** Micros to evaluate {@code rows} (after a warm-up batch), printed. */
    private static long measure(RowFilterProbe probe, Connection c, List<Object[]> rows, String what)
            throws Exception {
        probe.matches(c, rows.subList(0, 500));
        long t0 = System.nanoTime();
        probe.matches(c, rows);
        long micros = (System.nanoTime() - t0) / 1000;
        System.out.printf("RowFilterProbe %s: %d images in %d ms (%.1f us/row, %d rows per statement, %s)%n",
                source.flavor(), rows.size(), micros / 1000, micros / (double) rows.size(), 500, what);
        return micros;
    }

    /** The table's rows as "v1|v2|...", sorted; {@code where} null = all rows. */
    private static List<String> rows(DbServer server, String db, String table, String where) throws Exception {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> row : server.query("SELECT * FROM `" + db + "`.`" + table + "`"
                + (where == null ? "" : " WHERE " + where))) {
            out.add(row.values().stream().map(String::valueOf).collect(Collectors.joining("|")));
        }
        out.sort(null);
        return out;
    }
}
