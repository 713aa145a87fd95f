package dev.sluice.incremental;

import dev.sluice.binlog.BinlogCoordinate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What replication saw happen to the shadow tables of online schema change tools, kept on the destination in
 * {@code sluice_meta.online_ddl} (one row per task, shadow table and binlog position): the CREATE of a shadow
 * (a row without a statement) and each ALTER run on it (its specification). Rows are keyed by their binlog
 * position, so reading the same events again after a restart writes nothing new; a new CREATE of the shadow starts
 * over, and the rows are deleted once the shadow's ALTERs were applied to the original table or it was dropped.
 */
final class OnlineDdlLog {
    static final String TABLE = CheckpointStore.SCHEMA + ".online_ddl";

    /** What is known about a shadow table: its ALTER specifications in binlog order. */
    record Shadow(List<String> alters) {
    }

    private final String taskId;
    private final Connection control;

    OnlineDdlLog(String taskId, Connection control) throws SQLException {
        this.taskId = taskId;
        this.control = control;
        try (Statement st = control.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (task_id VARCHAR(190) NOT NULL, "
                    + "shadow VARCHAR(130) NOT NULL, binlog_file VARCHAR(255) NOT NULL, binlog_pos BIGINT NOT NULL, "
                    + "alter_spec MEDIUMTEXT NULL, PRIMARY KEY (task_id, shadow, binlog_file, binlog_pos)) "
                    + "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        }
        control.commit();
    }

    /** The shadow {@code db.table} was created at {@code at}: what was recorded for an earlier one is forgotten. */
    void created(String shadow, BinlogCoordinate at) throws SQLException {
        try (PreparedStatement del = control.prepareStatement("DELETE FROM " + TABLE
                + " WHERE task_id = ? AND shadow = ? AND (binlog_file, binlog_pos) < (?, ?)")) {
            del.setString(1, taskId);
            del.setString(2, shadow);
            del.setString(3, at.file());
            del.setLong(4, at.position());
            del.executeUpdate();
        }
        insert(shadow, at, null);
    }

    /** An ALTER with this specification ran on the shadow at {@code at}. */
    void altered(String shadow, BinlogCoordinate at, String spec) throws SQLException {
        insert(shadow, at, spec);
    }

    /** Everything recorded about the shadow; empty when its CREATE was not seen (it was created before the start). */
    Optional<Shadow> shadow(String shadow) throws SQLException {
        List<String> alters = new ArrayList<>();
        boolean created = false;
        try (PreparedStatement ps = control.prepareStatement("SELECT alter_spec FROM " + TABLE
                + " WHERE task_id = ? AND shadow = ? ORDER BY binlog_file, binlog_pos")) {
            ps.setString(1, taskId);
            ps.setString(2, shadow);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String spec = rs.getString(1);
                    if (spec == null) {
                        created = true;
                    } else {
                        alters.add(spec);
                    }
                }
            }
        }
        control.commit();
        return created ? Optional.of(new Shadow(alters)) : Optional.empty();
    }

    /** Forgets the shadow (its ALTERs were applied to the original table, or it was dropped). */
    void forget(String shadow) throws SQLException {
        try (PreparedStatement del = control.prepareStatement("DELETE FROM " + TABLE
                + " WHERE task_id = ? AND shadow = ?")) {
            del.setString(1, taskId);
            del.setString(2, shadow);
            del.executeUpdate();
        }
        control.commit();
    }

    private void insert(String shadow, BinlogCoordinate at, String spec) throws SQLException {
        try (PreparedStatement ins = control.prepareStatement("INSERT INTO " + TABLE
                + " (task_id, shadow, binlog_file, binlog_pos, alter_spec) VALUES (?, ?, ?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE alter_spec = alter_spec")) {
            ins.setString(1, taskId);
            ins.setString(2, shadow);
            ins.setString(3, at.file());
            ins.setLong(4, at.position());
            ins.setString(5, spec);
            ins.executeUpdate();
        }
        control.commit();
    }
}
