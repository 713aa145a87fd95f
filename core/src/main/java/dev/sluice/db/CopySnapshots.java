package dev.sluice.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each whole-table copy of a full + incremental task read its source table: the binlog position of the
 * consistent snapshot the copy read ({@code sluice_meta.copy_snapshot} on the destination, one row per task and
 * source table). The full copy writes the row in the same destination transaction as the table's rows, so the row
 * always describes the rows the destination holds (a retried or taken-over copy replaces both). Replication skips
 * the table's row events before that position: the copied rows contain them already (docs/fullcopy.md, the
 * hand-off rule for tables copied whole).
 */
public final class CopySnapshots {
    public static final String TABLE = "sluice_meta.copy_snapshot";

    private CopySnapshots() {
    }

    /** Creates the schema and table if missing (needs CREATE on sluice_meta). */
    public static void ensureTable(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS sluice_meta");
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (task_id VARCHAR(190) NOT NULL, "
                    + "source_db VARCHAR(64) NOT NULL, source_table VARCHAR(64) NOT NULL, "
                    + "binlog_file VARCHAR(255) NOT NULL, binlog_pos BIGINT NOT NULL, gtid_set MEDIUMTEXT NULL, "
                    + "PRIMARY KEY (task_id, source_db, source_table)) ENGINE=InnoDB");
        }
    }

    /** Records (replaces) the snapshot position of one source table inside the caller's transaction. */
    public static void record(Connection c, String taskId, String db, String table, BinlogPosition at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("REPLACE INTO " + TABLE + " (task_id, source_db, "
                + "source_table, binlog_file, binlog_pos, gtid_set) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, taskId);
            ps.setString(2, db);
            ps.setString(3, table);
            ps.setString(4, at.file());
            ps.setLong(5, at.position());
            ps.setString(6, at.gtidSet());
            ps.executeUpdate();
        }
    }

    /** The task's snapshot positions by source {@code db.table}; empty when the table does not exist. */
    public static Map<String, BinlogPosition> load(Connection c, String taskId, Flavor flavor) throws SQLException {
        Map<String, BinlogPosition> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT source_db, source_table, binlog_file, binlog_pos, "
                + "gtid_set FROM " + TABLE + " WHERE task_id = ?")) {
            ps.setString(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1) + "." + rs.getString(2), new BinlogPosition(flavor, rs.getString(3),
                            rs.getLong(4), rs.getString(5), null));
                }
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146) {
                return out; // no whole-table copy recorded a snapshot (full copy of an older version, or none)
            }
            throw e;
        }
        return out;
    }
}
