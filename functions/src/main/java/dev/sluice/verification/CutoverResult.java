package dev.sluice.verification;

import dev.sluice.db.BinlogPosition;
import java.util.List;

/**
 * The outcome of a cutover: the source's final binlog position, the verification at that point, whether the task
 * was stopped and the source left read-only, and what the operator does next (switch the application, drop the
 * migration accounts).
 */
public record CutoverResult(BinlogPosition finalPosition, VerifyReport report, boolean stopped,
                            boolean sourceReadOnly, List<String> nextSteps) {

    public boolean done() {
        return stopped;
    }

    /** Printable summary for the CLI. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("Final source position: ").append(finalPosition.describe()).append(System.lineSeparator());
        sb.append(report.toTable());
        sb.append(stopped ? "Cutover complete: replication stopped at the final position."
                : "Cutover NOT complete: the data differs, replication keeps running.").append(System.lineSeparator());
        nextSteps.forEach(s -> sb.append(" - ").append(s).append(System.lineSeparator()));
        return sb.toString();
    }
}
