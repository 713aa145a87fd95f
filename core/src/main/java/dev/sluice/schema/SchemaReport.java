package dev.sluice.schema;

import dev.sluice.state.TaskItem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The schema report of one source database, stored with the task ({@code SCHEMA#REPORT#<db>}): where it went,
 * what was created (counts per kind) or skipped, every conversion (object, before, after, why) and every problem
 * a DBA must look at. {@link #toTable} prints reports for {@code sluice status}.
 */
public record SchemaReport(String database, String destinationDatabase, String source, String destination,
                           Map<String, Integer> created, List<String> skipped, List<SchemaChange> changes,
                           List<SchemaChange> problems, boolean finished) {

    /** Sort key of a database's report in the state table. */
    public static String sortKey(String sourceDatabase) {
        return TaskItem.SCHEMA_REPORT.sk(sourceDatabase);
    }

    /** This report with more created objects, skips, changes and problems (duplicates dropped). */
    public SchemaReport merge(Map<String, Integer> moreCreated, List<String> moreSkipped, List<SchemaChange> moreChanges,
                              List<SchemaChange> moreProblems, boolean nowFinished) {
        Map<String, Integer> c = new TreeMap<>(created == null ? Map.of() : created);
        moreCreated.forEach((k, v) -> c.merge(k, v, Integer::sum));
        return new SchemaReport(database, destinationDatabase, source, destination, c,
                union(skipped, moreSkipped), union(changes, moreChanges), union(problems, moreProblems),
                finished || nowFinished);
    }

    private static <T> List<T> union(List<T> a, List<T> b) {
        LinkedHashSet<T> s = new LinkedHashSet<>(a == null ? List.of() : a);
        s.addAll(b);
        return new ArrayList<>(s);
    }

    /** One line: {@code shop -> shop_v2 (MySQL 5.7.22 -> MySQL 8.0.31): 16 tables, 7 views, ...}. */
    public String summary() {
        StringBuilder sb = new StringBuilder(database);
        if (!database.equals(destinationDatabase)) {
            sb.append(" -> ").append(destinationDatabase);
        }
        sb.append(" (").append(source).append(" -> ").append(destination).append("): ");
        List<String> parts = new ArrayList<>();
        (created == null ? Map.<String, Integer>of() : created).forEach((k, v) -> parts.add(v + " " + plural(k, v)));
        sb.append(parts.isEmpty() ? "nothing created" : String.join(", ", parts) + " created");
        if (skipped != null && !skipped.isEmpty()) {
            sb.append(", ").append(skipped.size()).append(" skipped (already on the destination)");
        }
        sb.append(finished ? "; finished" : "; indexes/foreign keys/triggers pending until after the full copy");
        sb.append("; ").append(changes == null ? 0 : changes.size()).append(" conversion(s), ")
                .append(problems == null ? 0 : problems.size()).append(" problem(s)");
        return sb.toString();
    }

    private static String plural(String kind, int n) {
        if (n == 1) {
            return kind;
        }
        return kind.endsWith("x") ? kind + "es" : kind + "s";
    }

    /** The printable report of several databases: a summary line each, then conversions and problems as tables. */
    public static String toTable(List<SchemaReport> reports) {
        StringBuilder sb = new StringBuilder();
        if (reports.isEmpty()) {
            return "Schema: no report yet (the schema phase has not run)\n";
        }
        sb.append("Schema\n");
        for (SchemaReport r : reports) {
            sb.append("  ").append(r.summary()).append('\n');
        }
        List<String[]> rows = new ArrayList<>();
        List<String[]> problemRows = new ArrayList<>();
        for (SchemaReport r : reports) {
            for (SchemaChange c : r.changes() == null ? List.<SchemaChange>of() : r.changes()) {
                rows.add(new String[] {c.object(), c.before(), c.after(), c.why()});
            }
            for (SchemaChange c : r.problems() == null ? List.<SchemaChange>of() : r.problems()) {
                problemRows.add(new String[] {c.object(), c.before(), c.after(), c.why()});
            }
            for (String s : r.skipped() == null ? List.<String>of() : r.skipped()) {
                rows.add(new String[] {s, "exists on the destination", "left as is", "options.existing_objects: skip"});
            }
        }
        if (!rows.isEmpty()) {
            sb.append("\nConversions (what was created differently from the source, and why)\n");
            table(sb, rows);
        }
        if (!problemRows.isEmpty()) {
            sb.append("\nProblems (need a DBA's look)\n");
            table(sb, problemRows);
        }
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<String[]> rows) {
        String[] head = {"OBJECT", "BEFORE", "AFTER", "WHY"};
        int[] max = {48, 40, 40, 0};
        int[] w = new int[3];
        for (int i = 0; i < 3; i++) {
            w[i] = head[i].length();
            for (String[] r : rows) {
                w[i] = Math.min(max[i], Math.max(w[i], oneLine(r[i]).length()));
            }
        }
        line(sb, head, w);
        for (String[] r : rows) {
            line(sb, r, w);
        }
    }

    private static void line(StringBuilder sb, String[] r, int[] w) {
        sb.append("  ");
        for (int i = 0; i < 3; i++) {
            sb.append(pad(cut(oneLine(r[i]), w[i]), w[i])).append("  ");
        }
        sb.append(oneLine(r[3])).append('\n');
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }

    private static String cut(String s, int w) {
        return s.length() <= w ? s : s.substring(0, Math.max(0, w - 3)) + "...";
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    /** Kind label used in {@link #created()} ({@code table}, {@code view}, {@code index} ...). */
    public static String kindKey(ObjectKind kind) {
        return kind.label().toLowerCase(Locale.ROOT);
    }
}
