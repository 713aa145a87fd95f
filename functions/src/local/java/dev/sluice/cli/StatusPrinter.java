package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.control.TaskControl.TaskView;
import dev.sluice.state.TaskRecord;

/** Renders a task's status as text: header, phase, per-table progress bars, replication delay, report summaries. */
final class StatusPrinter {
    private static final int BAR = 30;

    private StatusPrinter() {
    }

    static String render(TaskView v, boolean details) {
        StringBuilder sb = new StringBuilder();
        TaskRecord t = v.task();
        sb.append(String.format("task %s  %s  phase %s%s%n", t.id(), t.status(), t.phase(),
                v.currentState() == null ? "" : "  (state " + v.currentState() + ")"));
        sb.append(String.format("  %s -> %s  types %s%n", t.spec().source().address(),
                t.spec().destination().address(), t.spec().types()));
        if (t.error() != null) {
            sb.append("  error: ").append(t.error()).append('\n');
        }
        summary(sb, "connectivity", v.connectivity());
        summary(sb, "precheck", v.precheck());
        if (!v.schemaReport().isEmpty()) {
            int changes = 0;
            for (JsonNode r : v.schemaReport()) {
                changes += r.path("entries").size();
            }
            sb.append(String.format("  schema: %d database(s), %d change(s) reported%n", v.schemaReport().size(), changes));
        }
        if (!v.tables().isEmpty()) {
            sb.append("  full copy:\n");
            long copied = 0;
            long estimated = 0;
            for (JsonNode tb : v.tables()) {
                long c = tb.path("rowsCopied").asLong();
                long e = Math.max(c, tb.path("rowsEstimated").asLong());
                copied += c;
                estimated += e;
                sb.append(String.format("    %-40s %s %5.1f%%  %,d/%,d rows%s%n", text(tb, "table", "name"),
                        bar(c, e), pct(c, e), c, e, tb.has("status") ? "  " + tb.get("status").asText() : ""));
            }
            sb.append(String.format("    %-40s %s %5.1f%%  %,d/%,d rows%n", "total", bar(copied, estimated),
                    pct(copied, estimated), copied, estimated));
        }
        JsonNode thr = v.throttle();
        if (thr != null && thr.hasNonNull("pauseReason") && !thr.get("pauseReason").asText().isEmpty()) {
            sb.append("  throttled: ").append(thr.get("pauseReason").asText()).append('\n');
        }
        JsonNode r = v.replication();
        if (r != null) {
            double delay = r.path("delaySeconds").asDouble(-1);
            String d = delay < 0 ? "unknown" : delay <= 1.0 ? "not delayed" : String.format("%.1f s behind", delay);
            sb.append(String.format("  replication: %s  at %s%n", d, text(r, "position", "file")));
        }
        for (JsonNode vr : v.verification()) {
            sb.append(String.format("  verify %s: %s%n", text(vr, "table", "name"),
                    vr.path("differences").isMissingNode() ? vr.path("status").asText()
                            : vr.path("differences").size() + " difference(s)"));
        }
        return sb.toString();
    }

    private static void summary(StringBuilder sb, String what, JsonNode doc) {
        if (doc != null && doc.hasNonNull("summary")) {
            sb.append("  ").append(what).append(": ").append(doc.get("summary").asText()).append('\n');
        }
    }

    private static String text(JsonNode n, String... names) {
        for (String name : names) {
            if (n.hasNonNull(name)) {
                return n.get(name).isTextual() ? n.get(name).asText() : n.get(name).toString();
            }
        }
        return "?";
    }

    private static double pct(long done, long total) {
        return total <= 0 ? 100.0 : 100.0 * done / total;
    }

    private static String bar(long done, long total) {
        int filled = (int) Math.round(BAR * Math.min(1.0, pct(done, total) / 100.0));
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
    }
}
