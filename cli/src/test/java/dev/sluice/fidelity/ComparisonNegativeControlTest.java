package dev.sluice.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.db.Sql;
import dev.sluice.fidelity.ValueReader.Table;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import dev.sluice.testing.TestNames;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The comparison of the fidelity tests is itself tested: two identical databases compare equal, and each
 * deliberate one-value change on the "destination" that text or CHECKSUM-style comparison could miss is reported
 * on exactly the changed row and column.
 */
class ComparisonNegativeControlTest {
    private static final String[] SCHEMA = {
        "CREATE TABLE t (id INT PRIMARY KEY, vb VARBINARY(8), bn BINARY(4), d DOUBLE, f FLOAT, ts TIMESTAMP(6) NULL, "
                + "j JSON, v VARCHAR(10), e ENUM('a','b'), tm TIME(6))",
        "CREATE TABLE k (n INT, s VARCHAR(5))"};

    private static final String ROW = "x'0100', x'01', 0.1, 0.1, '2020-01-01 00:00:00.000001', "
            + "JSON_ARRAY(CAST('2020-01-02 03:04:05' AS DATETIME(6))), 'a', 'a', '-00:00:00.5')";

    @Test
    void identicalTablesCompareEqualAndEachChangeIsReported() throws Exception {
        DbServer server = SharedServers.get(Flavor.MYSQL_80);
        String a = TestNames.unique("ctl_src");
        String b = TestNames.unique("ctl_dst");
        for (String db : List.of(a, b)) {
            server.execute("CREATE DATABASE " + Sql.id(db));
            server.executeIn(db, SCHEMA);
            server.executeIn(db, "SET time_zone = '+00:00'");
            for (int id = 1; id <= 8; id++) {
                server.executeIn(db, "INSERT INTO t VALUES (" + id + ", " + ROW);
            }
            server.executeIn(db, "INSERT INTO t (id) VALUES (9)", "INSERT INTO k VALUES (1, 'x'), (1, 'x'), (2, NULL)",
                    "INSERT INTO t (id, j) VALUES (10, '[-0.0]'), (11, '[-0.0]'), (12, '-0.0')");
        }
        try {
            assertEquals(Map.of(), diffs(server, a, b), "identical databases");
            assertEquals(List.of(), rowDiffs(server, a, b, "k"));

            // each change is one a text, checksum-of-text or collation-aware comparison could miss
            server.executeIn(b, "SET SESSION time_zone = '+00:00', SESSION sql_mode = ''",
                    "UPDATE t SET vb = x'01' WHERE id = 1",                              // trailing zero byte lost
                    "UPDATE t SET bn = x'0100' WHERE id = 2",                            // BINARY pads: no change
                    "UPDATE t SET d = 0.10000000000000002 WHERE id = 3",                 // one ULP
                    "UPDATE t SET f = 0.10000001 WHERE id = 4",                          // one float ULP
                    "UPDATE t SET ts = '2020-01-01 00:00:00.000002' WHERE id = 5",       // one microsecond
                    "UPDATE t SET j = JSON_ARRAY('2020-01-02 03:04:05.000000') WHERE id = 6", // DATETIME -> string
                    "UPDATE t SET v = 'a ' WHERE id = 7",                                // PAD SPACE equal
                    "UPDATE t SET tm = '00:00:00.5' WHERE id = 8",                       // sign of a TIME
                    "DELETE FROM k WHERE n = 1 LIMIT 1",                                 // one keyless duplicate
                    // an UPDATE to a JSON value that compares equal (0 = -0.0) changes nothing: replace the rows
                    "DELETE FROM t WHERE id IN (10, 12)",
                    "INSERT INTO t (id, j) VALUES (10, '[0.0]'),"                        // JSON DOUBLE -0 -> 0
                            + " (12, '0')");                                             // DOUBLE -0 -> INTEGER 0

            Map<Long, List<String>> expected = new TreeMap<>(Map.of(1L, List.of("vb"), 3L, List.of("d"),
                    4L, List.of("f"), 5L, List.of("ts"), 6L, List.of("j"), 7L, List.of("v"), 8L, List.of("tm"),
                    10L, List.of("j"), 12L, List.of("j")));
            assertEquals(expected, diffs(server, a, b), "each changed value, on its row and column only");
            List<String> k = rowDiffs(server, a, b, "k");
            assertTrue(k.size() == 2 && k.get(0).startsWith("rows: source 3, destination 2")
                    && k.get(1).contains("only in source"), String.join("\n", k));
            // MySQL 5.7 prints the JSON DOUBLE -0 as -0, 8.0 as -0.0: the same value, no difference; -0 and 0 differ
            assertEquals(ValueReader.jsonText("[-0.0, {\"a\": -0.0}]"), ValueReader.jsonText("[-0, {\"a\": -0}]"));
            assertEquals("-0.0", ValueReader.jsonText("-0"));
            assertTrue(!ValueReader.jsonText("[-0]").equals(ValueReader.jsonText("[0]"))
                    && !ValueReader.jsonText("[-0]").equals(ValueReader.jsonText("[0.0]"))
                    && ValueReader.jsonText("[\"-0\", -01]").equals("[\"-0\", -01]"));
            // the difference of the matrix report names both values
            TableDiff.IdDiff d = TableDiff.byId(ValueReader.read(server, a, "t"), ValueReader.read(server, b, "t"),
                    "id").get(0);
            String shown = d.show(ValueReader.read(server, a, "t"), "vb");
            assertTrue(shown.contains("0x0100") && shown.contains("0x01 |"), shown);
        } finally {
            server.execute("DROP DATABASE " + Sql.id(a), "DROP DATABASE " + Sql.id(b));
        }
    }

    private static Map<Long, List<String>> diffs(DbServer server, String a, String b) throws Exception {
        Table ta = ValueReader.read(server, a, "t");
        Table tb = ValueReader.read(server, b, "t");
        assertEquals(List.of(), TableDiff.columns(ta, tb));
        Map<Long, List<String>> out = new TreeMap<>();
        for (TableDiff.IdDiff d : TableDiff.byId(ta, tb, "id")) {
            out.put(d.id(), d.columns());
        }
        return out;
    }

    private static List<String> rowDiffs(DbServer server, String a, String b, String table) throws Exception {
        return TableDiff.rows(ValueReader.read(server, a, table), ValueReader.read(server, b, table), 5);
    }
}
