package dev.sluice.fullcopy;

import dev.sluice.db.Sql;
import dev.sluice.testing.DbServer;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Compares a table on two servers: {@code CHECKSUM TABLE} plus a SHA-256 over the sorted per-row hashes of every
 * column's stored bytes (NULL marked, lengths framed), so a missing, changed or doubled row shows up.
 */
record TableChecksum(long rows, String rowsHash, String checksumTable) {

    static TableChecksum of(DbServer server, String db, String table) throws Exception {
        List<String> exprs = new ArrayList<>();
        for (var r : server.query("SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? "
                + "AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION", db, table)) {
            String c = Sql.id((String) r.get("COLUMN_NAME"));
            exprs.add("float".equalsIgnoreCase((String) r.get("DATA_TYPE")) ? "(" + c + " * 1e0)" : c);
        }
        List<String> rowHashes = new ArrayList<>();
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            st.execute("SET SESSION time_zone = '+00:00', character_set_results = NULL");
            try (ResultSet rs = st.executeQuery("SELECT " + String.join(", ", exprs) + " FROM " + Sql.id(db, table))) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    for (int i = 1; i <= n; i++) {
                        byte[] v = rs.getBytes(i);
                        if (v == null) {
                            md.update((byte) 0);
                        } else {
                            md.update((byte) 1);
                            md.update(Integer.toString(v.length).getBytes());
                            md.update((byte) ':');
                            md.update(v);
                        }
                    }
                    rowHashes.add(HexFormat.of().formatHex(md.digest()));
                }
            }
        }
        rowHashes.sort(null);
        MessageDigest all = MessageDigest.getInstance("SHA-256");
        rowHashes.forEach(h -> all.update(h.getBytes()));
        String checksum = String.valueOf(server.query("CHECKSUM TABLE " + Sql.id(db, table)).get(0).get("Checksum"));
        return new TableChecksum(rowHashes.size(), HexFormat.of().formatHex(all.digest()), checksum);
    }
}
