package dev.sluice.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The replication progress shown by {@code sluice status} and mirrored to {@code TASK#<id>/CHECKPOINT#BINLOG}:
 * the position every worker has applied, the source GTID set there, the delay in seconds, counters, and a note
 * (for example that the delay comes from event timestamps only). The truth is the destination's checkpoint table.
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
        Instant updatedAt) {

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
                .append(ddl).append(" DDL (").append(skippedDdl).append(" skipped as unselected)\n");
        if (note != null) {
            sb.append("note: ").append(note).append('\n');
        }
        return sb.toString();
    }
}
