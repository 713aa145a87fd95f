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

    /** The server's current binlog end, read in one statement batch so file, position and GTIDs agree. */
    public static BinlogPosition current(Connection c, ServerInfo server) throws SQLException {
        String file = null;
        long pos = 0;
        String gtids = null;
        String statusSql = server.isMySqlAtLeast(8, 2, 0) ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(statusSql)) {
            if (!rs.next()) {
                throw new SQLException("the server has no binary log (log_bin is OFF); enable log_bin to use "
                        + "incremental migration");
            }
            file = rs.getString(1);
            pos = rs.getLong(2);
            if (!server.isMariaDb() && rs.getMetaData().getColumnCount() >= 5) {
                gtids = rs.getString(5);
            }
        }
        if (server.isMariaDb()) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@gtid_binlog_pos")) {
                rs.next();
                gtids = rs.getString(1);
            }
        }
        if (gtids != null) {
            gtids = gtids.replace("\n", "").trim();
            if (gtids.isEmpty()) {
                gtids = null;
            }
        }
        return new BinlogPosition(server.flavor(), file, pos, gtids, Instant.now());
    }

    /** e.g. "mysql-bin.000003:1547 (GTIDs 3E11FA47-...:1-5)". */
    public String describe() {
        return file + ":" + position + (gtidSet == null ? "" : " (GTIDs " + gtidSet + ")");
    }
}
