package dev.sluice.incremental;

import dev.sluice.state.ReplicationStatus;
import java.util.Map;
import java.util.TreeMap;

/**
 * Row changes and DDL replicated per source table ({@code db.table}), by kind: what {@code status} and the
 * console show as per-table INSERT / UPDATE / DELETE / DDL counts. One instance per replication slice; the state
 * table holds the task's cumulative sums ({@link ReplicationStatus#plus}).
 */
public final class ChangeCounts {
    private final Map<String, long[]> tables = new TreeMap<>();

    /** A row change of {@code table}: an insert, an update or a delete. */
    public synchronized void row(String table, boolean update, boolean delete) {
        tables.computeIfAbsent(table, k -> new long[4])[update ? 1 : delete ? 2 : 0]++;
    }

    /** A DDL statement that touched {@code table}. */
    public synchronized void ddl(String table) {
        tables.computeIfAbsent(table, k -> new long[4])[3]++;
    }

    /** The counts so far, per table. */
    public synchronized Map<String, ReplicationStatus.Counts> snapshot() {
        Map<String, ReplicationStatus.Counts> out = new TreeMap<>();
        tables.forEach((t, c) -> out.put(t, new ReplicationStatus.Counts(c[0], c[1], c[2], c[3])));
        return out;
    }
}
