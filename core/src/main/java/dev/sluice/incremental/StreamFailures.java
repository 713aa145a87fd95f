package dev.sluice.incremental;

import dev.sluice.binlog.BinlogPurgedException;
import dev.sluice.binlog.BinlogReader;
import dev.sluice.db.ServerInfo;
import dev.sluice.failure.RetriableException;
import dev.sluice.task.TaskSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Classifies a failure of the binlog stream: server error 1236 means the binlog the task needs was purged, which
 * no retry mends ({@link BinlogPurgedException}, with the oldest binlog and gtid_purged and what to do); anything
 * else is retriable.
 */
final class StreamFailures {
    private StreamFailures() {
    }

    /** What a failure of the binlog stream means: a purged binlog (fatal), else a retriable stream failure. */
    static RuntimeException of(Exception e, BinlogReader reader, Connection source, ServerInfo sourceInfo,
                               TaskSpec spec, StreamCursor cursor) {
        if (reader != null && reader.serverErrorCode() == 1236 || e.getMessage() != null
                && e.getMessage().contains("1236")) {
            return purged(e, source, sourceInfo, spec, cursor);
        }
        if (e instanceof com.github.shyiko.mysql.binlog.network.ServerException se && se.getErrorCode() == 1236) {
            return purged(e, source, sourceInfo, spec, cursor);
        }
        return new RetriableException("the binlog stream from " + spec.source().address() + " failed: "
                + e.getMessage(), e);
    }

    private static RuntimeException purged(Exception e, Connection source, ServerInfo sourceInfo, TaskSpec spec,
                                           StreamCursor cursor) {
        String oldest = "unknown";
        String purgedGtids = null;
        try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            if (rs.next()) {
                oldest = rs.getString(1);
            }
        } catch (SQLException ignored) {
            // keep "unknown"
        }
        if (!sourceInfo.isMariaDb()) {
            try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SELECT @@gtid_purged")) {
                if (rs.next()) {
                    purgedGtids = rs.getString(1);
                }
            } catch (SQLException ignored) {
                // no GTIDs
            }
        }
        String wanted = cursor.gtidMode() ? "the binlog holding the transactions after GTID set "
                + cursor.gtidText() : "binlog file " + cursor.txnStart().file() + " (position "
                + cursor.txnStart().position() + ")";
        return new BinlogPurgedException("the source " + spec.source().address() + " no longer has " + wanted
                + ": it was purged (server error 1236: " + e.getMessage() + "). The oldest binlog still on the "
                + "source is " + oldest + (purgedGtids == null || purgedGtids.isBlank() ? ""
                : " (gtid_purged " + purgedGtids.replace("\n", "") + ")") + ". Changes in between are lost to "
                + "replication, so Sluice does not skip ahead: recover with 'sluice resnapshot <task id>' (replication "
                + "restarts at the source's current position and every table gets a full copy again, each with its "
                + "own hand-off; the task's history is kept), or set options.on_binlog_purged: resnapshot to do that "
                + "automatically; and raise the source's binlog retention (binlog_expire_logs_seconds or "
                + "expire_logs_days) so the binlog outlives the copy and any pause of the task.", e);
    }
}
