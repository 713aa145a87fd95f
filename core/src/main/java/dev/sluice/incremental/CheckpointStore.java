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
 * The checkpoint table on the destination, {@code sluice_meta.checkpoint}: one row per task and apply worker,
 * written in the same transaction as the rows the worker applies, so after any crash the destination says exactly
 * what it holds. Worker {@value #DDL_ROW} marks a DDL that was started but maybe not recorded as done.
 */
public final class CheckpointStore {
    public static final String SCHEMA = "sluice_meta";
    public static final String TABLE = "sluice_meta.checkpoint";
    static final int DDL_ROW = -1;
    static final int HORIZON_ROW = -2;

    private final String taskId;
    /** The task_id of this stream's rows: the task id, or a reloaded table's catch-up key (ReplicationScope). */
    private final String key;

    public CheckpointStore(String taskId) {
        this(taskId, taskId);
    }

    public CheckpointStore(String taskId, String key) {
        this.taskId = taskId;
        this.key = key;
    }

    public String taskId() {
        return taskId;
    }

    /** Creates the schema and table (and the touched-key tables) if missing (needs CREATE on sluice_meta). */
    public static void ensureTable(Connection c) throws SQLException {
        dev.sluice.db.TouchedKeys.ensureTables(c);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + SCHEMA);
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                    + "task_id VARCHAR(190) NOT NULL, worker INT NOT NULL, workers INT NOT NULL, "
                    + "binlog_file VARCHAR(255) NOT NULL, binlog_pos BIGINT NOT NULL, row_index BIGINT NOT NULL, "
                    + "gtid_set MEDIUMTEXT NULL, event_time BIGINT NOT NULL, "
                    + "updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), "
                    + "PRIMARY KEY (task_id, worker)) ENGINE=InnoDB");
        }
    }

    /** The workers' checkpoints of this task, worker order; empty when the task never applied anything. */
    public List<WorkerCheckpoint> load(Connection c) throws SQLException {
        List<WorkerCheckpoint> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT worker, workers, binlog_file, binlog_pos, row_index, "
                + "gtid_set, event_time FROM " + TABLE + " WHERE task_id = ? AND worker >= 0 ORDER BY worker")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new WorkerCheckpoint(rs.getInt(1), rs.getInt(2),
                            new BinlogCoordinate(rs.getString(3), rs.getLong(4), rs.getLong(5)), rs.getString(6),
                            rs.getLong(7)));
                }
            }
        }
        return out;
    }

    /**
     * A DDL that was started but whose completion was never recorded: its position and the digest of the
     * destination tables it touches as they were before it ran (stored in the DDL row's gtid_set column).
     */
    public record PendingDdl(BinlogCoordinate at, String shapeBefore) {
    }

    /** The DDL that was being applied when the replicator last stopped, if its completion was never recorded. */
    public Optional<PendingDdl> pendingDdl(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT binlog_file, binlog_pos, row_index, gtid_set FROM "
                + TABLE + " WHERE task_id = ? AND worker = " + DDL_ROW)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && !rs.getString(1).isEmpty()) {
                    return Optional.of(new PendingDdl(new BinlogCoordinate(rs.getString(1), rs.getLong(2),
                            rs.getLong(3)), rs.getString(4)));
                }
            }
        }
        return Optional.empty();
    }

    /** Writes (upserts) one worker's checkpoint inside the caller's transaction. */
    public void write(Connection c, WorkerCheckpoint cp) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (task_id, worker, workers, "
                + "binlog_file, binlog_pos, row_index, gtid_set, event_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE workers = VALUES(workers), binlog_file = VALUES(binlog_file), "
                + "binlog_pos = VALUES(binlog_pos), row_index = VALUES(row_index), gtid_set = VALUES(gtid_set), "
                + "event_time = VALUES(event_time)")) {
            ps.setString(1, key);
            ps.setInt(2, cp.worker());
            ps.setInt(3, cp.workers());
            ps.setString(4, cp.applied().file());
            ps.setLong(5, cp.applied().position());
            ps.setLong(6, cp.applied().rowIndex());
            ps.setString(7, cp.gtidSet());
            ps.setLong(8, cp.eventTime());
            ps.executeUpdate();
        }
    }

    /**
     * Marks the DDL at {@code ddl} as being applied, with the digest of the destination tables it touches before
     * it runs (or, with null, clears the mark), inside the caller's transaction.
     */
    public void markDdl(Connection c, BinlogCoordinate ddl, String shapeBefore) throws SQLException {
        BinlogCoordinate at = ddl == null ? BinlogCoordinate.ZERO : ddl;
        write(c, new WorkerCheckpoint(DDL_ROW, 0, at, ddl == null ? null : shapeBefore, 0));
    }

    /**
     * Records the replay horizon: the source position when replication of a full-copy task first started. Changes
     * before it may already be in the copied rows (the copy read its chunks after the hand-off position).
     */
    public void writeHorizon(Connection c, BinlogCoordinate horizon) throws SQLException {
        write(c, new WorkerCheckpoint(HORIZON_ROW, 0, horizon, null, 0));
    }

    /** The replay horizon, if this task has one. */
    public Optional<BinlogCoordinate> horizon(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT binlog_file, binlog_pos FROM " + TABLE
                + " WHERE task_id = ? AND worker = " + HORIZON_ROW)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return Optional.of(new BinlogCoordinate(rs.getString(1), rs.getLong(2), 0));
                }
            }
        }
        return Optional.empty();
    }

    /** Each worker's applied coordinate, by worker index; fails when the rows do not match their worker count. */
    static BinlogCoordinate[] thresholds(List<WorkerCheckpoint> saved, String taskId) {
        int w = saved.get(0).workers();
        if (saved.size() != w) {
            throw new IllegalStateException("the destination checkpoint of task " + taskId + " has "
                    + saved.size() + " worker rows for " + w + " workers; it was edited by hand or "
                    + "damaged. Fix sluice_meta.checkpoint or restart the task's incremental phase");
        }
        BinlogCoordinate[] out = new BinlogCoordinate[w];
        for (WorkerCheckpoint cp : saved) {
            out[cp.worker()] = cp.applied();
        }
        return out;
    }

    /** The checkpoint that applied least: where the stream resumes. */
    static WorkerCheckpoint earliest(List<WorkerCheckpoint> saved) {
        WorkerCheckpoint min = saved.get(0);
        for (WorkerCheckpoint cp : saved) {
            if (cp.applied().isBefore(min.applied())) {
                min = cp;
            }
        }
        return min;
    }

    /**
     * Moves every worker of this stream to {@code at} (a resnapshot after the binlog it needed was purged, ADR
     * 0093), keeping the worker count ({@code workers} when there are no rows yet), the DDL mark and the horizon.
     */
    public void restartAt(Connection c, String file, long position, String gtidSet, int workers)
            throws SQLException {
        List<WorkerCheckpoint> saved = load(c);
        int w = saved.isEmpty() ? Math.max(1, workers) : saved.get(0).workers();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE task_id = ? AND worker >= 0")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
        for (int i = 0; i < w; i++) {
            write(c, new WorkerCheckpoint(i, w, new BinlogCoordinate(file, position, 0), gtidSet, 0));
        }
    }

    /** Removes every checkpoint row of the task (a task restarted from scratch). */
    public void clear(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE task_id = ?")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }
}
