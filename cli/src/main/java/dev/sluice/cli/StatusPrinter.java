package dev.sluice.cli;

import dev.sluice.verification.TableReport;
import dev.sluice.control.TaskControl.TaskView;
import dev.sluice.fullcopy.CopyProgress;
import dev.sluice.schema.SchemaReport;
import dev.sluice.state.TaskRecord;
import dev.sluice.verification.VerifyProgress;
import java.time.Duration;
import java.time.Instant;

/**
 * Renders a task's status as text: header, phase and workflow state, the phase reports, per-table progress bars,
 * replication position and delay.
 */
final class StatusPrinter {
    private static final int BAR = 24;

    private StatusPrinter() {
    }

    /** The status block; {@code details} adds the full precheck and schema reports (failures always show). */
    static String render(TaskView v, boolean details) {
        StringBuilder sb = new StringBuilder();
        TaskRecord t = v.task();
        sb.append(String.format("task %s  %s  phase %s%s%n", t.id(), t.status(), t.phase(),
                v.currentState() == null ? "" : "  (workflow state " + v.currentState() + ")"));
        sb.append(String.format("  %s -> %s  types %s%n", t.spec().source().address(),
                t.spec().destination().address(), new java.util.TreeSet<>(t.spec().types())));
        if (t.error() != null) {
            sb.append("  error: ").append(t.error()).append('\n');
        }
        if (v.retrying() != null) {
            sb.append("  ").append(v.retrying()).append('\n');
        }
        Instant now = Instant.now();
        if (v.cutover() != null) {
            sb.append(v.cutover().sourceReadOnlyBySluice() ? "  WARNING: " : "  cutover: ")
                    .append(v.cutover().describe(t.id(), now)).append('\n');
        }
        if (v.connectivity() != null) {
            sb.append("  connectivity: ").append(v.connectivity()).append('\n');
        }
        if (v.precheck() != null) {
            sb.append("  precheck: ").append(v.precheck().summary()).append('\n');
            if (details || !v.precheck().passed()) {
                sb.append(indent(v.precheck().toTable()));
            }
        }
        if (!v.schema().isEmpty()) {
            for (SchemaReport r : v.schema()) {
                sb.append("  schema: ").append(r.summary()).append('\n');
            }
            if (details) {
                sb.append(indent(SchemaReport.toTable(v.schema())));
            }
        }
        CopyProgress c = v.copy();
        if (c != null) {
            sb.append(String.format("  full copy: %s %5.1f%%  %,d/%,d rows, %d/%d chunks, %,.0f rows/s, ETA %s%n",
                    bar(c.percent()), c.percent(), c.rowsCopied() + c.rowsCopying(), c.rowsEstimated(), c.chunksDone(),
                    c.chunksTotal(),
                    c.rowsPerSecond(), c.eta() == null ? "unknown" : c.eta().toSeconds() + "s"));
            int w = c.tables().stream().mapToInt(x -> x.table().length()).max().orElse(5);
            for (CopyProgress.TableProgress tp : c.tables()) {
                sb.append(String.format("    %-" + w + "s %s %5.1f%%  %,d/%,d rows%s%n", tp.table(), bar(tp.percent()),
                        tp.percent(), tp.rowsCopied() + tp.rowsCopying(), tp.rowsEstimated(),
                        tp.chunksRunning() > 0 ? "  (" + tp.chunksRunning() + " copying" + (tp.rowsCopying() > 0
                                ? String.format(", %,d rows of them in the running chunk", tp.rowsCopying()) : "")
                                + ")" : ""));
            }
            if (c.throttle() != null) {
                sb.append("    ").append(c.throttle()).append('\n');
            }
        }
        if (v.reloads() != null) {
            for (dev.sluice.state.TableReload r : v.reloads()) {
                sb.append("  reload ").append(r.describe()).append('\n');
            }
        }
        if (v.replication() != null) {
            boolean live = t.status() == dev.sluice.state.TaskStatus.RUNNING || t.status() == dev.sluice.state.TaskStatus.STOPPING;
            sb.append("  replication: ").append(live ? v.replication().delayText() : "not replicating (task "
                    + t.status() + "); last update " + v.replication().updatedAt() + ": delay "
                    + String.format("%.1f s", v.replication().delaySeconds())).append('\n');
            // a task that does not run is not "not delayed": its last delay line is left out
            String text = v.replication().toText();
            sb.append(indent(indent(live ? text : text.replaceFirst("(?m)^delay: .*\n", ""))));
        }
        VerifyProgress.Snapshot run = v.verifyRun();
        if (run != null && run.finishedAt() == null) {
            sb.append("  verify: ").append(run.describe(now)).append('\n');
        }
        if (!v.verification().isEmpty()) {
            long rows = 0;
            int differing = 0;
            StringBuilder bad = new StringBuilder();
            for (TableReport vr : v.verification()) {
                rows += vr.sourceRows();
                if (!vr.equal()) {
                    differing++;
                    bad.append("    ").append(vr.table()).append(": ").append(vr.error() != null ? vr.error()
                            : vr.missing() + " missing, " + vr.extra() + " extra, " + vr.changed() + " changed")
                            .append("; 'sluice verify ").append(t.id()).append("' lists them\n");
                }
            }
            String when = run != null && run.finishedAt() != null
                    ? "as of " + run.finishedAt() + " (" + ago(run.finishedAt(), now) + " ago, " + run.purpose() + ")"
                    : "as of an earlier run";
            sb.append(String.format("  last verify %s: %d table(s), %,d rows compared, %s; 'sluice verify %s' "
                    + "compares again now%n", when, v.verification().size(), rows,
                    differing == 0 ? "no differences then" : differing + " table(s) differed", t.id())).append(bad);
        }
        return sb.toString();
    }

    static String ago(Instant then, Instant now) {
        long s = Math.max(0, Duration.between(then, now).toSeconds());
        return s >= 86400 ? s / 86400 + "d" : s >= 3600 ? s / 3600 + "h" : s >= 60 ? s / 60 + "m" : s + "s";
    }

    private static String indent(String text) {
        return text.isEmpty() ? text : "    " + text.replace("\n", "\n    ").replaceAll(" +$", "").stripTrailing() + "\n";
    }

    private static String bar(double percent) {
        int filled = (int) Math.round(BAR * Math.min(1.0, percent / 100.0));
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
    }
}
