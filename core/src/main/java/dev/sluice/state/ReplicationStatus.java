package dev.sluice.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replication progress shown by {@code sluice status} and mirrored to {@code TASK#<id>/CHECKPOINT#BINLOG}:
 * the position every worker has applied, the source GTID set there, the delay in seconds, counters, and a note
 * (for example that the delay comes from event timestamps only). The truth is the destination's checkpoint table.
 * A replicator reports the counters of its slice (one binlog connection); the mirrored item holds the task's sums
 * over every slice and reconnect ({@link #plus}), so they never go back to zero while the task lives. Counts may
 * miss the events of the last seconds before a crash (read, not yet mirrored), never count an event twice.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplicationStatus(
        String file,
        long position,
        long rowIndex,
        String gtidSet,
        Instant lastEventAt,
        double delaySeconds,
        boolean caughtUp,
        long transactions,
        long rows,
        long ddl,
        long skippedDdl,
        Double delayP50Seconds,
        Double delayP99Seconds,
        String note,
        Instant updatedAt,
        long connections,
        Map<String, Counts> tables,
        LatencyHistogram applyBatchMillis) {

    /** Row changes and DDL of one table (or of all: {@link #totals}). */
    public record Counts(long inserts, long updates, long deletes, long ddl) {
        public static final Counts ZERO = new Counts(0, 0, 0, 0);

        Counts plus(Counts o) {
            return o == null ? this : new Counts(inserts + o.inserts, updates + o.updates, deletes + o.deletes, ddl + o.ddl);
        }
    }

    /** The status of one slice, before any sum: one binlog connection, no per-table counts. */
    public ReplicationStatus(String file, long position, long rowIndex, String gtidSet, Instant lastEventAt,
                             double delaySeconds, boolean caughtUp, long transactions, long rows, long ddl,
                             long skippedDdl, Double delayP50Seconds, Double delayP99Seconds, String note,
                             Instant updatedAt) {
        this(file, position, rowIndex, gtidSet, lastEventAt, delaySeconds, caughtUp, transactions, rows, ddl, skippedDdl,
                delayP50Seconds, delayP99Seconds, note, updatedAt, 1, Map.of(), null);
    }

    /** This status with per-table counts. */
    public ReplicationStatus withTables(Map<String, Counts> perTable) {
        return new ReplicationStatus(file, position, rowIndex, gtidSet, lastEventAt, delaySeconds, caughtUp,
                transactions, rows, ddl, skippedDdl, delayP50Seconds, delayP99Seconds, note, updatedAt, connections,
                perTable, applyBatchMillis);
    }

    /** This status with the latency histogram of its applied batches (hand-over to commit by every worker). */
    public ReplicationStatus withApplyBatchMillis(LatencyHistogram h) {
        return new ReplicationStatus(file, position, rowIndex, gtidSet, lastEventAt, delaySeconds, caughtUp,
                transactions, rows, ddl, skippedDdl, delayP50Seconds, delayP99Seconds, note, updatedAt, connections,
                tables, h);
    }

    /**
     * This slice's status on top of {@code before}, the task's sums when the slice started (null: none): the
     * position, delay and note are this slice's; transactions, rows, DDL, connections, per-table counts and the
     * apply-batch latency histogram add up.
     */
    public ReplicationStatus plus(ReplicationStatus before) {
        if (before == null) {
            return this;
        }
        Map<String, Counts> sum = new TreeMap<>(before.tables == null ? Map.of() : before.tables);
        if (tables != null) {
            tables.forEach((t, c) -> sum.merge(t, c, Counts::plus));
        }
        return new ReplicationStatus(file, position, rowIndex, gtidSet, lastEventAt, delaySeconds, caughtUp,
                before.transactions + transactions, before.rows + rows, before.ddl + ddl,
                before.skippedDdl + skippedDdl, delayP50Seconds, delayP99Seconds, note, updatedAt,
                before.connections + connections, sum,
                applyBatchMillis == null ? before.applyBatchMillis : applyBatchMillis.plus(before.applyBatchMillis));
    }

    /** The per-table counts added up. */
    @JsonIgnore
    public Counts totals() {
        Counts c = Counts.ZERO;
        for (Counts t : tables == null ? Map.<String, Counts>of().values() : tables.values()) {
            c = c.plus(t);
        }
        return c;
    }

    /** "not delayed" when caught up, else e.g. "12.4 s behind". */
    @JsonIgnore
    public String delayText() {
        if (caughtUp || delaySeconds < 0.5) {
            return "not delayed";
        }
        return String.format("%.1f s behind", delaySeconds);
    }

    /** A few lines for the CLI. */
    @JsonIgnore
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("binlog applied to ").append(file).append(':').append(position);
        if (rowIndex > 0) {
            sb.append(" (inside a transaction, row ").append(rowIndex).append(')');
        }
        sb.append('\n');
        if (gtidSet != null) {
            sb.append("GTIDs applied: ").append(gtidSet).append('\n');
        }
        sb.append("delay: ").append(delayText()).append('\n');
        sb.append("applied: ").append(transactions).append(" transactions, ").append(rows).append(" rows, ")
                .append(ddl).append(" DDL (").append(skippedDdl).append(" skipped as unselected) over ")
                .append(connections).append(connections == 1 ? " binlog connection\n" : " binlog connections\n");
        Counts all = totals();
        if (tables != null && !tables.isEmpty()) {
            sb.append("rows: ").append(all.inserts()).append(" inserted, ").append(all.updates()).append(" updated, ")
                    .append(all.deletes()).append(" deleted in ").append(tables.size()).append(" table(s)\n");
        }
        if (note != null) {
            sb.append("note: ").append(note).append('\n');
        }
        return sb.toString();
    }
}
