package dev.sluice.verification;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/** The verification of a task: one report per table, plus a summary line and a printable table for the CLI. */
public record VerifyReport(List<TableReport> tables, double seconds) {

    @JsonIgnore
    public boolean equal() {
        return tables.stream().allMatch(TableReport::equal);
    }

    /** e.g. "12 tables, 1,204,331 rows: equal" or "12 tables: 3 differences in 2 tables, 1 table failed". */
    @JsonIgnore
    public String summary() {
        long rows = tables.stream().mapToLong(TableReport::sourceRows).sum();
        long diffs = tables.stream().mapToLong(TableReport::differenceCount).sum();
        long differing = tables.stream().filter(t -> t.error() == null && !t.equal()).count();
        long failed = tables.stream().filter(t -> t.error() != null).count();
        StringBuilder sb = new StringBuilder(String.format("%d tables, %,d rows compared in %.1f s: ", tables.size(),
                rows, seconds));
        if (equal()) {
            return sb.append("equal").toString();
        }
        if (diffs > 0) {
            sb.append(String.format("%,d differences in %d tables", diffs, differing));
        }
        if (failed > 0) {
            sb.append(diffs > 0 ? ", " : "").append(failed).append(failed == 1 ? " table" : " tables")
                    .append(" could not be compared");
        }
        return sb.toString();
    }

    /** A fixed-width table for the terminal, then up to 20 differences per differing table. */
    public String toTable() {
        int w = Math.max(5, tables.stream().mapToInt(t -> t.table().length()).max().orElse(5));
        StringBuilder sb = new StringBuilder();
        String fmt = "%-" + w + "s  %12s  %12s  %6s  %8s  %8s  %8s  %s%n";
        sb.append(String.format(fmt, "TABLE", "SOURCE ROWS", "DEST ROWS", "CHUNKS", "MISSING", "EXTRA", "CHANGED",
                "RESULT"));
        for (TableReport t : tables) {
            String result = t.error() != null ? "ERROR: " + t.error() : t.equal() ? "equal" : "DIFFERENT";
            sb.append(String.format(fmt, t.table(), String.format("%,d", t.sourceRows()),
                    String.format("%,d", t.destRows()), t.chunks(), t.missing(), t.extra(), t.changed(), result));
        }
        for (TableReport t : tables) {
            if (t.differences() == null || t.differences().isEmpty()) {
                continue;
            }
            sb.append(System.lineSeparator()).append(t.table()).append(" -> ").append(t.destTable()).append(':')
                    .append(System.lineSeparator());
            t.differences().stream().limit(20).forEach(d -> sb.append("  ").append(d.describe())
                    .append(System.lineSeparator()));
            if (t.differenceCount() > 20) {
                sb.append("  ... ").append(t.differenceCount() - 20).append(" more").append(System.lineSeparator());
            }
        }
        sb.append(summary()).append(System.lineSeparator());
        return sb.toString();
    }
}
