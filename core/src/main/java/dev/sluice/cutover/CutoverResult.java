package dev.sluice.cutover;

import dev.sluice.db.BinlogPosition;
import dev.sluice.verification.VerifyReport;
import java.util.List;

/**
 * The outcome of a cutover: the source's final binlog position, the verification at that point, whether the task
 * was cut over and the source left read-only, how long writes were stopped (from read-only, or the operator's
 * confirmation, to the verified end; {@code drainSeconds} of it waiting for replication) and what the operator does
 * next (switch the application, drop the migration accounts).
 */
public record CutoverResult(BinlogPosition finalPosition, VerifyReport report, boolean stopped,
                            boolean sourceReadOnly, double writeStopSeconds, double drainSeconds,
                            List<String> nextSteps) {

    public boolean done() {
        return stopped;
    }

    /** Printable summary for the CLI. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("Final source position: ").append(finalPosition.describe()).append(System.lineSeparator());
        sb.append(report.toTable());
        sb.append(String.format("Write-stop window: %.1f s (drain %.1f s, verification %.1f s)%n", writeStopSeconds,
                drainSeconds, writeStopSeconds - drainSeconds));
        sb.append(stopped ? "Cutover complete: replication stopped at the final position (task CUT_OVER)."
                : "Cutover NOT complete: the data differs, replication keeps running.").append(System.lineSeparator());
        nextSteps.forEach(s -> sb.append(" - ").append(s).append(System.lineSeparator()));
        return sb.toString();
    }
}
