package dev.sluice.incremental;

import dev.sluice.binlog.BinlogCoordinate;
import dev.sluice.db.BinlogPosition;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Which part of a task's replication a {@link Replicator} runs. The task's main stream: every selected table, its
 * checkpoint rows under the task id, DDL applied, and {@code skipBefore}: tables whose row events it skips before a
 * position (tables being reloaded: {@link #SKIP_ALL}; a reloaded table that joined: its join position). A reloaded
 * table's catch-up stream: that table only, its own checkpoint rows, from the table's hand-off position, no DDL,
 * ending at the first transaction boundary at or after {@code stopAt} once that is known (the main stream's end).
 * ADR 0092.
 */
public record ReplicationScope(String checkpointKey, String onlyTable, BinlogPosition start,
                               Supplier<BinlogCoordinate> stopAt, Map<String, BinlogCoordinate> skipBefore) {

    /** Skips every row event of a table. */
    public static final BinlogCoordinate SKIP_ALL = new BinlogCoordinate("\uffff", Long.MAX_VALUE, Long.MAX_VALUE);

    /** The task's main stream (skipping nothing but what {@code skipBefore} says). */
    public static ReplicationScope main(String taskId, Map<String, BinlogCoordinate> skipBefore) {
        return new ReplicationScope(taskId, null, null, null, Map.copyOf(skipBefore));
    }

    /** The catch-up stream of one reloaded source table {@code db.table}, from its hand-off. */
    public static ReplicationScope catchUp(String taskId, String table, BinlogPosition handoff,
                                           Supplier<BinlogCoordinate> stopAt) {
        return new ReplicationScope(catchUpKey(taskId, table), table, handoff, stopAt, Map.of());
    }

    /** The checkpoint rows' task_id of a reloaded table's catch-up stream. */
    public static String catchUpKey(String taskId, String table) {
        return taskId + "~reload~" + table;
    }

    public boolean isMain() {
        return onlyTable == null;
    }

    /** Whether this stream replicates source table {@code db.table} (before the task's own filter). */
    boolean covers(String db, String table) {
        return onlyTable == null || onlyTable.equals(db + "." + table);
    }
}
