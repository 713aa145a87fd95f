package dev.sluice.verification;

import java.util.List;

/**
 * What a repair did or, in a dry run, would do: the SQL for the destination in execution order (session settings
 * first), how many rows were written and deleted, and whether it ran.
 */
public record RepairResult(List<String> statements, long rowsWritten, long rowsDeleted, boolean executed) {

    /** The statements as a script, one per line, ending in semicolons (what a dry run prints). */
    public String script() {
        StringBuilder sb = new StringBuilder();
        statements.forEach(s -> sb.append(s).append(";").append(System.lineSeparator()));
        return sb.toString();
    }
}
