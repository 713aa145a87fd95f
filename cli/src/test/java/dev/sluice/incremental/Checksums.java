package dev.sluice.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.db.Sql;
import dev.sluice.testing.DbServer;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Ordered row hashes of tables (count plus SHA-256 over every row in full-row order), for equality checks. */
final class Checksums {
    private Checksums() {
    }

    /** "rows:hash" of a table; rows ordered by all columns so keyless duplicates count too. */
    static String of(DbServer server, String db, String table) throws Exception {
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+00:00'");
            List<String> cols = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE "
                    + "TABLE_SCHEMA = " + Sql.literal(db) + " AND TABLE_NAME = " + Sql.literal(table)
                    + " ORDER BY ORDINAL_POSITION")) {
                while (rs.next()) {
                    cols.add(Sql.id(rs.getString(1)));
                }
            }
            if (cols.isEmpty()) {
                return "missing";
            }
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long rows = 0;
            String select = "SELECT " + String.join(", ", cols.stream().map(c2 -> "HEX(CAST(" + c2 + " AS BINARY))").toList())
                    + " FROM " + Sql.id(db, table) + " ORDER BY " + String.join(", ", cols);
            try (ResultSet rs = st.executeQuery(select)) {
                while (rs.next()) {
                    rows++;
                    for (int i = 1; i <= cols.size(); i++) {
                        String v = rs.getString(i);
                        md.update((v == null ? "\\N" : v).getBytes());
                        md.update((byte) 0);
                    }
                    md.update((byte) '\n');
                }
            }
            return rows + ":" + HexFormat.of().formatHex(md.digest()).substring(0, 16);
        }
    }

    /**
     * Asserts that each of {@code tables} has the same ordered row hash in {@code db} on both servers; a failure
     * names the table, up to {@code maxDiff} rows found on one side only, then {@code context}.
     */
    static void assertSame(DbServer source, DbServer destination, String db, List<String> tables, int maxDiff,
                           String context) throws Exception {
        for (String t : tables) {
            String expected = of(source, db, t);
            String actual = of(destination, db, t);
            if (!expected.equals(actual)) {
                assertEquals(expected, actual, "table " + t + "\n" + diff(source, db, t, destination, db, t, maxDiff)
                        + context);
            }
        }
    }

    /** Up to {@code max} rows (as text) present on one side only, for assertion messages. */
    static String diff(DbServer a, String dbA, String tableA, DbServer b, String dbB, String tableB, int max)
            throws Exception {
        List<String> ra = rows(a, dbA, tableA);
        List<String> rb = rows(b, dbB, tableB);
        List<String> onlyA = new ArrayList<>(ra);
        rb.forEach(onlyA::remove);
        List<String> onlyB = new ArrayList<>(rb);
        ra.forEach(onlyB::remove);
        return "only in source: " + onlyA.subList(0, Math.min(max, onlyA.size())) + "\nonly in destination: "
                + onlyB.subList(0, Math.min(max, onlyB.size()));
    }

    private static List<String> rows(DbServer server, String db, String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+00:00'");
            try (ResultSet rs = st.executeQuery("SELECT * FROM " + Sql.id(db, table))) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        sb.append(i == 1 ? "" : "|").append(rs.getString(i));
                    }
                    out.add(sb.toString());
                }
            }
        }
        return out;
    }

    static List<String> tables(DbServer server, String db) {
        return server.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
                + "AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", db).stream()
                .map(r -> String.valueOf(r.values().iterator().next())).toList();
    }
}
