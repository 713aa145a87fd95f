package dev.sluice.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.db.Sql;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import dev.sluice.testing.TestNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Measurements for ADR 0070 (not part of the suite: run with {@code -Dtest=TableModelBenchmark}): reading table
 * models per schema vs per table, and the two key-range forms the full copy and verification used to have.
 */
class TableModelBenchmark {

    @Test
    void measure() throws Exception {
        DbServer server = SharedServers.get(Flavor.MYSQL_80);
        String db = TestNames.unique("tmbench");
        server.execute("CREATE DATABASE " + Sql.id(db));
        int tables = 300;
        List<String> ddl = new ArrayList<>();
        for (int i = 0; i < tables; i++) {
            ddl.add("CREATE TABLE t" + i + " (id INT PRIMARY KEY, a VARCHAR(20) NOT NULL, b INT, c DATETIME, "
                    + "UNIQUE KEY ua (a), KEY ib (b))");
        }
        server.executeIn(db, ddl.toArray(String[]::new));
        server.executeIn(db, "CREATE TABLE k3 (a INT NOT NULL, b INT NOT NULL, c INT NOT NULL, v VARCHAR(40), "
                        + "PRIMARY KEY (a, b, c))", "SET SESSION cte_max_recursion_depth = 1000000",
                "INSERT INTO k3 WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 199999) "
                        + "SELECT i DIV 4000, (i DIV 40) % 100, i % 40, REPEAT('x', 30) FROM s",
                "ANALYZE TABLE k3");
        try (Connection c = server.connect()) {
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                int n = TableModels.readSchemas(c, List.of(db)).size();
                long t1 = System.nanoTime();
                for (int i = 0; i < tables; i++) {
                    TableModels.read(c, new TableRef(db, "t" + i)).orElseThrow();
                }
                long t2 = System.nanoTime();
                System.err.printf("[tm-bench] %d tables: per schema %d ms, per table %d ms%n", n,
                        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
            }
            TableModel k3 = TableModels.read(c, new TableRef(db, "k3")).orElseThrow();
            List<Column> key = k3.identity().columns();
            List<String> lo = List.of("10", "50", "20");
            List<String> hi = List.of("40", "10", "5");
            String flat = KeyRange.of(key, lo, hi).sql();
            String nested = "(" + nested(">", ">=") + ") AND (" + nested("<", "<") + ")";
            for (int round = 0; round < 3; round++) {
                long a = time(c, db, flat, lo, hi, true);
                long b = time(c, db, nested, lo, hi, false);
                System.err.printf("[tm-bench] 3-column key range over 200000 rows: flat %d us, nested %d us%n", a, b);
            }
            System.err.println("[tm-bench] flat EXPLAIN: " + explain(c, db, flat, lo, hi, true));
            System.err.println("[tm-bench] nested EXPLAIN: " + explain(c, db, nested, lo, hi, false));
        }
        server.execute("DROP DATABASE " + Sql.id(db));
    }

    /** The form verification's RowSql.rangeWhere wrote: {@code a > ? OR (a = ? AND (b > ? OR (b = ? AND c >= ?)))}. */
    private static String nested(String strict, String last) {
        return "`a` " + strict + " ? OR (`a` = ? AND (`b` " + strict + " ? OR (`b` = ? AND `c` " + last + " ?)))";
    }

    private static void bindNested(PreparedStatement ps, List<String> lo, List<String> hi) throws Exception {
        int p = 1;
        for (List<String> v : List.of(lo, hi)) {
            ps.setString(p++, v.get(0));
            ps.setString(p++, v.get(0));
            ps.setString(p++, v.get(1));
            ps.setString(p++, v.get(1));
            ps.setString(p++, v.get(2));
        }
    }

    private static long time(Connection c, String db, String where, List<String> lo, List<String> hi, boolean flat)
            throws Exception {
        long best = Long.MAX_VALUE;
        long rows = -1;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), SUM(LENGTH(v)) FROM "
                    + Sql.id(db, "k3") + " WHERE " + where)) {
                bind(ps, lo, hi, flat);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    rows = rs.getLong(1);
                }
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1000);
        }
        assertEquals(30 * 4000 - 50 * 40 - 20 + 10 * 40 + 5, rows, where);
        return best;
    }

    private static void bind(PreparedStatement ps, List<String> lo, List<String> hi, boolean flat) throws Exception {
        if (flat) {
            int p = 1;
            for (List<String> v : List.of(lo, hi)) {
                for (int i = 0; i < 3; i++) { // a; a, b; a, b, c
                    for (int j = 0; j <= i; j++) {
                        ps.setString(p++, v.get(j));
                    }
                }
            }
        } else {
            bindNested(ps, lo, hi);
        }
    }

    private static String explain(Connection c, String db, String where, List<String> lo, List<String> hi,
                                  boolean flat) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN SELECT COUNT(*), SUM(LENGTH(v)) FROM "
                + Sql.id(db, "k3") + " WHERE " + where)) {
            bind(ps, lo, hi, flat);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return "type=" + rs.getString("type") + " key=" + rs.getString("key") + " rows="
                        + rs.getString("rows");
            }
        }
    }
}
