package dev.sluice.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * A point in a server's binlog: file and position, plus the GTID set executed up to it (MySQL {@code
 * gtid_executed}, MariaDB {@code gtid_binlog_pos}) where the server has GTIDs. Used as the full-copy hand-off
 * position and as the incremental checkpoint.
 */
public record BinlogPosition(Flavor flavor, String file, long position, String gtidSet, Instant capturedAt) {

    /**
     * The server's current binlog end with the GTIDs up to exactly that point. MySQL says both in one {@code SHOW
     * MASTER STATUS} row. MariaDB has no statement that does ({@code @@gtid_binlog_pos} is a second read, and a
     * commit between the two makes a GTID set that is ahead of the file position): it reads the status, the GTIDs
     * and the status again, and keeps the pair when the position did not move in between; under a steady stream of
     * commits it asks the server for the GTID position of that exact point ({@code BINLOG_GTID_POS(file, pos)},
     * which reads the binlog file up to it).
     */
    public static BinlogPosition current(Connection c, ServerInfo server) throws SQLException {
        if (!server.isMariaDb()) {
            Status s = status(c, server);
            return new BinlogPosition(server.flavor(), s.file, s.position, gtids(s.gtids), Instant.now());
        }
        Status s = status(c, server);
        for (int attempt = 0; attempt < MARIADB_STABLE_READS; attempt++) {
            String g = queryString(c, "SELECT @@gtid_binlog_pos", null, 0);
            Status again = status(c, server);
            if (again.file.equals(s.file) && again.position == s.position) {
                return new BinlogPosition(server.flavor(), s.file, s.position, gtids(g), Instant.now());
            }
            s = again;
        }
        String g = queryString(c, "SELECT BINLOG_GTID_POS(?, ?)", s.file, s.position);
        return new BinlogPosition(server.flavor(), s.file, s.position, gtids(g), Instant.now());
    }

    /** How often MariaDB's status is read around its GTID read before the binlog is asked for the exact point. */
    static final int MARIADB_STABLE_READS = 3;

    private record Status(String file, long position, String gtids) {
    }

    private static Status status(Connection c, ServerInfo server) throws SQLException {
        String statusSql = server.isMySqlAtLeast(8, 2, 0) ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(statusSql)) {
            if (!rs.next()) {
                throw new SQLException("the server has no binary log (log_bin is OFF); enable log_bin to use "
                        + "incremental migration");
            }
            String gtids = !server.isMariaDb() && rs.getMetaData().getColumnCount() >= 5 ? rs.getString(5) : null;
            return new Status(rs.getString(1), rs.getLong(2), gtids);
        }
    }

    private static String queryString(Connection c, String sql, String file, long position) throws SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            if (file != null) {
                ps.setString(1, file);
                ps.setLong(2, position);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static String gtids(String g) {
        if (g == null) {
            return null;
        }
        String t = g.replace("\n", "").trim();
        return t.isEmpty() ? null : t;
    }

    /** e.g. "mysql-bin.000003:1547 (GTIDs 3E11FA47-...:1-5)". */
    public String describe() {
        return file + ":" + position + (gtidSet == null ? "" : " (GTIDs " + gtidSet + ")");
    }
}
